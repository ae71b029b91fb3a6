package com.flowsupport.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Twilio's and Meta's APIs as channel-service sees them in these tests: every call is
 * recorded and answered as the provider accepts a message (a Twilio message SID, a Meta
 * message id), so nothing ever leaves the machine.
 */
public final class ProviderStandIn {

	private final HttpServer server;

	private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

	private final AtomicBoolean stopped = new AtomicBoolean();

	private ProviderStandIn(HttpServer server) {
		this.server = server;
	}

	static ProviderStandIn start() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			ProviderStandIn standIn = new ProviderStandIn(server);
			server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
			server.createContext("/", standIn::handle);
			server.start();
			return standIn;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	String url() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	/** Every call so far, oldest first. */
	public List<Call> calls() {
		return List.copyOf(this.calls);
	}

	void stop() {
		if (this.stopped.compareAndSet(false, true)) {
			this.server.stop(0);
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body;
		try (InputStream in = exchange.getRequestBody()) {
			body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		this.calls.add(new Call(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), body));
		String id = UUID.randomUUID().toString().replace("-", "");
		byte[] answer = ("{\"sid\":\"SM" + id + "\",\"status\":\"queued\",\"messages\":[{\"id\":\"wamid." + id
				+ "\"}]}")
			.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(exchange.getRequestMethod().equals("POST") ? 201 : 200, answer.length);
		exchange.getResponseBody().write(answer);
		exchange.close();
	}

	/**
	 * @param method HTTP method
	 * @param path request path
	 * @param body request body
	 */
	public record Call(String method, String path, String body) {
	}

}
