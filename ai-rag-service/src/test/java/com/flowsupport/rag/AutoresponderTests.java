package com.flowsupport.rag;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.tracing.Tracer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.rag.PeerStandIn.Passage;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ServiceIntegrationTest
class AutoresponderTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	EventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ObservationRegistry observations;

	@Autowired
	Tracer tracer;

	final UUID tenant = UUID.randomUUID();

	final UUID agentUser = UUID.randomUUID();

	final UUID group = UUID.randomUUID();

	static final UUID PASSWORDS = UUID.randomUUID();

	void settings(String mode) {
		ApiClient.Response response = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.ADMIN))
			.send("PATCH", "/api/v1/ai/settings", "{\"mode\":\"" + mode + "\",\"agentUserId\":\"" + this.agentUser
					+ "\",\"handoverGroupId\":\"" + this.group + "\"}", "application/json");
		assertThat(response.status()).isEqualTo(200);
	}

	UUID ticketCreated(String subject, String description) {
		UUID ticket = UUID.randomUUID();
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", ticket);
		data.put("ticketNumber", 1);
		data.put("subject", subject);
		data.put("description", description);
		data.put("status", "new");
		data.put("requesterId", UUID.randomUUID());
		data.put("channel", "web");
		publish(EventTypes.TICKET_CREATED, data);
		return ticket;
	}

	void customerCommented(UUID ticket, String body) {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", ticket);
		data.put("commentId", UUID.randomUUID());
		data.put("authorId", UUID.randomUUID());
		data.put("authorRole", "customer");
		data.put("public", true);
		data.put("channel", "web");
		data.put("body", body);
		publish(EventTypes.COMMENT_CREATED, data);
	}

	void publish(String type, Map<String, Object> data) {
		Tenancy.runAs(CallerIdentity.service(this.tenant, "ticket-service"),
				() -> this.transactions.executeWithoutResult((status) -> this.events.publish(type, data)));
	}

	static void passwordArticle() {
		PeerStandIn.passages("password",
				Passage.of(PASSWORDS, "Resetting your password",
						"To reset your password, open the sign-in page and choose Forgot password. "
								+ "We email you a link that works for 30 minutes."));
	}

	String commentsPath(UUID ticket) {
		return "/api/v1/tickets/" + ticket + "/comments";
	}

	@Test
	void autoModePostsACitedPublicReplyAsTheAiAgentAndSetsThePendingStatus() {
		settings("auto");
		passwordArticle();
		UUID ticket = ticketCreated("Forgot my password", "How do I reset my password? I cannot sign in.");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo(commentsPath(ticket)))
				.withHeader("Authorization", equalTo("Bearer " + PeerStandIn.SERVICE_TOKEN))
				.withRequestBody(matchingJsonPath("$.public", equalTo("true")))
				.withRequestBody(matchingJsonPath("$.status", equalTo("pending")))
				.withRequestBody(matchingJsonPath("$.authorRole", equalTo("agent")))
				.withRequestBody(matchingJsonPath("$.authorId", equalTo(this.agentUser.toString())))
				.withRequestBody(matchingJsonPath("$.body", containing("Forgot password")))
				.withRequestBody(matchingJsonPath("$.body",
						containing("[Resetting your password](https://help.example.test/")))));
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo("/api/v1/kb/retrieve"))
			.withRequestBody(matchingJsonPath("$.query", containing("Forgot my password")))
			.withRequestBody(matchingJsonPath("$.audience", equalTo("signed_in"))));
	}

	@Test
	void theReplyContinuesTheTraceOfTheEventThatAskedForIt() {
		settings("auto");
		passwordArticle();
		UUID[] ticket = new UUID[1];
		String traceId = Observation.createNotStarted("test.ticket-service.request", this.observations).observe(() -> {
			ticket[0] = ticketCreated("Forgot my password", "How do I reset my password?");
			return this.tracer.currentSpan().context().traceId();
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo(commentsPath(ticket[0])))
				.withHeader("traceparent", matching("00-" + traceId + "-[0-9a-f]{16}-0[01]"))));
		assertThat(admin().queryForObject(
				"SELECT traceparent FROM rag.autoresponder_job WHERE tenant_id = ? AND ticket_id = ?", String.class,
				this.tenant, ticket[0]))
			.startsWith("00-" + traceId + "-");
	}

	@Test
	void aTicketDeletedByRetentionTakesWhatTheAiKeptAboutItAlong() {
		settings("auto");
		passwordArticle();
		UUID ticket = ticketCreated("Password again", "How do I reset my password? The link expired.");
		UUID other = ticketCreated("Password for my colleague", "How do I reset my password for a colleague?");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(jobs(ticket, "done") + jobs(other, "done")).isEqualTo(2));
		assertThat(rowsAbout(ticket)).as("job, answer and bot state").isGreaterThanOrEqualTo(3);
		long before = rowsAbout(other);
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("ticketId", ticket);
		data.put("ticketNumber", 1);
		data.put("reason", "retention");
		publish(EventTypes.TICKET_DELETED, data);
		publish(EventTypes.TICKET_DELETED, data);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(rowsAbout(ticket)).isZero());
		assertThat(rowsAbout(other)).as("other tickets keep theirs").isEqualTo(before);
	}

	long rowsAbout(UUID ticket) {
		long rows = 0;
		for (String table : new String[] { "answer", "autoresponder_job", "ticket_state" }) {
			rows += admin().queryForObject("SELECT count(*) FROM rag." + table + " WHERE ticket_id = ?", Long.class,
					ticket);
		}
		return rows;
	}

	@Test
	void suggestModeLeavesAgentsAnInternalNoteInstead() {
		settings("suggest");
		passwordArticle();
		UUID ticket = ticketCreated("password reset link", "Where do I reset the password for my account?");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo(commentsPath(ticket)))
				.withRequestBody(matchingJsonPath("$.public", equalTo("false")))
				.withRequestBody(matchingJsonPath("$.body", containing("AI suggested reply")))
				.withRequestBody(matchingJsonPath("$.body", containing("Resetting your password")))));
		PeerStandIn.SERVER.verify(0, postRequestedFor(urlPathEqualTo(commentsPath(ticket)))
			.withRequestBody(matchingJsonPath("$.public", equalTo("true"))));
	}

	@Test
	void aQuestionTheKnowledgeBaseCannotAnswerGetsNoReplyAndGoesToHumans() {
		settings("auto");
		UUID ticket = ticketCreated("Gift wrapping", "Do you offer gift wrapping for birthday presents?");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> PeerStandIn.SERVER.verify(patchRequestedFor(urlPathEqualTo("/api/v1/tickets/" + ticket))
						.withRequestBody(matchingJsonPath("$.addTags[0]", equalTo("ai_handover")))
						.withRequestBody(matchingJsonPath("$.groupId", equalTo(this.group.toString())))));
		PeerStandIn.SERVER.verify(0, postRequestedFor(urlPathEqualTo(commentsPath(ticket))));
	}

	@Test
	void answersAnEventOnceHoweverOftenItIsDelivered() {
		settings("auto");
		passwordArticle();
		UUID ticket = ticketCreated("password help", "Please help me reset my password");
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jobs(ticket, "done")).isEqualTo(1));
		// The same event again: its job exists, so nothing is added or posted.
		UUID eventId = admin().queryForObject(
				"SELECT event_id FROM rag.autoresponder_job WHERE ticket_id = ? AND tenant_id = ?", UUID.class, ticket,
				this.tenant);
		Tenancy.runAs(CallerIdentity.service(this.tenant, "ai-rag-service"),
				() -> this.transactions.executeWithoutResult((status) -> assertThat(this.jdbc.update("""
						INSERT INTO autoresponder_job (id, tenant_id, event_id, kind, ticket_id, payload, status,
						    run_after, created_at)
						VALUES (gen_random_uuid(), ?, ?, 'ticket', ?, '{}', 'pending', now(), now())
						ON CONFLICT (tenant_id, event_id) DO NOTHING""", this.tenant, eventId, ticket)).isZero()));
		PeerStandIn.SERVER.verify(1, postRequestedFor(urlPathEqualTo(commentsPath(ticket))));
	}

	@Test
	void thatSolvedItMarksTheTicketSolvedByAi() {
		settings("auto");
		passwordArticle();
		UUID ticket = ticketCreated("password", "how to reset my password");
		awaitReplied(ticket);
		customerCommented(ticket, "That solved it, thank you!");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> PeerStandIn.SERVER.verify(patchRequestedFor(urlPathEqualTo("/api/v1/tickets/" + ticket))
						.withRequestBody(matchingJsonPath("$.status", equalTo("solved")))
						.withRequestBody(matchingJsonPath("$.addTags[0]", equalTo("ai_resolved")))));
		ApiClient.Response metrics = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.AGENT))
			.get("/api/v1/ai/metrics");
		assertThat(metrics.status()).as(metrics.body()).isEqualTo(200);
		assertThat(metrics.json().get("aiResolutions").asLong()).isEqualTo(1);
	}

	@Test
	void askingForAHumanHandsOverAndTheBotStopsOnThatTicket() {
		settings("auto");
		passwordArticle();
		UUID ticket = ticketCreated("password trouble", "reset password link please");
		awaitReplied(ticket);
		customerCommented(ticket, "human please");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(
					() -> PeerStandIn.SERVER.verify(patchRequestedFor(urlPathEqualTo("/api/v1/tickets/" + ticket))
						.withRequestBody(matchingJsonPath("$.addTags[0]", equalTo("ai_handover")))
						.withRequestBody(matchingJsonPath("$.status", equalTo("open")))));
		customerCommented(ticket, "How do I reset my password again?");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> PeerStandIn.SERVER.verify(1, postRequestedFor(urlPathEqualTo(commentsPath(ticket)))));
	}

	@Test
	void offModeLeavesTicketsAlone() {
		UUID ticket = ticketCreated("password reset", "reset my password please");
		await().during(Duration.ofSeconds(1))
			.atMost(Duration.ofSeconds(3))
			.untilAsserted(() -> PeerStandIn.SERVER.verify(0, postRequestedFor(urlPathEqualTo(commentsPath(ticket)))));
		assertThat(jobs(ticket, "pending") + jobs(ticket, "done")).isZero();
	}

	/** The bot replied and waits for the customer (its job is done). */
	void awaitReplied(UUID ticket) {
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(jobs(ticket, "done")).isEqualTo(1));
		PeerStandIn.SERVER.verify(postRequestedFor(urlPathEqualTo(commentsPath(ticket))));
	}

	/** Sees every tenant's rows, as the tests' administrator. */
	static synchronized JdbcTemplate admin() {
		if (admin == null) {
			admin = new JdbcTemplate(new SingleConnectionDataSource(unchecked(), true));
		}
		return admin;
	}

	private static JdbcTemplate admin;

	static java.sql.Connection unchecked() {
		try {
			return TestInfrastructure.get().adminConnection();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	long jobs(UUID ticket, String status) {
		return admin().queryForObject(
				"SELECT count(*) FROM rag.autoresponder_job WHERE tenant_id = ? AND ticket_id = ? AND status = ?",
				Long.class, this.tenant, ticket, status);
	}

}
