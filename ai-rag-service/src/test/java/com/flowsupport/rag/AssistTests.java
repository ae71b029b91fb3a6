package com.flowsupport.rag;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.rag.PeerStandIn.Passage;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class AssistTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final UUID ARTICLE = UUID.randomUUID();

	@Value("${local.server.port}")
	int port;

	final UUID tenant = UUID.randomUUID();

	final String agentToken = TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.AGENT);

	ApiClient agent() {
		return ApiClient.at("http://localhost:" + this.port).withToken(this.agentToken);
	}

	UUID ticket(String status, List<Map<String, Object>> comments) {
		UUID id = UUID.randomUUID();
		PeerStandIn.SERVER.stubFor(get(urlPathEqualTo("/api/v1/tickets/" + id)).willReturn(okJson(JSON
			.writeValueAsString(Map.of("id", id.toString(), "number", 42, "subject", "Export fails with a timeout",
					"description", "When I export my contacts the export stops with a timeout. It worked last week.",
					"status", status, "channel", "email", "tags", List.of())))));
		PeerStandIn.SERVER.stubFor(get(urlPathEqualTo("/api/v1/tickets/" + id + "/comments"))
			.willReturn(okJson(JSON.writeValueAsString(java.util.Collections.singletonMap("items", comments)))));
		return id;
	}

	static Map<String, Object> comment(String role, boolean isPublic, String body) {
		return Map.of("id", UUID.randomUUID().toString(), "authorId", UUID.randomUUID().toString(), "authorRole", role,
				"body", body, "public", isPublic, "createdAt", "2026-11-22T10:00:00Z");
	}

	@Test
	void summarisesTheThread() {
		UUID ticket = ticket("open",
				List.of(comment("agent", true, "Which browser do you use? Please try again."),
						comment("customer", true, "Chrome. It still times out after two minutes."),
						comment("agent", false, "Looks like the export worker is slow.")));
		JsonNode summary = agent().post("/api/v1/ai/assist/tickets/" + ticket + "/summary", Map.of()).json();
		assertThat(summary.get("asked").asString()).contains("Export fails with a timeout");
		assertThat(summary.get("latestFromCustomer").asString()).contains("still times out");
		assertThat(summary.get("internalNotes").asInt()).isEqualTo(1);
		assertThat(summary.get("text").asString()).contains("#42");
	}

	@Test
	void draftsACitedReplyToTheCustomersLatestMessageWithTheAgentsRights() {
		PeerStandIn.passages("50,000 contacts",
				Passage.of(ARTICLE, "Large exports", "When an export times out, split it by date range. "
						+ "Exports of more than 50,000 contacts run in the background and are emailed."));
		UUID ticket = ticket("open",
				List.of(comment("customer", true, "How do I export more than 50,000 contacts without a timeout?")));
		JsonNode draft = agent().post("/api/v1/ai/assist/tickets/" + ticket + "/draft-reply", Map.of()).json();
		assertThat(draft.get("draft").asString()).contains("50,000 contacts run in the background");
		assertThat(draft.get("answer").get("citations").get(0).get("articleId").asString())
			.isEqualTo(ARTICLE.toString());
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withHeader("Authorization", equalTo("Bearer " + this.agentToken))
			.withRequestBody(matchingJsonPath("$.audience", equalTo("signed_in"))));
	}

	@Test
	void draftsAKnowledgeBaseArticleFromASolvedTicketOnly() {
		PeerStandIn.SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/articles")).willReturn(aResponse().withStatus(201)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"id\":\"" + UUID.randomUUID()
					+ "\",\"title\":\"Export fails with a timeout\",\"status\":\"draft\",\"visibility\":\"internal\"}")));
		UUID open = ticket("open", List.of(comment("agent", true, "Split the export by date.")));
		assertThat(agent().post("/api/v1/ai/assist/tickets/" + open + "/article-draft", Map.of()).status())
			.isEqualTo(409);
		UUID solved = ticket("solved", List.of(comment("agent", true, "Split the export by date range."),
				comment("agent", false, "internal only")));
		ApiClient.Response created = agent().post("/api/v1/ai/assist/tickets/" + solved + "/article-draft", Map.of());
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("status").asString()).isEqualTo("draft");
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/articles"))
			.withHeader("Authorization", equalTo("Bearer " + this.agentToken))
			.withRequestBody(matchingJsonPath("$.status", equalTo("draft")))
			.withRequestBody(matchingJsonPath("$.body", containing("Split the export by date range.")))
			.withRequestBody(matchingJsonPath("$.body", containing("## Problem"))));
		PeerStandIn.SERVER.verify(0, postRequestedFor(urlPathEqualTo("/api/v1/kb/articles"))
			.withRequestBody(matchingJsonPath("$.body", containing("internal only"))));
	}

	@Test
	void isForStaffAndHidesTicketsOneCannotOpen() {
		UUID ticket = ticket("open", List.of());
		ApiClient customer = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.CUSTOMER));
		assertThat(customer.post("/api/v1/ai/assist/tickets/" + ticket + "/summary", Map.of()).status()).isEqualTo(403);
		UUID missing = UUID.randomUUID();
		PeerStandIn.SERVER
			.stubFor(get(urlPathEqualTo("/api/v1/tickets/" + missing)).willReturn(aResponse().withStatus(404)));
		assertThat(agent().post("/api/v1/ai/assist/tickets/" + missing + "/summary", Map.of()).status()).isEqualTo(404);
	}

}
