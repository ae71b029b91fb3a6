package com.flowsupport.e2e.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/** How the attack cases call the API and what they demand of its answers. */
final class Probes {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** What a server must never show a client: its insides. */
	private static final List<String> LEAKS = List.of("SQLState", "PSQLException", "org.postgresql", "syntax error at",
			"java.lang", "Exception:", "\tat ", "org.springframework", "relation \"", "stackTrace", "trace\":\"");

	private Probes() {
	}

	/**
	 * @param method HTTP method
	 * @param path path and query
	 * @param body JSON body, or none
	 */
	record Call(String method, String path, @Nullable Object body) {

		static Call get(String path) {
			return new Call("GET", path, null);
		}

		static Call post(String path, Object body) {
			return new Call("POST", path, body);
		}

		static Call patch(String path, Object body) {
			return new Call("PATCH", path, body);
		}

		static Call put(String path, @Nullable Object body) {
			return new Call("PUT", path, body);
		}

		static Call delete(String path) {
			return new Call("DELETE", path, null);
		}

		ApiClient.Response send(ApiClient client) {
			return (this.body != null)
					? client.send(this.method, this.path, JSON.writeValueAsString(this.body), "application/json")
					: client.send(this.method, this.path, null, null);
		}

		@Override
		public String toString() {
			return this.method + " " + this.path;
		}

	}

	/** A created resource's id; fails the test with the server's answer otherwise. */
	static String create(ApiClient client, String path, Map<String, ?> body) {
		return createJson(client, path, body).get("id").asString();
	}

	/** A created resource as the server answered it. */
	static JsonNode createJson(ApiClient client, String path, Map<String, ?> body) {
		ApiClient.Response response = client.post(path, body);
		assertThat(response.status()).as("POST " + path + ": " + response.body()).isEqualTo(201);
		return response.json();
	}

	/**
	 * An RFC 9457 problem with one of {@code statuses}, and nothing of the server inside.
	 */
	static void assertProblem(ApiClient.Response response, String what, Integer... statuses) {
		assertThat(response.status()).as(what + " → " + response.body()).isIn((Object[]) statuses);
		assertThat(response.contentType()).as(what).startsWith("application/problem+json");
		assertNoLeak(response, what);
	}

	/**
	 * Neither a server error nor a stack trace, SQL error or class name in the answer.
	 */
	static void assertNoLeak(ApiClient.Response response, String what) {
		assertThat(response.status()).as(what + " → " + response.body()).isLessThan(500);
		assertThat(leaks(response)).as(what + " shows the server's insides: " + response.body()).isFalse();
	}

	/** Whether the answer shows a stack trace, an SQL error or a class name. */
	static boolean leaks(ApiClient.Response response) {
		return LEAKS.stream().anyMatch(response.body()::contains);
	}

	/** {@code text} as it appears inside a JSON string. */
	static String inJson(String text) {
		String quoted = JSON.writeValueAsString(text);
		return quoted.substring(1, quoted.length() - 1);
	}

	/**
	 * Status line and body of a request that declares a {@code Content-Length} of
	 * {@code declaredBytes} but sends only its headers: what a server that checks the
	 * declared size before reading answers, without the test uploading megabytes into a
	 * connection the server is closing.
	 */
	static DeclaredResponse declaringSize(String baseUrl, String path, String contentType, long declaredBytes,
			Map<String, String> headers) {
		URI base = URI.create(baseUrl);
		try (Socket socket = new Socket(base.getHost(), base.getPort())) {
			socket.setSoTimeout(30_000);
			StringBuilder request = new StringBuilder(
					"POST " + path + " HTTP/1.1\r\nHost: " + base.getAuthority() + "\r\nContent-Type: " + contentType
							+ "\r\nContent-Length: " + declaredBytes + "\r\nConnection: close\r\n");
			headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
			OutputStream out = socket.getOutputStream();
			out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			int status = Integer.parseInt(answer.substring(9, 12));
			String head = answer.substring(0, Math.max(answer.indexOf("\r\n\r\n"), 0));
			return new DeclaredResponse(status, head, answer.substring(head.length()).strip());
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * @param status HTTP status
	 * @param head status line and headers
	 * @param body what followed them (chunk sizes included, if chunked)
	 */
	record DeclaredResponse(int status, String head, String body) {
	}

	/** The ids of a list answer ({@code items}, or a bare array). */
	static List<String> ids(ApiClient.Response response) {
		JsonNode json = response.json();
		JsonNode items = json.isArray() ? json : json.get("items");
		return StreamSupport.stream(items.spliterator(), false).map((item) -> item.get("id").asString()).toList();
	}

}
