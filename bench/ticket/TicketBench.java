import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpServer;

/**
 * Drives ticket-service at fixed request rates and prints latency percentiles per scenario.
 * JDK only. It is also the token issuer: it serves a fresh RSA key as JWKS and signs admin
 * tokens for the seeded tenants, so the service checks real RS256 tokens on every call.
 *
 * Usage: java TicketBench.java <service-url> <jwks-port> <tenants-file> <out-file>
 *
 * The tenants file has one line per tenant: "<tenant-id> <id-of-its-5000th-newest-ticket>".
 * Tunables (system properties): rate.create, rate.list, rate.search (req/s), seconds,
 * warmup.seconds.
 */
public class TicketBench {

	static final String ISSUER = "https://identity.flowsupport.bench";

	static final String[] WORDS = { "refund", "invoice", "password", "delivery", "printer", "subscription",
			"warranty", "firewall", "checkout", "migration", "translation", "webhook", "voucher", "router", "receipt",
			"tracking", "signature", "license", "outage", "timeout" };

	static final String[] TYPOS = { "refnud", "invoise", "pasword", "delivry", "priner", "subscripton", "waranty",
			"firewal", "chekout", "migraton", "translaton", "webhok", "vouchr", "ruter", "reciept", "trackng",
			"signatur", "licence", "outtage", "timout" };

	public static void main(String[] args) throws Exception {
		URI service = URI.create(args[0]);
		int jwksPort = Integer.parseInt(args[1]);
		List<String[]> tenants = Files.readAllLines(Path.of(args[2]))
			.stream()
			.filter((line) -> !line.isBlank())
			.map((line) -> line.trim().split("\\s+"))
			.toList();
		Path out = Path.of(args[3]);
		int createRate = Integer.getInteger("rate.create", 50);
		int listRate = Integer.getInteger("rate.list", 100);
		int searchRate = Integer.getInteger("rate.search", 50);
		int seconds = Integer.getInteger("seconds", 30);
		int warmup = Integer.getInteger("warmup.seconds", 60);

		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		KeyPair key = generator.generateKeyPair();
		HttpServer jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", jwksPort), 0);
		byte[] keys = jwks((RSAPublicKey) key.getPublic()).getBytes(StandardCharsets.UTF_8);
		jwks.createContext("/.well-known/jwks.json", (exchange) -> {
			exchange.getResponseHeaders().add("Content-Type", "application/json");
			exchange.sendResponseHeaders(200, keys.length);
			exchange.getResponseBody().write(keys);
			exchange.close();
		});
		jwks.start();

		String[] tokens = new String[tenants.size()];
		for (int i = 0; i < tokens.length; i++) {
			tokens[i] = token(key, tenants.get(i)[0]);
		}
		HttpClient http = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(5))
			.build();

