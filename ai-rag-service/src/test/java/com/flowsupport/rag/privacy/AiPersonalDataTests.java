package com.flowsupport.rag.privacy;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.PersonalDataTraces;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ai-rag-service's part of data-subject requests: a customer's chat conversations (by
 * their id, or by the email they gave a widget), questions and feedback.
 */
@ServiceIntegrationTest
class AiPersonalDataTests {

	static final String EMAIL = "morwenna.tallis@example.test";

	@Value("${local.server.port}")
	int port;

	@Test
	void aCustomersConversationsAreExportedThenRedactedAndTheirFeedbackDeleted() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID person = UUID.randomUUID();
		ApiClient customer = client(TestJwtIssuer.get().token(tenant, person, AppRole.CUSTOMER));
		ApiClient channel = client(TestJwtIssuer.get().serviceToken(tenant, "channel-service"));
		String signedIn = customer.post("/api/v1/ai/conversations", Map.of("channel", "web"))
			.json()
			.get("id")
			.asString();
		JsonNode reply = customer
			.post("/api/v1/ai/conversations/" + signedIn + "/messages",
					Map.of("text", "Morwenna here, can I pay by invoice?"))
			.json();
		String answer = reply.at("/answer/id").asString();
		assertThat(customer
			.send("PUT", "/api/v1/ai/answers/" + answer + "/feedback",
					"{\"rating\":\"down\",\"comment\":\"Morwenna is not happy\"}", "application/json")
			.status()).isIn(200, 204);
		String widget = channel
			.post("/api/v1/ai/conversations",
					Map.of("channel", "chat", "customer", Map.of("name", "Morwenna Tallis", "email", EMAIL)))
			.json()
			.get("id")
			.asString();
		channel.post("/api/v1/ai/conversations/" + widget + "/messages", Map.of("text", "Write me at " + EMAIL));
		String someoneElse = channel
			.post("/api/v1/ai/conversations", Map.of("channel", "chat", "customer", Map.of("email", "x@example.test")))
			.json()
			.get("id")
			.asString();
		ApiClient identity = client(TestJwtIssuer.get().serviceToken(tenant, "identity-service"));
		String base = "/internal/v1/privacy/subjects/" + person;
		Map<String, Object> identifiers = Map.of("identifiers",
				List.of(EMAIL, "Morwenna Tallis", "Morwenna", "Tallis"));

		JsonNode export = identity.post(base + "/export", identifiers).json().at("/sections/conversations");
		assertThat(export.get("conversations").findValuesAsString("id")).containsExactlyInAnyOrder(signedIn, widget);
		assertThat(export.get("messages").findValuesAsString("body")).contains("Morwenna here, can I pay by invoice?",
				"Write me at " + EMAIL);
		assertThat(export.get("feedback").findValuesAsString("comment")).containsExactly("Morwenna is not happy");
		assertThat(export.toString()).doesNotContain(someoneElse);

		UUID tombstone = UUID.randomUUID();
		Map<String, Object> erasure = Map.of("tombstoneId", tombstone.toString(), "identifiers",
				identifiers.get("identifiers"));
		JsonNode erased = identity.post(base + "/erasure", erasure).json().at("/erased/conversations");
		assertThat(erased.get("conversations").asInt()).isEqualTo(2);
		assertThat(erased.get("feedback").asInt()).isEqualTo(1);
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(PersonalDataTraces.find(admin, "rag",
					List.of(EMAIL, "morwenna", "tallis", "pay by invoice", person.toString()),
					PersonalDataTraces.PLATFORM_TABLES))
				.isEmpty();
		}
		JsonNode thread = channel.get("/api/v1/ai/conversations/" + widget).json();
		assertThat(thread.get("messages").size()).as("the conversation stays, redacted").isEqualTo(2);

		JsonNode again = identity.post(base + "/erasure", erasure).json().at("/erased/conversations");
		assertThat(again.get("conversations").asInt()).isZero();
		assertThat(again.get("messages").asInt()).isZero();
		assertThat(again.get("questions").asInt()).isZero();
		assertThat(
				identity.post(base + "/export", identifiers).json().at("/sections/conversations/conversations").size())
			.isZero();
	}

	private ApiClient client(String token) {
		return ApiClient.at("http://localhost:" + this.port).withToken(token);
	}

}
