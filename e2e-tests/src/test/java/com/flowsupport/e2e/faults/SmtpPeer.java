package com.flowsupport.e2e.faults;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server a channel sends its replies to, which the fault suite can make
 * misbehave: {@link Mode#STALLED} takes the connection and never says a word,
 * {@link Mode#BUSY} refuses every message with a temporary {@code 451}, {@link Mode#OK}
 * takes mail as a real server does. It remembers every connection and every message it
 * took.
 */
final class SmtpPeer implements AutoCloseable {

	enum Mode {

		OK, STALLED, BUSY

	}

	private final ServerSocket server;

	private final ExecutorService connections = Executors.newVirtualThreadPerTaskExecutor();

	private final Queue<Instant> connected = new ConcurrentLinkedQueue<>();

	private final Queue<String> accepted = new ConcurrentLinkedQueue<>();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger mostOpen = new AtomicInteger();

	private volatile Mode mode;

	private SmtpPeer(ServerSocket server, Mode mode) {
		this.server = server;
		this.mode = mode;
	}

	static SmtpPeer start(Mode mode) {
		try {
			SmtpPeer peer = new SmtpPeer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), mode);
			Thread.ofVirtual().name("smtp-peer").start(peer::accept);
			return peer;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	int port() {
		return this.server.getLocalPort();
	}

	/** How it treats connections from now on (those stalled already stay stalled). */
	void mode(Mode mode) {
		this.mode = mode;
	}

	/** When each connection came, oldest first. */
	List<Instant> connections() {
		return List.copyOf(this.connected);
	}

	/** The messages taken, each as its raw text. */
	List<String> accepted() {
		return List.copyOf(this.accepted);
	}

	/** The most connections that were open at once. */
	int mostOpenAtOnce() {
		return this.mostOpen.get();
	}

	@Override
	public void close() {
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closing a stand-in; nothing to tell.
		}
		this.connections.shutdownNow();
	}

	private void accept() {
		while (!this.server.isClosed()) {
			try {
				Socket socket = this.server.accept();
				this.connected.add(Instant.now());
				this.mostOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
				this.connections.execute(() -> converse(socket));
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void converse(Socket socket) {
		try (socket) {
			if (this.mode == Mode.STALLED) {
				// Holds the connection without a greeting until the client gives up.
				while (socket.getInputStream().read() != -1) {
					// Whatever it says goes unanswered.
				}
				return;
			}
			BufferedReader in = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			OutputStream out = socket.getOutputStream();
			say(out, "220 peer.faults.test ESMTP");
			for (String line = in.readLine(); line != null; line = in.readLine()) {
				String command = line.toUpperCase(Locale.ROOT);
				if (command.startsWith("EHLO") || command.startsWith("HELO")) {
					say(out, "250 peer.faults.test");
				}
				else if (command.startsWith("MAIL FROM")) {
					say(out, (this.mode == Mode.BUSY) ? "451 4.3.0 Try again later" : "250 OK");
				}
				else if (command.startsWith("RCPT TO")) {
					say(out, "250 OK");
				}
				else if (command.equals("DATA")) {
					say(out, "354 End data with <CR><LF>.<CR><LF>");
					StringBuilder message = new StringBuilder();
					for (String data = in.readLine(); data != null && !data.equals("."); data = in.readLine()) {
						message.append(data).append('\n');
					}
					this.accepted.add(message.toString());
					say(out, "250 OK queued");
				}
				else if (command.equals("QUIT")) {
					say(out, "221 Bye");
					return;
				}
				else {
					say(out, "250 OK");
				}
			}
		}
		catch (IOException ex) {
			// The client hung up.
		}
		finally {
			this.open.decrementAndGet();
		}
	}

	private static void say(OutputStream out, String line) throws IOException {
		out.write((line + "\r\n").getBytes(StandardCharsets.US_ASCII));
		out.flush();
	}

}
