/*
 * A small HTTP/1.1 load generator for the gateway benchmark (JDK only).
 *
 *   java LoadGen.java fixed <url> <requests-per-second> <seconds> <connections> [Header: value]...
 *   java LoadGen.java max   <url> <seconds> <connections> [Header: value]...
 *
 * fixed: an open-loop schedule: request i is due at start + i / rate, whatever happened to
 * earlier ones. Its latency is measured from when it was due, not from when a connection
 * got round to sending it, so a stall shows up in every request it delayed (no coordinated
 * omission). Keep-alive connections, each on its own thread, take the next due request.
 * max: every connection sends its next request as soon as the previous answer is in;
 * reports the throughput.
 *
 * Prints one JSON line: counts, throughput and latency percentiles in microseconds.
 */

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

public class LoadGen {

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		URI url = URI.create(args[1]);
		boolean fixed = mode.equals("fixed");
		int rate = fixed ? Integer.parseInt(args[2]) : 0;
		int seconds = Integer.parseInt(args[fixed ? 3 : 2]);
		int connections = Integer.parseInt(args[fixed ? 4 : 3]);
		StringBuilder request = new StringBuilder("GET " + url.getRawPath()
				+ ((url.getRawQuery() != null) ? "?" + url.getRawQuery() : "") + " HTTP/1.1\r\nHost: " + url.getHost()
				+ ":" + url.getPort() + "\r\nUser-Agent: flowsupport-bench\r\n");
		for (int i = fixed ? 5 : 4; i < args.length; i++) {
			request.append(args[i]).append("\r\n");
		}
		request.append("\r\n");
		byte[] bytes = request.toString().getBytes(StandardCharsets.US_ASCII);
		InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort());
		Result result = fixed ? fixedRate(address, bytes, rate, seconds, connections)
				: closedLoop(address, bytes, seconds, connections);
		System.out.println(result.json(mode, rate, connections));
	}

	static Result fixedRate(InetSocketAddress address, byte[] request, int rate, int seconds, int connections)
			throws InterruptedException {
		int total = rate * seconds;
		long[] latencies = new long[total];
		Arrays.fill(latencies, -1);
		AtomicLong next = new AtomicLong();
		Result result = new Result();
		long start = System.nanoTime() + 50_000_000;
		long interval = 1_000_000_000L / rate;
		CountDownLatch done = new CountDownLatch(connections);
		for (int c = 0; c < connections; c++) {
			Thread.ofPlatform().daemon().start(() -> {
				Connection connection = null;
				try {
					for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
						long due = start + i * interval;
						long wait;
						while ((wait = due - System.nanoTime()) > 0) {
							LockSupport.parkNanos(wait);
						}
						try {
							if (connection == null) {
								connection = new Connection(address);
							}
							int status = connection.exchange(request);
							latencies[(int) i] = System.nanoTime() - due;
							result.count(status);
						}
						catch (IOException ex) {
							result.errors.incrementAndGet();
							connection = close(connection);
						}
					}
				}
				finally {
					close(connection);
					done.countDown();
				}
			});
		}
		done.await();
		result.elapsedNanos = System.nanoTime() - start;
		result.latencies = Arrays.stream(latencies).filter((latency) -> latency >= 0).sorted().toArray();
		return result;
	}

	static Result closedLoop(InetSocketAddress address, byte[] request, int seconds, int connections)
			throws InterruptedException {
		long end = System.nanoTime() + seconds * 1_000_000_000L;
		Result result = new Result();
		long[][] perConnection = new long[connections][];
		CountDownLatch done = new CountDownLatch(connections);
		long start = System.nanoTime();
		for (int c = 0; c < connections; c++) {
			int index = c;
			Thread.ofPlatform().daemon().start(() -> {
				long[] latencies = new long[1 << 16];
				int n = 0;
				Connection connection = null;
				try {
					while (System.nanoTime() < end) {
						long sent = System.nanoTime();
						try {
							if (connection == null) {
								connection = new Connection(address);
							}
							int status = connection.exchange(request);
							if (n == latencies.length) {
								latencies = Arrays.copyOf(latencies, n * 2);
							}
							latencies[n++] = System.nanoTime() - sent;
							result.count(status);
						}
						catch (IOException ex) {
							result.errors.incrementAndGet();
							connection = close(connection);
						}
					}
				}
				finally {
					close(connection);
					perConnection[index] = Arrays.copyOf(latencies, n);
					done.countDown();
				}
			});
		}
		done.await();
		result.elapsedNanos = System.nanoTime() - start;
		result.latencies = Arrays.stream(perConnection).flatMapToLong(Arrays::stream).sorted().toArray();
		return result;
	}

	static Connection close(Connection connection) {
		if (connection != null) {
			try {
				connection.socket.close();
			}
			catch (IOException ex) {
				// Already gone.
			}
		}
		return null;
	}

	static final class Connection {

		final Socket socket;

		final InputStream in;

		final OutputStream out;

		Connection(InetSocketAddress address) throws IOException {
			this.socket = new Socket();
			this.socket.setTcpNoDelay(true);
			this.socket.connect(address, 2000);
			this.socket.setSoTimeout(30_000);
			this.in = new BufferedInputStream(this.socket.getInputStream(), 16 * 1024);
			this.out = this.socket.getOutputStream();
		}

		/** Sends the request, reads the whole response, returns its status. */
		int exchange(byte[] request) throws IOException {
			this.out.write(request);
			this.out.flush();
			String statusLine = line();
			int status = Integer.parseInt(statusLine.substring(9, 12));
			long length = -1;
			boolean chunked = false;
			boolean close = false;
			for (String header = line(); !header.isEmpty(); header = line()) {
				String lower = header.toLowerCase(Locale.ROOT);
				if (lower.startsWith("content-length:")) {
					length = Long.parseLong(lower.substring(15).trim());
				}
				else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
					chunked = true;
				}
				else if (lower.startsWith("connection:") && lower.contains("close")) {
					close = true;
				}
			}
			if (chunked) {
				for (int size = Integer.parseInt(line().split(";")[0].trim(), 16); size > 0; size = Integer
					.parseInt(line().split(";")[0].trim(), 16)) {
					this.in.skipNBytes(size);
					line();
				}
				line();
			}
			else if (length > 0) {
				this.in.skipNBytes(length);
			}
			if (close) {
				throw new IOException("server closed the connection");
			}
			return status;
		}

		private String line() throws IOException {
			StringBuilder line = new StringBuilder(64);
			int b;
			while ((b = this.in.read()) != '\n') {
				if (b < 0) {
					throw new IOException("connection closed");
				}
				if (b != '\r') {
					line.append((char) b);
				}
			}
			return line.toString();
		}

	}

	static final class Result {

		final AtomicLong ok = new AtomicLong();

		final AtomicLong non2xx = new AtomicLong();

		final AtomicLong errors = new AtomicLong();

		long elapsedNanos;

		long[] latencies = new long[0];

		void count(int status) {
			((status >= 200 && status < 300) ? this.ok : this.non2xx).incrementAndGet();
		}

		long percentileMicros(double p) {
			if (this.latencies.length == 0) {
				return -1;
			}
			int index = (int) Math.min(this.latencies.length - 1, Math.ceil(p / 100 * this.latencies.length) - 1);
			return this.latencies[Math.max(0, index)] / 1000;
		}

		String json(String mode, int rate, int connections) {
			double seconds = this.elapsedNanos / 1e9;
			return String.format(Locale.ROOT,
					"{\"mode\":\"%s\",\"rate\":%d,\"connections\":%d,\"ok\":%d,\"non2xx\":%d,\"errors\":%d,"
							+ "\"throughput\":%.1f,\"p50_us\":%d,\"p90_us\":%d,\"p99_us\":%d,\"p999_us\":%d,\"max_us\":%d}",
					mode, rate, connections, this.ok.get(), this.non2xx.get(), this.errors.get(),
					(this.ok.get() + this.non2xx.get()) / seconds, percentileMicros(50), percentileMicros(90),
					percentileMicros(99), percentileMicros(99.9), percentileMicros(100));
		}

	}

}
