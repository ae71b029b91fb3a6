package com.flowsupport.rag;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.rag.PeerStandIn.Passage;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class InsightsTests {

	@Value("${local.server.port}")
	int port;

	final UUID tenant = UUID.randomUUID();

	final UUID customer = UUID.randomUUID();

	static final UUID INVOICES = UUID.randomUUID();

	ApiClient as(UUID tenant, UUID user, AppRole role) {
		return ApiClient.at("http://localhost:" + this.port).withToken(TestJwtIssuer.get().token(tenant, user, role));
	}

	ApiClient.Response feedback(ApiClient client, String answerId, Map<String, Object> body) {
		return client.send("PUT", "/api/v1/ai/answers/" + answerId + "/feedback",
				tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body), "application/json");
	}

	@Test
	void countsAnswersAbstentionsAndFeedbackPerTenant() {
		PeerStandIn.passages("invoice",
				Passage.of(INVOICES, "Invoices", "Download every invoice as a PDF under Billing, Invoices."));
		ApiClient customer = as(this.tenant, this.customer, AppRole.CUSTOMER);
		JsonNode answered = customer.post("/api/v1/ai/answer", Map.of("question", "Where do I download my invoice?"))
			.json();
		customer.post("/api/v1/ai/answer", Map.of("question", "Do you sell gift cards?"));
		assertThat(feedback(customer, answered.get("id").asString(), Map.of("rating", "up", "comment", "spot on"))
			.status()).isEqualTo(200);
		// Rating again replaces one's earlier rating.
		feedback(customer, answered.get("id").asString(), Map.of("rating", "down"));

		JsonNode metrics = as(this.tenant, UUID.randomUUID(), AppRole.ADMIN).get("/api/v1/ai/metrics").json();
		assertThat(metrics.get("answers").asLong()).isEqualTo(1);
		assertThat(metrics.get("abstentions").asLong()).isEqualTo(1);
		assertThat(metrics.get("feedback").get("down").asLong()).isEqualTo(1);
		assertThat(metrics.get("feedback").get("up").asLong()).isZero();
		JsonNode list = as(this.tenant, UUID.randomUUID(), AppRole.AGENT).get("/api/v1/ai/feedback").json();
		assertThat(list.get("items")).hasSize(1);
		assertThat(list.get("items").get(0).get("question").asString()).isEqualTo("Where do I download my invoice?");
		assertThat(list.get("items").get(0).get("rating").asString()).isEqualTo("down");

		JsonNode other = as(UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN).get("/api/v1/ai/metrics").json();
		assertThat(other.get("answers").asLong()).isZero();
	}

	@Test
	void feedbackIsOnAnswersOneMayRate() {
		PeerStandIn.passages("invoice",
				Passage.of(INVOICES, "Invoices", "Download every invoice as a PDF under Billing, Invoices."));
		JsonNode answered = as(this.tenant, this.customer, AppRole.CUSTOMER)
			.post("/api/v1/ai/answer", Map.of("question", "Where is my invoice?"))
			.json();
		String id = answered.get("id").asString();
		assertThat(feedback(as(this.tenant, UUID.randomUUID(), AppRole.CUSTOMER), id, Map.of("rating", "up")).status())
			.isEqualTo(404);
		assertThat(
				feedback(as(UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN), id, Map.of("rating", "up")).status())
			.isEqualTo(404);
		ApiClient.Response bad = feedback(as(this.tenant, this.customer, AppRole.CUSTOMER), id,
				Map.of("rating", "meh", "stars", 5));
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.body()).contains("rating").contains("stars");
		assertThat(as(this.tenant, this.customer, AppRole.CUSTOMER).get("/api/v1/ai/metrics").status()).isEqualTo(403);
		// java.time takes a year of a billion; the database does not.
		ApiClient.Response farFuture = as(this.tenant, UUID.randomUUID(), AppRole.ADMIN)
			.get("/api/v1/ai/metrics?to=%2B1000000000-06-01T00:00:00Z");
		assertThat(farFuture.status()).isEqualTo(422);
		assertThat(farFuture.body()).contains("\"to\"");
	}

}
