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

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class AnswerApiTests {

	@Value("${local.server.port}")
	int port;

	final UUID tenant = UUID.randomUUID();

	static final UUID REFUNDS = UUID.randomUUID();

	static final UUID SHIPPING = UUID.randomUUID();

	ApiClient as(AppRole role) {
		return ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), role));
	}

	@Test
	void answersFromTheBestArticleAndCitesIt() {
		PeerStandIn.passages("refund",
				Passage.of(REFUNDS, "Refunds",
						"Refunds are paid to the original payment method. You can request a refund within 30 days "
								+ "of delivery from the Orders page. Shipping costs are not refunded."),
				Passage.of(SHIPPING, "Shipping times", "Parcels arrive within five working days."));
		ApiClient.Response response = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "How do I get a refund for my order?"));
		assertThat(response.status()).isEqualTo(200);
		JsonNode answer = response.json();
		assertThat(answer.get("abstained").asBoolean()).isFalse();
		assertThat(answer.get("answer").asString()).contains("request a refund within 30 days");
		assertThat(answer.get("citations").get(0).get("articleId").asString()).isEqualTo(REFUNDS.toString());
		assertThat(answer.get("citations").get(0).get("title").asString()).isEqualTo("Refunds");
		assertThat(answer.get("citations").get(0).get("url").asString()).contains(REFUNDS.toString());
		assertThat(answer.get("citations").get(0).get("quote").asString()).contains("refund");
		assertThat(answer.get("confidence").asDouble()).isGreaterThan(0.5);
		assertThat(answer.get("generator").asString()).isEqualTo("extractive");
		assertThat(answer.get("id").asString()).isNotBlank();
	}

	@Test
	void retrievesWithTheCustomersOwnToken() {
		String token = TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.CUSTOMER);
		ApiClient.at("http://localhost:" + this.port)
			.withToken(token)
			.post("/api/v1/ai/answer", Map.of("question", "What does the warranty cover exactly?"));
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withHeader("Authorization", equalTo("Bearer " + token))
			.withRequestBody(matchingJsonPath("$.query", containing("warranty"))));
	}

	@Test
	void aServiceIsAnsweredFromPublicArticlesUnlessItNamesAnAudience() {
		ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.SERVICE))
			.post("/api/v1/ai/answer", Map.of("question", "Which countries do you deliver parcels to?"));
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withHeader("Authorization", equalTo("Bearer " + PeerStandIn.SERVICE_TOKEN))
			.withRequestBody(matchingJsonPath("$.query", containing("deliver parcels")))
			.withRequestBody(matchingJsonPath("$.audience", equalTo("public"))));
	}

	@Test
	void abstainsWhenThePassagesAreAboutSomethingElse() {
		PeerStandIn.passages("mobile app dark mode", new Passage(SHIPPING, "Shipping times",
				"Parcels arrive within five working days of the order.", 0.61, false));
		JsonNode answer = as(AppRole.CUSTOMER)
			.post("/api/v1/ai/answer", Map.of("question", "Does the mobile app dark mode work on tablets?"))
			.json();
		assertThat(answer.get("abstained").asBoolean()).isTrue();
		assertThat(answer.get("reason").asString()).isEqualTo("low_confidence");
		assertThat(answer.get("answer").asString()).isEmpty();
		assertThat(answer.get("citations").size()).isZero();
	}

	@Test
	void abstainsWhenNothingIsRetrieved() {
		JsonNode answer = as(AppRole.AGENT)
			.post("/api/v1/ai/answer", Map.of("question", "What is the capital of Australia?"))
			.json();
		assertThat(answer.get("abstained").asBoolean()).isTrue();
		assertThat(answer.get("reason").asString()).isEqualTo("no_passages");
	}

	@Test
	void refusesUnknownFieldsAndMissingQuestionsAsProblems() {
		ApiClient.Response unknown = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "refund?", "temperature", 2));
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.body()).contains("temperature");
		ApiClient.Response missing = as(AppRole.CUSTOMER).post("/api/v1/ai/answer", Map.of("locale", "en"));
		assertThat(missing.status()).isEqualTo(422);
		assertThat(missing.body()).contains("question");
		ApiClient.Response tooLong = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "x".repeat(2001)));
		assertThat(tooLong.status()).isEqualTo(422);
		ApiClient.Response badLocale = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "refund?", "locale", "English please"));
		assertThat(badLocale.status()).isEqualTo(422);
		assertThat(badLocale.body()).contains("locale");
	}

	@Test
	void isA503ProblemWhenTheKnowledgeBaseIsDown() {
		PeerStandIn.SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", containing("kb outage")))
			.willReturn(aResponse().withStatus(500)));
		ApiClient.Response response = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "Is there a kb outage today?"));
		assertThat(response.status()).isEqualTo(503);
		assertThat(response.contentType()).startsWith("application/problem+json");
	}

	@Test
	void aRefusalByTheKnowledgeBaseKeepsItsStatusAndReason() {
		PeerStandIn.SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.audience", equalTo("internal")))
			.willReturn(aResponse().withStatus(403)
				.withHeader("Content-Type", "application/problem+json")
				.withBody("{\"title\":\"Forbidden\",\"status\":403,"
						+ "\"detail\":\"The audience is beyond what the caller may read.\"}")));
		ApiClient.Response response = as(AppRole.CUSTOMER).post("/api/v1/ai/answer",
				Map.of("question", "What do agents see about refunds?", "audience", "internal"));
		assertThat(response.status()).isEqualTo(403);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("detail").asString()).contains("beyond what the caller may read");
	}

	@Test
	void aQuestionLongerThanTheKnowledgeBaseTakesIsCutForRetrieval() {
		String question = "Longquestionmarker refund " + "please tell me more about my order ".repeat(50);
		assertThat(question.length()).isGreaterThan(1_000).isLessThanOrEqualTo(2_000);
		ApiClient.Response response = as(AppRole.CUSTOMER).post("/api/v1/ai/answer", Map.of("question", question));
		assertThat(response.status()).isEqualTo(200);
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", matching("(?s)Longquestionmarker.{1,982}"))));
	}

	@Test
	void needsAToken() {
		ApiClient.Response response = ApiClient.at("http://localhost:" + this.port)
			.post("/api/v1/ai/answer", Map.of("question", "refund?"));
		assertThat(response.status()).isEqualTo(401);
	}

}
