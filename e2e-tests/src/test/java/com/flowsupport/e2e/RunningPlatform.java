package com.flowsupport.e2e;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;

/**
 * The packaged services, each in its own JVM as in production, wired to this test run's
 * database and Redis, with the gateway in front. Started once per test JVM and stopped
 * when it exits; each service's log is in {@code e2e-tests/target/e2e-logs/}.
 */
final class RunningPlatform {

	static final String ISSUER = "https://identity.flowsupport.e2e";

	static final String OPERATOR_EMAIL = "ops@flowsupport.e2e";

	static final String OPERATOR_PASSWORD = "operator passphrase e2e";

	static final String SERVICE_SECRET = "e2e-service-secret";

	/** The gateway's per-tenant budget in these tests (standard plan, per minute). */
	static final int TENANT_REQUESTS_PER_MINUTE = 40;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);

	private static RunningPlatform instance;

	private final Map<String, Service> services = new LinkedHashMap<>();

	private final String masterKey;

	private final Set<Integer> handedOut = new HashSet<>();

	private RunningPlatform() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.masterKey = Base64.getEncoder().encodeToString(key);
		for (String name : List.of("identity-service", "ticket-service", "kb-service", "ai-rag-service",
				"gateway-service")) {
			this.services.put(name, new Service(name, freePort(), freePort()));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-e2e-platform"));
		this.services.values().forEach(this::start);
		awaitReady();
	}

	static synchronized RunningPlatform get() {
		if (instance == null) {
			instance = new RunningPlatform();
		}
		return instance;
	}

	ApiClient gateway() {
		return ApiClient.at("http://127.0.0.1:" + this.services.get("gateway-service").port());
	}

	/**
	 * A service's own public port, bypassing the gateway, as an attacker inside the
	 * network would.
	 */
	ApiClient direct(String service) {
		return ApiClient.at("http://127.0.0.1:" + this.services.get(service).port());
	}

	String masterKey() {
		return this.masterKey;
	}

	private void start(Service service) {
		Path root = Path.of(System.getProperty("flowsupport.root", ".."));
		String version = System.getProperty("flowsupport.version", "0.1.0-SNAPSHOT");
		Path jar = root.resolve(service.name()).resolve("target").resolve(service.name() + "-" + version + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
		}
		TestInfrastructure infrastructure = TestInfrastructure.get();
		String identity = "http://127.0.0.1:" + this.services.get("identity-service").port();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
						"--server.port=" + service.port(), "--management.server.port=" + service.managementPort(),
						"--spring.data.redis.url=" + infrastructure.redisUrl(),
						"--flowsupport.redis.key-prefix=" + infrastructure.keyPrefix() + "e2e:",
						"--flowsupport.security.jwt.jwk-set-uri=" + identity + "/.well-known/jwks.json",
						"--flowsupport.security.jwt.issuer=" + ISSUER));
		if (!service.name().equals("gateway-service")) {
			command.addAll(List.of("--spring.datasource.url=" + infrastructure.jdbcUrl(),
					"--flowsupport.db.bootstrap.enabled=true",
					"--flowsupport.db.bootstrap.admin-url=" + infrastructure.jdbcUrl(),
					"--flowsupport.db.bootstrap.admin-username=" + infrastructure.adminUser(),
					"--flowsupport.db.bootstrap.admin-password=" + infrastructure.adminPassword()));
		}
		if (service.name().equals("gateway-service")) {
			// Every e2e request comes from 127.0.0.1, so the per-address budget of the
			// sign-in surface
			// is raised; a small per-tenant budget keeps the rate-limit journey quick.
			command.addAll(List.of("--flowsupport.gateway.rate-limit.surfaces.auth.requests=100000",
					"--flowsupport.gateway.rate-limit.plans.standard.requests=" + TENANT_REQUESTS_PER_MINUTE));
		}
		if (service.name().equals("identity-service")) {
			command.addAll(List.of("--flowsupport.identity.platform-admin.email=" + OPERATOR_EMAIL,
					"--flowsupport.identity.platform-admin.password=" + OPERATOR_PASSWORD,
					"--flowsupport.identity.service-clients.ticket-service=" + SERVICE_SECRET,
					"--flowsupport.identity.service-clients.ai-rag-service=" + SERVICE_SECRET));
		}
		ProcessBuilder builder = new ProcessBuilder(command);
		builder.environment().put("FLOWSUPPORT_CRYPTO_MASTER_KEY", this.masterKey);
		builder.environment().put("FLOWSUPPORT_SERVICE_TOKEN_SECRET", SERVICE_SECRET);
		for (Service upstream : this.services.values()) {
			String variable = switch (upstream.name()) {
				case "identity-service" -> "IDENTITY_SERVICE_URL";
				case "ticket-service" -> "TICKET_SERVICE_URL";
				case "kb-service" -> "KB_SERVICE_URL";
				case "ai-rag-service" -> "AI_RAG_SERVICE_URL";
				default -> null;
			};
			if (variable != null) {
				builder.environment().put(variable, "http://127.0.0.1:" + upstream.port());
			}
		}
		File logs = root.resolve("e2e-tests").resolve("target").resolve("e2e-logs").toFile();
		logs.mkdirs();
		builder.redirectErrorStream(true).redirectOutput(new File(logs, service.name() + ".log"));
		try {
			service.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + service.name(), ex);
		}
	}

	private void awaitReady() {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		for (Service service : this.services.values()) {
			while (true) {
				if (!service.process.isAlive()) {
					throw new IllegalStateException(service.name()
							+ " exited during startup; see e2e-tests/target/e2e-logs/" + service.name() + ".log");
				}
				try {
					HttpResponse<String> response = http.send(HttpRequest
						.newBuilder(URI
							.create("http://127.0.0.1:" + service.managementPort() + "/actuator/health/readiness"))
						.build(), HttpResponse.BodyHandlers.ofString());
					if (response.statusCode() == 200 && response.body().contains("UP")) {
						break;
					}
				}
				catch (IOException ex) {
					// not listening yet
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					throw new IllegalStateException(ex);
				}
				if (Instant.now().isAfter(deadline)) {
					throw new IllegalStateException(service.name() + " not ready after " + STARTUP_TIMEOUT);
				}
				sleep(Duration.ofMillis(500));
			}
		}
	}

	private void stop() {
		this.services.values().forEach((service) -> {
			if (service.process != null) {
				service.process.destroy();
			}
		});
		this.services.values().forEach((service) -> {
			if (service.process != null) {
				try {
					if (!service.process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
						service.process.destroyForcibly();
					}
				}
				catch (InterruptedException ex) {
					service.process.destroyForcibly();
				}
			}
		});
	}

	/**
	 * A port nothing listens on, and not one handed out before: the system may offer a
	 * port it just released again, and two services on one port would answer each other's
	 * health checks.
	 */
	private int freePort() {
		while (true) {
			try (ServerSocket socket = new ServerSocket(0)) {
				if (this.handedOut.add(socket.getLocalPort())) {
					return socket.getLocalPort();
				}
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static final class Service {

		private final String name;

		private final int port;

		private final int managementPort;

		private Process process;

		Service(String name, int port, int managementPort) {
			this.name = name;
			this.port = port;
			this.managementPort = managementPort;
		}

		String name() {
			return this.name;
		}

		int port() {
			return this.port;
		}

		int managementPort() {
			return this.managementPort;
		}

	}

}
