package com.flowsupport.gateway;

import java.util.Map;
import java.util.stream.Stream;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ArchitectureRules;

import static org.assertj.core.api.Assertions.assertThat;

class GatewayApplicationTests extends GatewayIntegrationTest {

	@Autowired
	ObservationRegistry observations;

	@Test
	void routesEachSurfaceToTheServiceConfiguredByEnvironment() {
		assertThat(gateway().get("/.well-known/jwks.json").body()).isEqualTo("identity /.well-known/jwks.json");
		assertThat(gateway().get("/api/v1/help/acme/articles").body()).isEqualTo("kb /api/v1/help/acme/articles");
		assertThat(gateway().get("/widget/widget.js").body()).isEqualTo("channel /widget/widget.js");
		assertThat(gateway().post("/webhooks/twilio/sms", Map.of("Body", "hi")).body())
			.isEqualTo("channel /webhooks/twilio/sms");
		assertThat(gateway().withToken(token()).get("/api/v1/kb/articles?limit=5").body())
			.isEqualTo("kb /api/v1/kb/articles");
		assertThat(KB.received()).last().satisfies((request) -> assertThat(request.query()).isEqualTo("limit=5"));
	}

	@Test
	void reportsLivenessAndReadinessOnTheManagementPortOnly() {
		ApiClient management = ApiClient.at("http://localhost:" + this.managementPort);
		assertThat(management.get("/actuator/health/liveness").body()).contains("UP");
		assertThat(management.get("/actuator/health/readiness").body()).contains("UP");

		for (String path : new String[] { "/actuator/health", "/actuator/prometheus", "/actuator" }) {
			ApiClient.Response publicPort = gateway().get(path);
			assertThat(publicPort.status()).as(path).isEqualTo(404);
			assertThat(publicPort.contentType()).startsWith("application/problem+json");
		}
	}

	@Test
	void observesRequestsAndServiceCallsButNotEachSecurityFilterOrRedisCommand() {
		Stream<String> observed = Stream
			.of("http.server.requests", "http.client.requests", "spring.security.filterchains",
					"spring.security.authorizations", "lettuce")
			.filter((name) -> !Observation.createNotStarted(name, this.observations).isNoop());

		assertThat(observed).containsExactly("http.server.requests", "http.client.requests");
	}

	@Test
	void servesEachServicesApiDocumentPublicly() {
		ApiClient.Response response = gateway().get("/v3/api-docs/ticket");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("info").get("title").asString()).isEqualTo("ticket");
		assertThat(TICKET.received()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/v3/api-docs"));
	}

	@Test
	void servesTheCombinedDocsPageListingEveryService() {
		ApiClient.Response page = gateway().get("/swagger-ui.html");
		assertThat(page.status()).isBetween(300, 399);

		ApiClient.Response ui = gateway().get(page.header("Location").replaceFirst("^https?://[^/]+", ""));
		assertThat(ui.status()).isEqualTo(200);
		assertThat(ui.body()).contains("swagger-ui");

		JsonNode config = gateway().get("/v3/api-docs/gateway/swagger-config").json();
		assertThat(config.get("urls").valueStream().map((url) -> url.get("url").asString())).containsExactlyInAnyOrder(
				"/v3/api-docs/identity", "/v3/api-docs/ticket", "/v3/api-docs/kb", "/v3/api-docs/ai-rag",
				"/v3/api-docs/channel");
	}

	@Test
	void dependsOnNoOtherService() {
		ArchitectureRules.serviceDependsOnNoOtherService("com.flowsupport.gateway")
			.check(ArchitectureRules.importProduction());
	}

}
