package com.flowsupport.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What an operator sees of the running platform: a request that carries a W3C
 * {@code traceparent} through the gateway is continued, under the same trace id, in the
 * log lines of every service it reaches — by HTTP (ticket-service asking identity-service
 * about the requester) and by event (ai-rag-service consuming {@code ticket.created}) —
 * and each service's management port (never the gateway) serves Prometheus metrics of its
 * HTTP server, database pool, Redis client and domain.
 */
class ObservabilityJourneyTest {

	private static final String PASSWORD = "observability passphrase";

	private static final Path LOGS = Path.of(System.getProperty("flowsupport.root", ".."))
		.resolve("e2e-tests/target/e2e-logs");

	private static final SecureRandom RANDOM = new SecureRandom();

	private static RunningPlatform platform;

	private static ApiClient gateway;

	@BeforeAll
	static void platform() {
		platform = RunningPlatform.get();
		gateway = platform.gateway();
	}

	@Test
	void aTraceStartedByTheClientRunsThroughTheGatewayTheServicesTheyCallAndTheEventsTheyPublish() {
		Tenant tenant = Tenant.signup();
		String customer = tenant.admin()
			.post("/api/v1/users",
					Map.of("email", "customer@" + tenant.slug() + ".example.com", "name", "Customer", "role",
							"customer", "password", PASSWORD))
			.json()
			.get("id")
			.asString();
		String traceId = hex(16);
		String traceparent = "00-" + traceId + "-" + hex(8) + "-01";

		// Naming the requester makes ticket-service check with identity-service;
		// the new ticket's event reaches ai-rag-service's autoresponder.
		ApiClient.Response created = tenant.admin()
			.withHeader("traceparent", traceparent)
			.post("/api/v1/tickets", Map.of("subject", "Where is my parcel?", "description",
					"Ordered last week, nothing arrived yet.", "requesterId", customer));
		assertThat(created.status()).as(created.body()).isEqualTo(201);

		await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			for (String service : List.of("gateway-service", "ticket-service", "identity-service", "ai-rag-service")) {
				assertThat(linesWith(service, traceId)).as("%s's log lines of trace %s", service, traceId).isNotEmpty();
			}
		});
		// The services also name the tenant on the request's lines.
		assertThat(linesWith("ticket-service", traceId)).anyMatch((line) -> line.contains(tenant.id()));
		assertThat(linesWith("ai-rag-service", traceId)).anyMatch((line) -> line.contains(tenant.id()));
	}

	@Test
	void everyServiceServesItsHttpPoolRedisAndDomainMetricsOnItsManagementPortOnly() {
		Tenant tenant = Tenant.signup();
		// A request served by each service, so that each has its request metrics; an
		// answer (or an abstention) makes ai-rag-service count one.
		for (String path : List.of("/api/v1/users/me", "/api/v1/tickets/search?q=parcel",
				"/api/v1/kb/search?q=password", "/api/v1/channels")) {
			assertThat(tenant.admin().get(path).status()).as(path).isEqualTo(200);
		}
		assertThat(tenant.admin().post("/api/v1/ai/answer", Map.of("question", "How do I reset my password?")).status())
			.isEqualTo(200);

		for (String service : List.of("gateway-service", "identity-service", "ticket-service", "kb-service",
				"ai-rag-service", "channel-service")) {
			String metrics = scrape(service);
			assertThat(metrics).as(service)
				.contains("http_server_requests_seconds_bucket{")
				.contains("lettuce_command_completion_seconds_count{")
				.contains("jvm_memory_used_bytes{");
			if (!service.equals("gateway-service")) {
				assertThat(metrics).as(service)
					.contains("hikaricp_connections_active{")
					.contains("flowsupport_events_outbox_backlog")
					.contains("flowsupport_events_published_total");
			}
		}
		assertThat(scrape("ticket-service")).contains("flowsupport_ticket_sla_breaches_total{priority=\"urgent\"}");
		assertThat(scrape("channel-service"))
			.contains("flowsupport_channel_deliveries_total{outcome=\"sent\",provider=\"twilio\"}");
		assertThat(scrape("ai-rag-service")).contains("flowsupport_ai_answers_total{")
			.contains("flowsupport_events_consumer_lag{")
			.contains("flowsupport_events_consume_seconds_count{");
		ApiClient.Response throughGateway = gateway.get("/actuator/prometheus");
		assertThat(throughGateway.status()).as("not through the gateway").isIn(401, 404);
		assertThat(throughGateway.body()).doesNotContain("jvm_memory_used_bytes");
	}

	private static List<String> linesWith(String service, String text) {
		try (var lines = Files.lines(LOGS.resolve(service + ".log"))) {
			return lines.filter((line) -> line.contains(text)).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String scrape(String service) {
		try (HttpClient http = HttpClient.newHttpClient()) {
			HttpResponse<String> response = http.send(
					HttpRequest.newBuilder(URI.create(platform.managementUrl(service) + "/prometheus")).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(service).isEqualTo(200);
			return response.body();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static String hex(int bytes) {
		byte[] random = new byte[bytes];
		RANDOM.nextBytes(random);
		return HexFormat.of().formatHex(random);
	}

	private record Tenant(String slug, String id, String accessToken) {

		static Tenant signup() {
			String slug = "obs-" + UUID.randomUUID().toString().substring(0, 8);
			ApiClient.Response response = gateway.post("/api/v1/auth/signup",
					Map.of("tenantName", "Observability " + slug, "tenantSlug", slug, "adminName", "Admin",
							"adminEmail", "admin@" + slug + ".example.com", "adminPassword", PASSWORD));
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			return new Tenant(slug, response.json().get("tenant").get("id").asString(),
					response.json().get("accessToken").asString());
		}

		ApiClient admin() {
			return gateway.withToken(this.accessToken);
		}

	}

}
