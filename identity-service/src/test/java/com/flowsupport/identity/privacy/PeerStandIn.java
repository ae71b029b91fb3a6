package com.flowsupport.identity.privacy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Another service's privacy endpoint, as identity's privacy jobs see it: it records what
 * it is asked, answers with canned sections, and can be made to fail for a number of
 * calls, as a service in an outage does.
 */
public final class PeerStandIn {

	/** A request the stand-in received. */
	public record Call(String method, String path, String authorization, String body) {
	}

	private final HttpServer server;

	private final List<Call> calls = new CopyOnWriteArrayList<>();

	private final Map<String, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();

	private PeerStandIn(HttpServer server) {
		this.server = server;
	}

	public static PeerStandIn start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			PeerStandIn peer = new PeerStandIn(server);
			server.createContext("/", peer::answer);
			server.start();
			return peer;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/**
	 * The next {@code count} calls to a path ending with {@code pathSuffix} answer 503.
	 */
	public void failNext(String pathSuffix, int count) {
		this.failuresLeft.put(pathSuffix, new AtomicInteger(count));
	}

	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	private void answer(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String path = exchange.getRequestURI().getPath();
		this.calls.add(new Call(exchange.getRequestMethod(), path,
				String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")), body));
		boolean failing = this.failuresLeft.entrySet()
			.stream()
			.anyMatch((failure) -> path.endsWith(failure.getKey())
					&& failure.getValue().getAndUpdate((left) -> Math.max(0, left - 1)) > 0);
		if (failing) {
			respond(exchange, 503, "{\"title\":\"Service Unavailable\",\"status\":503}");
			return;
		}
		if (path.endsWith("/export")) {
			respond(exchange, 200,
					"""
							{"service":"ticket-service","sections":{"tickets":{"tickets":[{"id":"t-1","subject":"My printer"}]}}}""");
		}
		else if (path.endsWith("/erasure")) {
			respond(exchange, 200, """
					{"service":"ticket-service","erased":{"tickets":{"tickets":1,"comments":2}}}""");
		}
		else if (path.endsWith("/processing-records")) {
			respond(exchange, 200,
					"""
							{"service":"ticket-service","records":[{"activity":"support tickets","purposes":["support"],
							"dataCategories":["comments"],"dataSubjects":["customers"],"retention":"forever","recipients":[]}]}""");
		}
		else {
			respond(exchange, 404, "{\"status\":404}");
		}
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		exchange.getResponseBody().write(bytes);
		exchange.close();
	}

}