		Scenario create = new Scenario("create", createRate, () -> {
			int t = ThreadLocalRandom.current().nextInt(tokens.length);
			String word = WORDS[ThreadLocalRandom.current().nextInt(WORDS.length)];
			String body = "{\"subject\":\"Bench " + word + " question\",\"description\":\"Something about my "
					+ word + " does not work since the last update, please help\",\"priority\":\"normal\","
					+ "\"tags\":[\"bench\"]}";
			return request(service, "/api/v1/tickets", tokens[t]).POST(HttpRequest.BodyPublishers.ofString(body))
				.header("Content-Type", "application/json")
				.build();
		});
		Scenario firstPage = new Scenario("list, first page", listRate, () -> {
			int t = ThreadLocalRandom.current().nextInt(tokens.length);
			return request(service, "/api/v1/tickets?limit=25", tokens[t]).GET().build();
		});
		Scenario deepPage = new Scenario("list, page after 5,000 tickets", listRate, () -> {
			int t = ThreadLocalRandom.current().nextInt(tokens.length);
			String cursor = Base64.getUrlEncoder()
				.withoutPadding()
				.encodeToString(("{\"sort\":\"NEWEST\",\"rank\":null,\"at\":null,\"id\":\"" + tenants.get(t)[1] + "\"}")
					.getBytes(StandardCharsets.UTF_8));
			return request(service, "/api/v1/tickets?limit=25&cursor=" + cursor, tokens[t]).GET().build();
		});
		Scenario search = new Scenario("search, free text", searchRate, () -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int t = random.nextInt(tokens.length);
			String q = WORDS[random.nextInt(WORDS.length)] + " " + WORDS[random.nextInt(WORDS.length)];
			return request(service, "/api/v1/tickets/search?q=" + q.replace(" ", "+"), tokens[t]).GET().build();
		});
		Scenario typo = new Scenario("search, typo", searchRate, () -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			int t = random.nextInt(tokens.length);
			return request(service, "/api/v1/tickets/search?q=" + TYPOS[random.nextInt(TYPOS.length)], tokens[t])
				.GET()
				.build();
		});
		List<Scenario> scenarios = List.of(create, firstPage, deepPage, search, typo);

		System.err.println("==> warming up for " + warmup + " s");
		long warmupEnd = System.nanoTime() + warmup * 1_000_000_000L;
		while (System.nanoTime() < warmupEnd) {
			for (Scenario scenario : scenarios) {
				run(http, scenario, 5);
			}
		}
		List<String> lines = new ArrayList<>();
		for (Scenario scenario : scenarios) {
			System.err.println("==> " + scenario.name + " at " + scenario.rate + " req/s for " + seconds + " s");
			Result result = run(http, scenario, seconds);
			String line = result.json(scenario);
			System.out.println(line);
			lines.add(line);
		}
		Files.write(out, lines);
		jwks.stop(0);
	}

	record Scenario(String name, int rate, Supplier<HttpRequest> request) {
	}

	static HttpRequest.Builder request(URI service, String path, String token) {
		return HttpRequest.newBuilder(service.resolve(path))
			.timeout(Duration.ofSeconds(30))
			.header("Authorization", "Bearer " + token);
	}

	/** Open loop: request i is due at start + i/rate, and its latency counts from then. */
	static Result run(HttpClient http, Scenario scenario, int seconds) throws InterruptedException {
		int total = scenario.rate() * seconds;
		long[] latencies = new long[total];
		Arrays.fill(latencies, -1);
		Result result = new Result();
		long interval = 1_000_000_000L / scenario.rate();
		long start = System.nanoTime() + 20_000_000;
		CountDownLatch done = new CountDownLatch(total);
		for (int i = 0; i < total; i++) {
			long due = start + i * interval;
			long wait;
			while ((wait = due - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			int index = i;
			HttpRequest request = scenario.request().get();
			Thread.ofVirtual().start(() -> {
				try {
					HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
					latencies[index] = System.nanoTime() - due;
					result.count(response.statusCode());
				}
				catch (Exception ex) {
					result.errors.incrementAndGet();
				}
				finally {
					done.countDown();
				}
			});
		}
		done.await();
		result.elapsedNanos = System.nanoTime() - start;
		result.latencies = Arrays.stream(latencies).filter((latency) -> latency >= 0).sorted().toArray();
		return result;
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

		double percentileMillis(double p) {
			if (this.latencies.length == 0) {
				return -1;
			}
			int index = (int) Math.min(this.latencies.length - 1, Math.ceil(p / 100 * this.latencies.length) - 1);
			return this.latencies[Math.max(0, index)] / 1e6;
		}

		String json(Scenario scenario) {
			return String.format(Locale.ROOT,
					"{\"scenario\":\"%s\",\"rate\":%d,\"ok\":%d,\"non2xx\":%d,\"errors\":%d,\"p50_ms\":%.2f,"
							+ "\"p95_ms\":%.2f,\"p99_ms\":%.2f,\"max_ms\":%.2f}",
					scenario.name(), scenario.rate(), this.ok.get(), this.non2xx.get(), this.errors.get(),
					percentileMillis(50), percentileMillis(95), percentileMillis(99), percentileMillis(100));
		}

	}

	static String jwks(RSAPublicKey key) {
		return "{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"bench\",\"n\":\""
				+ base64url(unsigned(key.getModulus())) + "\",\"e\":\"" + base64url(unsigned(key.getPublicExponent()))
				+ "\"}]}";
	}

	static String token(KeyPair key, String tenantId) throws Exception {
		long now = Instant.now().getEpochSecond();
		String header = "{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}";
		String claims = "{\"iss\":\"" + ISSUER + "\",\"aud\":[\"flowsupport\"],\"sub\":\"" + UUID.randomUUID()
				+ "\",\"tenant_id\":\"" + tenantId + "\",\"app_role\":\"admin\",\"role\":\"authenticated\","
				+ "\"plan\":\"enterprise\",\"iat\":" + now + ",\"exp\":" + (now + 6 * 3600) + ",\"jti\":\""
				+ UUID.randomUUID() + "\"}";
		String signingInput = base64url(header.getBytes(StandardCharsets.UTF_8)) + "."
				+ base64url(claims.getBytes(StandardCharsets.UTF_8));
		Signature signature = Signature.getInstance("SHA256withRSA");
		signature.initSign(key.getPrivate());
		signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
		return signingInput + "." + base64url(signature.sign());
	}

	static byte[] unsigned(BigInteger value) {
		byte[] bytes = value.toByteArray();
		return (bytes[0] == 0) ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
	}

	static String base64url(byte[] bytes) {
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
