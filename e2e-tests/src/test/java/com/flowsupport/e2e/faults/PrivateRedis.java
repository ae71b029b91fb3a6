package com.flowsupport.e2e.faults;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A {@code redis-server} of the fault suite's own on a free port, keeping nothing on disk
 * (as the platform's Redis is assumed to), which the suite may kill and start again
 * empty. The binary is {@code FLOWSUPPORT_REDIS_SERVER}, else {@code redis-server} from
 * the PATH.
 */
final class PrivateRedis {

	private final int port;

	private Process process;

	private PrivateRedis(int port) {
		this.port = port;
	}

	static PrivateRedis start(int port) {
		PrivateRedis redis = new PrivateRedis(port);
		redis.start();
		Runtime.getRuntime().addShutdownHook(new Thread(redis::kill, "stop-fault-redis"));
		return redis;
	}

	String url() {
		return "redis://127.0.0.1:" + this.port;
	}

	/** Kills the server with SIGKILL: every key, stream and consumer group is gone. */
	void kill() {
		this.process.destroyForcibly();
		try {
			this.process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Stops the server as an operator's restart does (SIGTERM). With nothing saved to
	 * disk it too comes back empty.
	 */
	void stop() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				throw new IllegalStateException("redis-server did not stop on SIGTERM");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts the server, empty, and waits until it answers. */
	void start() {
		String binary = System.getenv().getOrDefault("FLOWSUPPORT_REDIS_SERVER", "redis-server");
		try {
			this.process = new ProcessBuilder(binary, "--port", Integer.toString(this.port), "--bind", "127.0.0.1",
					"--save", "", "--appendonly", "no")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.DISCARD)
				.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("The fault suite starts a Redis of its own and needs " + binary
					+ " (e.g. apt-get install redis-server, or set FLOWSUPPORT_REDIS_SERVER)", ex);
		}
		Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
		while (!answersPing()) {
			if (!this.process.isAlive() || Instant.now().isAfter(deadline)) {
				throw new IllegalStateException("redis-server did not start on port " + this.port);
			}
			Faults.pause(Duration.ofMillis(100));
		}
	}

	/**
	 * Runs one command and returns its reply: a string, a number, {@code null} or a list
	 * of replies.
	 */
	Object command(String... arguments) {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			StringBuilder request = new StringBuilder("*" + arguments.length + "\r\n");
			for (String argument : arguments) {
				request.append('$')
					.append(argument.getBytes(StandardCharsets.UTF_8).length)
					.append("\r\n")
					.append(argument)
					.append("\r\n");
			}
			OutputStream out = socket.getOutputStream();
			out.write(request.toString().getBytes(StandardCharsets.UTF_8));
			out.flush();
			return reply(new DataInputStream(new BufferedInputStream(socket.getInputStream())));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Redis on port " + this.port + " did not answer", ex);
		}
	}

	private static Object reply(DataInputStream in) throws IOException {
		char kind = (char) in.readByte();
		String line = line(in);
		return switch (kind) {
			case '+' -> line;
			case ':' -> Long.parseLong(line);
			case '-' -> throw new IllegalStateException("Redis: " + line);
			case '$' -> {
				int length = Integer.parseInt(line);
				if (length < 0) {
					yield null;
				}
				byte[] bytes = new byte[length + 2];
				in.readFully(bytes);
				yield new String(bytes, 0, length, StandardCharsets.UTF_8);
			}
			case '*' -> {
				int size = Integer.parseInt(line);
				List<Object> items = new ArrayList<>();
				for (int i = 0; i < size; i++) {
					items.add(reply(in));
				}
				yield items;
			}
			default -> throw new IllegalStateException("Unexpected Redis reply " + kind + line);
		};
	}

	private static String line(DataInputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int c = in.readByte(); c != '\r'; c = in.readByte()) {
			line.append((char) c);
		}
		in.readByte();
		return line.toString();
	}

	private boolean answersPing() {
		try {
			return "PONG".equals(command("PING"));
		}
		catch (IllegalStateException ex) {
			return false;
		}
	}

}
