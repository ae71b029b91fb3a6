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
 * when it exits; each service's log is in {@code e2e-tests/target/e2e-logs/}. The fault
 * suite starts its own on servers it may stop, and kills and restarts services.
 * channel-service talks to {@link #providers() a stand-in} for Twilio's and Meta's APIs,
 * never to the real ones.
 */
public final class RunningPlatform {

	public static final String ISSUER = "https://identity.flowsupport.e2e";

	static final String OPERATOR_EMAIL = "ops@flowsupport.e2e";

	static final String OPERATOR_PASSWORD = "operator passphrase e2e";

	public static final String SERVICE_SECRET = "e2e-service-secret";

	/** The gateway's per-tenant budget in these tests (standard plan, per minute). */
	public static final int TENANT_REQUESTS_PER_MINUTE = 40;

	/**
	 * The gateway's per-address budget for starting widget sessions. The gateway trusts
	 * {@code X-Forwarded-For} from 127.0.0.1 (as from a load balancer), so a test can
	 * stand for clients at addresses of its own.
	 */
	public static final int WIDGET_SESSIONS_PER_MINUTE = 10;

	private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(240);

	private static RunningPlatform instance;

	private final Map<String, Service> services = new LinkedHashMap<>();

	private final String masterKey;

	private final Set<Integer> handedOut = new HashSet<>();

	private final Infrastructure infrastructure;

	private final Map<String, List<String>> arguments;

	private final ProviderStandIn providers = ProviderStandIn.start();

	private RunningPlatform(Infrastructure infrastructure, Map<String, List<String>> arguments) {
		this.infrastructure = infrastructure;
		this.arguments = arguments;
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		this.masterKey = Base64.getEncoder().encodeToString(key);
		for (String name : List.of("identity-service", "ticket-service", "kb-service", "ai-rag-service",
				"channel-service", "gateway-service")) {
			this.services.put(name, new Service(name, freePort(), freePort()));
		}
		Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "stop-e2e-platform"));
		try {
			this.services.values().forEach(this::start);
			this.services.values().forEach(this::awaitReady);
		}
		catch (RuntimeException ex) {
			// Else the next test class's attempt would start a second set beside these.
			stop();
			throw ex;
		}
	}

	public static synchronized RunningPlatform get() {
		if (instance == null) {
			TestInfrastructure shared = TestInfrastructure.get();
			instance = new RunningPlatform(new Infrastructure(shared.jdbcUrl(), shared.adminUser(),
					shared.adminPassword(), shared.redisUrl(), shared.keyPrefix() + "e2e:"), Map.of());
		}
		return instance;
	}

	/**
	 * A platform of its own on the given servers, stopped when the JVM exits.
	 * @param arguments per service, arguments that replace the defaults of the same name
	 * or add to them
	 */
	public static RunningPlatform start(Infrastructure infrastructure, Map<String, List<String>> arguments) {
		return new RunningPlatform(infrastructure, arguments);
	}

	/** Ends a service with SIGKILL, as a crash or the OOM killer would. */
	public void kill(String service) {
		Process process = this.services.get(service).process;
		process.destroyForcibly();
		try {
			process.waitFor();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Starts a service again on its ports and waits until it is ready. */
	public void restart(String service) {
		start(this.services.get(service));
		awaitReady(this.services.get(service));
	}

	public ApiClient gateway() {
		return ApiClient.at(gatewayUrl());
	}

	/** Where clients, and providers calling webhooks, reach the platform. */
	public String gatewayUrl() {
		return url("gateway-service");
	}

	/**
	 * A service's own public port, bypassing the gateway, as an attacker inside the
	 * network would.
	 */
	public ApiClient direct(String service) {
		return ApiClient.at(url(service));
	}

	/** A service's own public base URL. */
	public String url(String service) {
		return "http://127.0.0.1:" + this.services.get(service).port();
	}

	/** A service's actuator base URL. */
	public String managementUrl(String service) {
		return "http://127.0.0.1:" + this.services.get(service).managementPort() + "/actuator";
	}

	/** The services behind the gateway, by name. */
	public List<String> backendServices() {
		return this.services.keySet().stream().filter((name) -> !name.equals("gateway-service")).toList();
	}

	public String masterKey() {
		return this.masterKey;
	}

	/** What channel-service asked of Twilio's and Meta's APIs. */
	public ProviderStandIn providers() {
		return this.providers;
	}

	private void start(Service service) {
		Path root = Path.of(System.getProperty("flowsupport.root", ".."));
		String version = System.getProperty("flowsupport.version", "0.1.0-SNAPSHOT");
		Path jar = root.resolve(service.name()).resolve("target").resolve(service.name() + "-" + version + ".jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
		}
		Infrastructure infrastructure = this.infrastructure;
		String identity = "http://127.0.0.1:" + this.services.get("identity-service").port();
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
						"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString(),
						"--server.port=" + service.port(), "--management.server.port=" + service.managementPort(),
						"--spring.data.redis.url=" + infrastructure.redisUrl(),
						"--flowsupport.redis.key-prefix=" + infrastructure.keyPrefix(),
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
			// Every e2e request comes from 127.0.0.1: the sign-in surface's
			// per-address budget is raised, X-Forwarded-For from there is
			// believed (a test may stand for clients of its own), and a small
			// per-tenant budget keeps the rate-limit cases quick. Redis on a
			// busy machine may be slower than the production timeout allows;
			// the limits must be counted, not waived.
			command
				.addAll(List.of("--flowsupport.gateway.rate-limit.surfaces.auth.requests=100000",
						"--flowsupport.gateway.rate-limit.plans.standard.requests=" + TENANT_REQUESTS_PER_MINUTE,
						"--flowsupport.gateway.rate-limit.surfaces.widget-sessions.requests="
								+ WIDGET_SESSIONS_PER_MINUTE,
						"--flowsupport.gateway.trusted-proxies=127.0.0.1/32",
						"--flowsupport.gateway.rate-limit.redis-timeout=2s"));
		}
		if (service.name().equals("identity-service")) {
			command.addAll(List.of("--flowsupport.identity.platform-admin.email=" + OPERATOR_EMAIL,
					"--flowsupport.identity.platform-admin.password=" + OPERATOR_PASSWORD,
					"--flowsupport.identity.service-clients.ticket-service=" + SERVICE_SECRET,
					"--flowsupport.identity.service-clients.ai-rag-service=" + SERVICE_SECRET,
					"--flowsupport.identity.service-clients.channel-service=" + SERVICE_SECRET));
		}
		if (service.name().equals("channel-service")) {
			// Twilio signs the URL it was given: the gateway's.
			command.addAll(List.of("--flowsupport.channel.public-base-url=" + gatewayUrl(),
					"--flowsupport.channel.twilio-api-url=" + this.providers.url() + "/twilio",
					"--flowsupport.channel.meta-graph-url=" + this.providers.url() + "/meta/v21.0"));
		}
		for (String argument : this.arguments.getOrDefault(service.name(), List.of())) {
			String name = argument.substring(0, argument.indexOf('=') + 1);
			command.removeIf((existing) -> existing.startsWith(name));
			command.add(argument);
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
				case "channel-service" -> "CHANNEL_SERVICE_URL";
				default -> null;
			};
			if (variable != null) {
				builder.environment().put(variable, "http://127.0.0.1:" + upstream.port());
			}
		}
		File logs = root.resolve("e2e-tests").resolve("target").resolve("e2e-logs").toFile();
		logs.mkdirs();
		// A restarted service adds to its log, after the lines of the run that crashed.
		File log = new File(logs, service.name() + ".log");
		builder.redirectErrorStream(true)
			.redirectOutput((service.process != null) ? ProcessBuilder.Redirect.appendTo(log)
					: ProcessBuilder.Redirect.to(log));
		try {
			service.process = builder.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot start " + service.name(), ex);
		}
	}

	private void awaitReady(Service service) {
		HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
		Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
		while (true) {
			if (!service.process.isAlive()) {
				throw new IllegalStateException(service.name()
						+ " exited during startup; see e2e-tests/target/e2e-logs/" + service.name() + ".log");
			}
			try {
				HttpResponse<String> response = http.send(HttpRequest
					.newBuilder(
							URI.create("http://127.0.0.1:" + service.managementPort() + "/actuator/health/readiness"))
					.build(), HttpResponse.BodyHandlers.ofString());
				if (response.statusCode() == 200 && response.body().contains("UP")) {
					return;
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

	private void stop() {
		this.providers.stop();
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

	/**
	 * The servers the services keep their data in.
	 *
	 * @param jdbcUrl the database, reached by the services' own roles
	 * @param adminUser an administrator, who bootstraps the schemas and roles
	 * @param adminPassword the administrator's password
	 * @param redisUrl Redis
	 * @param keyPrefix the prefix of every Redis key the services write
	 */
	public record Infrastructure(String jdbcUrl, String adminUser, String adminPassword, String redisUrl,
			String keyPrefix) {
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
