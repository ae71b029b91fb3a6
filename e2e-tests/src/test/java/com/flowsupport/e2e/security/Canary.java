package com.flowsupport.e2e.security;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local port that counts every connection made to it: the target of the SSRF cases. A
 * URL pointing here that a service fetched, or a host and port it connected to, shows up
 * as a connection; none means no request was made.
 */
final class Canary implements AutoCloseable {

	private final ServerSocket socket;

	private final AtomicInteger connections = new AtomicInteger();

	private Canary(ServerSocket socket) {
		this.socket = socket;
		Thread.ofVirtual().name("ssrf-canary").start(this::accept);
	}

	static Canary open() {
		try {
			return new Canary(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.socket.getLocalPort();
	}

	/** An http URL on the canary, under {@code path}. */
	String url(String path) {
		return "http://127.0.0.1:" + port() + path;
	}

	int connections() {
		return this.connections.get();
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try (Socket connection = this.socket.accept()) {
				this.connections.incrementAndGet();
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	@Override
	public void close() {
		try {
			this.socket.close();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
