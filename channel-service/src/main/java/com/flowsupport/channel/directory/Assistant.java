package com.flowsupport.channel.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.stereotype.Component;

import com.flowsupport.channel.ChannelProperties;
import com.flowsupport.shared.observability.TraceContexts;
import com.flowsupport.shared.security.ServiceTokens;

/**
 * The bot: ai-rag-service's chat conversations, asked as this service for a tenant.
 * {@code POST /api/v1/ai/conversations {channel}} starts one (without a customer, so that
 * ai-rag-service never opens tickets itself: channel-service opens them, with its own
 * threading); {@code POST .../{id}/messages {text}} with
 * {@code Accept: text/event-stream} streams {@code delta} events ({@code {"text": ...}}),
 * then {@code answer} (text, citations, whether it abstained), {@code handoff} when the
 * bot gives the conversation to humans, and {@code done}; {@code error} reports a
 * failure. {@code POST .../{id}/handoff} closes the bot's side when a visitor asks for a
 * human.
 */
@Component
public class Assistant {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(2))
		.build();

	private final String base;

	private final ServiceTokens tokens;

	private final TraceContexts traces;

	Assistant(ChannelProperties properties, ServiceTokens tokens, TraceContexts traces) {
		String url = properties.aiUrl().toString();
		this.base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
		this.tokens = tokens;
		this.traces = traces;
	}

	public record Citation(@Nullable String articleId, String title, @Nullable String url, @Nullable String quote) {
	}

	/**
	 * @param text what the bot says (its apology when it abstained)
	 * @param abstained the bot found no confident answer
	 * @param handoff the bot handed the conversation to humans
	 */
	public record Answer(String text, List<Citation> citations, boolean abstained, boolean handoff,
			@Nullable String reason) {

		/** Whether a human should take over rather than the customer read this. */
		public boolean needsHuman() {
			return this.handoff || this.abstained || this.text.isBlank();
		}

	}

	/**
	 * Starts a bot conversation; returns its id.
	 * @param channel ai-rag-service's channel name: chat, sms, whatsapp or email
	 */
	public String start(UUID tenantId, String channel) {
		HttpResponse<String> response = send(tenantId, "/api/v1/ai/conversations", Map.of("channel", channel),
				"application/json", HttpResponse.BodyHandlers.ofString(), Duration.ofSeconds(10));
		JsonNode created = JSON.readTree(response.body());
		JsonNode id = created.get("id");
		if (id == null || id.isNull()) {
			throw new PeerUnavailableException("ai-rag-service started a conversation without an id", null);
		}
		return id.asString();
	}

	/** Tells the bot a human takes over; best effort, the ticket matters more. */
	public void handOver(UUID tenantId, String conversationId, String reason) {
		send(tenantId, "/api/v1/ai/conversations/" + conversationId + "/handoff", Map.of("reason", reason),
				"application/json", HttpResponse.BodyHandlers.discarding(), Duration.ofSeconds(10));
	}

	/**
	 * Asks the bot; {@code onToken} gets each piece of the answer as it is generated.
	 */
	public Answer ask(UUID tenantId, String conversationId, String question, Consumer<String> onToken) {
		HttpResponse<Stream<String>> response = send(tenantId,
				"/api/v1/ai/conversations/" + conversationId + "/messages", Map.of("text", question),
				"text/event-stream", HttpResponse.BodyHandlers.ofLines(), Duration.ofSeconds(90));
		try (Stream<String> lines = response.body()) {
			JsonNode answer = null;
			JsonNode handoff = null;
			String event = "message";
			StringBuilder data = new StringBuilder();
			Iterator<String> it = lines.iterator();
			while (it.hasNext()) {
				String line = it.next();
				if (line.startsWith("event:")) {
					event = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5).stripLeading());
				}
				else if (line.isEmpty() && !data.isEmpty()) {
					JsonNode payload = JSON.readTree(data.toString());
					switch (event) {
						case "delta" -> {
							JsonNode text = payload.get("text");
							if (text != null && text.isString()) {
								onToken.accept(text.asString());
							}
						}
						case "answer" -> answer = payload;
						case "handoff" -> handoff = payload;
						case "error" -> throw new PeerUnavailableException("ai-rag-service failed: " + payload, null);
						default -> {
						}
					}
					if ("done".equals(event)) {
						break;
					}
					event = "message";
					data.setLength(0);
				}
			}
			if (answer == null && handoff == null) {
				throw new PeerUnavailableException("ai-rag-service ended the stream without an answer", null);
			}
			return answer(answer, handoff != null);
		}
		catch (UncheckedIOException ex) {
			throw new PeerUnavailableException("ai-rag-service's stream broke", ex);
		}
	}

	private static Answer answer(@Nullable JsonNode payload, boolean handoff) {
		if (payload == null) {
			return new Answer("", List.of(), false, handoff, null);
		}
		boolean abstained = payload.path("abstained").asBoolean(false);
		List<Citation> citations = new ArrayList<>();
		for (JsonNode c : payload.path("citations").values()) {
			citations.add(new Citation(textOrNull(c.get("articleId")), c.path("title").asString(""),
					textOrNull(c.get("url")), textOrNull(c.get("quote"))));
		}
		return new Answer(payload.path("answer").asString(""), abstained ? List.of() : citations, abstained, handoff,
				textOrNull(payload.get("reason")));
	}

	private static @Nullable String textOrNull(@Nullable JsonNode node) {
		return (node == null || node.isNull()) ? null : node.asString();
	}

	private <T> HttpResponse<T> send(UUID tenantId, String path, Object body, String accept,
			HttpResponse.BodyHandler<T> handler, Duration timeout) {
		try {
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
				.timeout(timeout)
				.header("Authorization", "Bearer " + this.tokens.token(tenantId))
				.header("Content-Type", "application/json")
				.header("Accept", accept)
				.POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
			// A streamed answer needs the JDK client itself: the trace goes along by
			// hand.
			String traceparent = this.traces.currentTraceparent();
			if (traceparent != null) {
				request.header("traceparent", traceparent);
			}
			HttpResponse<T> response = this.http.send(request.build(), handler);
			if (response.statusCode() / 100 != 2) {
				if (response.body() instanceof Stream<?> stream) {
					stream.close();
				}
				throw new PeerUnavailableException("ai-rag-service answered " + response.statusCode() + " on " + path,
						null);
			}
			return response;
		}
		catch (IOException | ServiceTokens.UnavailableException ex) {
			throw new PeerUnavailableException("ai-rag-service could not be asked", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new PeerUnavailableException("Interrupted while asking ai-rag-service", ex);
		}
	}

}
