package com.flowsupport.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

/**
 * A stand-in for one service behind the gateway: answers every path and records what it
 * received, so a test can tell whether a request reached it and in what shape.
 * {@code .../slow} answers after 3 s; {@code /v3/api-docs} serves a tiny OpenAPI
 * document.
 */
final class Upstream {

	private final String name;

	private final HttpServer server;

	private final Queue<Received> received = new ConcurrentLinkedQueue<>();

	private Upstream(String name) {
		this.name = name;
		try {
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		this.server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	static Upstream start(String name) {
		return new Upstream(name);
	}

	/** The URL of a port nothing listens on: a service that is down. */
	static String down() {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return "http://127.0.0.1:" + socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	List<Received> received() {
		return List.copyOf(this.received);
	}

	void forget() {
		this.received.clear();
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] requestBody;
		try (InputStream in = exchange.getRequestBody()) {
			requestBody = in.readAllBytes();
		}
		Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		exchange.getRequestHeaders().forEach((key, values) -> headers.put(key, List.copyOf(values)));
		String path = exchange.getRequestURI().getPath();
		this.received.add(new Received(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
				headers, requestBody));
		if (path.endsWith("/slow")) {
			try {
				Thread.sleep(3000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		String contentType = "text/plain";
		String body = this.name + " " + path;
		if (path.equals("/v3/api-docs")) {
			contentType = "application/json";
			body = "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + this.name + "\",\"version\":\"1\"},\"paths\":{}}";
		}
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", contentType);
		exchange.sendResponseHeaders(200, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	/**
	 * One request as the service saw it.
	 */
	record Received(String method, String path, @Nullable String query, Map<String, List<String>> headers,
			byte[] body) {

		@Nullable String header(String name) {
			List<String> values = this.headers.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

		List<String> headerValues(String name) {
			return this.headers.getOrDefault(name, List.of());
		}

	}

}
