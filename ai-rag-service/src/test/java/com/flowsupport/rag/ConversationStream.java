package com.flowsupport.rag;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** A chat message posted for the streamed answer ({@code Accept: text/event-stream}). */
final class ConversationStream {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private ConversationStream() {
	}

	static HttpResponse<String> post(int port, String conversationId, String token, String text)
			throws IOException, InterruptedException {
		return send(port, conversationId, token, text, null);
	}

	/** The same with an {@code Idempotency-Key}. */
	static HttpResponse<String> post(int port, String conversationId, String token, String text, String idempotencyKey)
			throws IOException, InterruptedException {
		return send(port, conversationId, token, text, idempotencyKey);
	}

	private static HttpResponse<String> send(int port, String conversationId, String token, String text,
			@Nullable String idempotencyKey) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(
					URI.create("http://localhost:" + port + "/api/v1/ai/conversations/" + conversationId + "/messages"))
			.header("Authorization", "Bearer " + token)
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream");
		if (idempotencyKey != null) {
			request.header("Idempotency-Key", idempotencyKey);
		}
		return HttpClient.newHttpClient()
			.send(request.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("text", text))))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

}
