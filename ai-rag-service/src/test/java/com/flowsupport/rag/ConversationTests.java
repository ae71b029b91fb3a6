package com.flowsupport.rag;

import java.net.http.HttpResponse;
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
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class ConversationTests {

	@Value("${local.server.port}")
	int port;

	final UUID tenant = UUID.randomUUID();

	final UUID customer = UUID.randomUUID();

	static final UUID SHIPPING = UUID.randomUUID();

	ApiClient channel() {
		return ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.SERVICE));
	}

	ApiClient customer(UUID id) {
		return ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, id, AppRole.CUSTOMER));
	}

	String start(ApiClient client, Map<String, Object> body) {
		ApiClient.Response started = client.post("/api/v1/ai/conversations", body);
		assertThat(started.status()).isEqualTo(201);
		return started.json().get("id").asString();
	}

	static void shippingArticle() {
		PeerStandIn.passages("deliver",
				Passage.of(SHIPPING, "Delivery times",
						"We deliver within three working days in the EU. Express delivery arrives the next working day "
								+ "if you order before noon."));
	}

	@Test
	void answersMessagesAndRemembersTheConversation() {
		shippingArticle();
		String id = start(channel(), Map.of("channel", "chat", "customer", Map.of("id", this.customer.toString())));
		JsonNode first = channel()
			.post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "How fast do you deliver in the EU?"))
			.json();
		assertThat(first.get("answer").get("abstained").asBoolean()).isFalse();
		assertThat(first.get("answer").get("citations").get(0).get("articleId").asString())
			.isEqualTo(SHIPPING.toString());
		assertThat(first.get("reply").get("body").asString()).contains("three working days");
		// A terse follow-up is read with the question before it.
		channel().post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "and express?"));
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", equalTo("How fast do you deliver in the EU? and express?")))
			.withRequestBody(matchingJsonPath("$.audience", equalTo("public"))));
		JsonNode thread = channel().get("/api/v1/ai/conversations/" + id).json();
		assertThat(thread.get("messages").size()).isEqualTo(4);
		assertThat(thread.get("messages").get(0).get("role").asString()).isEqualTo("customer");
		assertThat(thread.get("messages").get(1).get("role").asString()).isEqualTo("assistant");
	}

	@Test
	void streamsTheAnswerAsServerSentEvents() throws Exception {
		shippingArticle();
		String id = start(channel(), Map.of("channel", "chat"));
		HttpResponse<String> response = ConversationStream.post(this.port, id,
				TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.SERVICE),
				"When do you deliver my order?");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		String body = response.body();
		assertThat(body).contains("event: delta\ndata: {\"text\":\"")
			.contains("event: answer\ndata: {")
			.contains("\"citations\":[{\"articleId\":\"" + SHIPPING)
			.contains("event: done");
		assertThat(body.indexOf("event: delta")).isLessThan(body.indexOf("event: answer"));
	}

	@Test
	void aStreamThatEndsInAnErrorKeepsNothingUnderAnIdempotencyKey() throws Exception {
		PeerStandIn.SERVER.stubFor(post(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", containing("kb outage")))
			.willReturn(aResponse().withStatus(500)));
		String token = TestJwtIssuer.get().token(this.tenant, this.customer, AppRole.CUSTOMER);
		String id = start(customer(this.customer), Map.of("channel", "web"));
		int messages = customer(this.customer).get("/api/v1/ai/conversations/" + id).json().get("messages").size();
		for (int attempt = 0; attempt < 2; attempt++) {
			HttpResponse<String> streamed = ConversationStream.post(this.port, id, token,
					"Is there a kb outage on refunds?", "stream-" + id);
			assertThat(streamed.statusCode()).isEqualTo(200);
			assertThat(streamed.body()).contains("event: error");
			assertThat(streamed.headers().firstValue("Idempotent-Replayed")).as("run again, not replayed").isEmpty();
		}
		assertThat(customer(this.customer).get("/api/v1/ai/conversations/" + id).json().get("messages"))
			.as("the customer's message of the failed request is not kept")
			.hasSize(messages);
	}

	@Test
	void handsOverAfterTwoAnswersItCouldNotGiveWithATicketCarryingTheTranscript() {
		String id = start(channel(), Map.of("channel", "chat", "customer", Map.of("id", this.customer.toString())));
		JsonNode first = channel()
			.post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "Can I pay with cryptocurrency?"))
			.json();
		assertThat(first.get("answer").get("abstained").asBoolean()).isTrue();
		assertThat(first.get("handoff").isNull()).isTrue();
		JsonNode second = channel()
			.post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "Do you take bitcoin then?"))
			.json();
		assertThat(second.get("handoff").get("reason").asString()).isEqualTo("low_confidence");
		assertThat(second.get("handoff").get("ticketId").asString()).isNotBlank();
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/tickets"))
			.withHeader("Idempotency-Key", equalTo("ai-handoff-" + id))
			.withRequestBody(matchingJsonPath("$.requesterId", equalTo(this.customer.toString())))
			.withRequestBody(matchingJsonPath("$.channel", equalTo("chat")))
			.withRequestBody(matchingJsonPath("$.description", containing("Customer: Can I pay with cryptocurrency?")))
			.withRequestBody(matchingJsonPath("$.description", containing("Customer: Do you take bitcoin then?"))));
		ApiClient.Response after = channel().post("/api/v1/ai/conversations/" + id + "/messages",
				Map.of("text", "hello?"));
		assertThat(after.status()).isEqualTo(409);
	}

	@Test
	void askingForAHumanHandsOverAtOnce() throws Exception {
		String id = start(customer(this.customer), Map.of("channel", "web"));
		JsonNode reply = customer(this.customer)
			.post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "I want to talk to a real person"))
			.json();
		assertThat(reply.get("handoff").get("reason").asString()).isEqualTo("customer_asked");
		assertThat(reply.get("answer").isNull()).isTrue();
		JsonNode again = customer(this.customer).post("/api/v1/ai/conversations/" + id + "/handoff", Map.of()).json();
		assertThat(again.get("reason").asString()).isEqualTo("customer_asked");
		// Once a human has it, the bot answers there no more, and nothing is added.
		int messages = customer(this.customer).get("/api/v1/ai/conversations/" + id).json().get("messages").size();
		ApiClient.Response viaAnswers = customer(this.customer).post("/api/v1/ai/answer",
				Map.of("question", "When do you deliver my order?", "conversationId", id));
		assertThat(viaAnswers.status()).isEqualTo(409);
		assertThat(viaAnswers.contentType()).startsWith("application/problem+json");
		HttpResponse<String> streamed = ConversationStream.post(this.port, id,
				TestJwtIssuer.get().token(this.tenant, this.customer, AppRole.CUSTOMER), "hello?");
		assertThat(streamed.statusCode()).isEqualTo(409);
		assertThat(streamed.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
		assertThat(customer(this.customer).get("/api/v1/ai/conversations/" + id).json().get("messages"))
			.hasSize(messages);
	}

	@Test
	void customersReachOnlyTheirOwnConversationsAndGroupRestrictedAgentsNone() {
		String id = start(customer(this.customer), Map.of("channel", "web"));
		assertThat(customer(UUID.randomUUID()).get("/api/v1/ai/conversations/" + id).status()).isEqualTo(404);
		assertThat(customer(this.customer).get("/api/v1/ai/conversations/" + id).status()).isEqualTo(200);
		ApiClient agents = ApiClient.at("http://localhost:" + this.port);
		assertThat(agents.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.AGENT))
			.get("/api/v1/ai/conversations/" + id)
			.status()).isEqualTo(200);
		assertThat(agents.withToken(TestJwtIssuer.get()
			.token(this.tenant, UUID.randomUUID(), AppRole.AGENT, (claims) -> claims.claim("group_restricted", true)))
			.get("/api/v1/ai/conversations/" + id)
			.status()).as("an agent who sees only their groups' tickets").isEqualTo(404);
		assertThat(ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.SERVICE))
			.get("/api/v1/ai/conversations/" + id)
			.status()).isEqualTo(404);
	}

	@Test
	void refusesBadRequests() {
		ApiClient.Response badChannel = channel().post("/api/v1/ai/conversations",
				Map.of("channel", "pigeon", "mood", "happy"));
		assertThat(badChannel.status()).isEqualTo(422);
		assertThat(badChannel.body()).contains("channel").contains("mood");
		String id = start(channel(), Map.of("channel", "chat"));
		assertThat(channel().post("/api/v1/ai/conversations/" + id + "/messages", Map.of("text", "")).status())
			.isEqualTo(422);
	}

}
