package com.flowsupport.ticket.sla;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.StreamSupport;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.events.EventEnvelope;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;
import com.flowsupport.ticket.IdentityStandIn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SLA policies and clocks through the API, with a clock the tests move. The clock starts
 * years ahead, so that no other test context's breach scan (on the real clock) ever finds
 * these tickets overdue.
 */
@ServiceIntegrationTest
@Import(SlaTests.Clocks.class)
@TestPropertySource(properties = "flowsupport.ticket.sla.scan-interval=100ms")
class SlaTests {

	/** A Monday. */
	static final Instant MONDAY_9 = Instant.parse("2030-01-07T09:00:00Z");

	static final Duration PATIENCE = Duration.ofSeconds(20);

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	BreachScan scan;

	@Autowired
	TenantSchedules schedules;

	@Autowired
	EventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	UUID tenant;

	Caller admin;

	Caller agent;

	Caller customer;

	@BeforeEach
	void tenant() {
		this.clock.set(MONDAY_9);
		this.tenant = UUID.randomUUID();
		this.admin = caller(this.tenant, AppRole.ADMIN);
		this.agent = caller(this.tenant, AppRole.AGENT);
		this.customer = caller(this.tenant, AppRole.CUSTOMER);
	}

	@Test
	void adminsWritePoliciesAgentsReadThemCustomersDoNot() {
		Map<String, Object> body = Map.of("name", "Standard", "targets", Map.of("urgent", Map.of("firstReply", 60)));
		assertThat(this.agent.api().post("/api/v1/sla-policies", body).status()).isEqualTo(403);
		ApiClient.Response created = this.admin.api().post("/api/v1/sla-policies", body);
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.header("Location")).endsWith("/api/v1/sla-policies/" + id);
		assertThat(this.agent.api().get("/api/v1/sla-policies/" + id).json().at("/targets/urgent/firstReply").asInt())
			.isEqualTo(60);
		assertThat(this.agent.api().get("/api/v1/sla-policies").json().get("items").size()).isEqualTo(1);
		assertThat(send(this.agent, "PATCH", "/api/v1/sla-policies/" + id, Map.of("name", "Mine"), null).status())
			.isEqualTo(403);
		assertThat(this.agent.api().delete("/api/v1/sla-policies/" + id).status()).isEqualTo(403);
		assertThat(this.customer.api().get("/api/v1/sla-policies").status()).isEqualTo(403);
		assertThat(this.customer.api().get("/api/v1/sla-policies/" + id).status()).isEqualTo(403);
		assertThat(caller(UUID.randomUUID(), AppRole.ADMIN).api().get("/api/v1/sla-policies/" + id).status())
			.isEqualTo(404);
	}

	@Test
	void badPoliciesAreRefusedNamingEveryField() {
		Map<String, Object> bad = new LinkedHashMap<>();
		bad.put("name", "");
		bad.put("position", -1);
		bad.put("tenantId", this.tenant.toString());
		bad.put("conditions",
				Map.of("all",
						List.of(Map.of("field", "status", "operator", "is", "value", "open"),
								Map.of("field", "priority", "operator", "includes", "value", "high"),
								Map.of("field", "tags", "operator", "includes", "value", List.of("two words"))),
						"none", List.of()));
		bad.put("targets", Map.of("critical", Map.of("firstReply", 10), "urgent",
				Map.of("firstReply", 0, "pace", 5, "resolution", "soon"), "low", Map.of()));
		ApiClient.Response refused = this.admin.api().post("/api/v1/sla-policies", bad);
		assertThat(refused.status()).isEqualTo(422);
		assertThat(errorFields(refused)).containsExactlyInAnyOrder("name", "position", "tenantId",
				"conditions.all[0].field", "conditions.all[1].operator", "conditions.all[2].value", "conditions.none",
				"targets.critical", "targets.urgent.firstReply", "targets.urgent.pace", "targets.urgent.resolution",
				"targets.low");
		assertThat(this.admin.api().post("/api/v1/sla-policies", Map.of("name", "No targets")).status()).isEqualTo(422);
		assertThat(this.admin.api().get("/api/v1/sla-policies").json().get("items").size()).isZero();
	}

	@Test
	void policiesAreUpdatedWithIfMatchListedInOrderAndDeleted() {
		String later = policy(
				Map.of("name", "Later", "position", 5, "targets", Map.of("normal", Map.of("resolution", 480))))
			.get("id")
			.asString();
		ApiClient.Response created = this.admin.api()
			.post("/api/v1/sla-policies",
					Map.of("name", "Sooner", "position", 9, "targets", Map.of("high", Map.of("nextReply", 30))));
		String sooner = created.json().get("id").asString();
		String etag = created.header("ETag");
		ApiClient.Response moved = send(this.admin, "PATCH", "/api/v1/sla-policies/" + sooner,
				Map.of("position", 1, "businessHours", true), etag);
		assertThat(moved.status()).isEqualTo(200);
		assertThat(moved.json().get("businessHours").asBoolean()).isTrue();
		assertThat(moved.json().at("/targets/high/nextReply").asInt()).isEqualTo(30);
		assertThat(moved.header("ETag")).isNotEqualTo(etag);
		assertThat(send(this.admin, "PATCH", "/api/v1/sla-policies/" + sooner, Map.of("name", "Stale"), etag).status())
			.isEqualTo(412);
		assertThat(send(this.admin, "PATCH", "/api/v1/sla-policies/" + sooner,
				Map.of("targets", Map.of("high", Map.of("nextReply", -5))), null)
			.status()).isEqualTo(422);
		JsonNode first = this.agent.api().get("/api/v1/sla-policies?limit=1").json();
		assertThat(ids(first)).containsExactly(sooner);
		JsonNode second = this.agent.api()
			.get("/api/v1/sla-policies?limit=1&cursor=" + first.get("nextCursor").asString())
			.json();
		assertThat(ids(second)).containsExactly(later);
		assertThat(second.get("nextCursor").isNull()).isTrue();
		assertThat(this.admin.api().delete("/api/v1/sla-policies/" + sooner).status()).isEqualTo(204);
		assertThat(this.admin.api().get("/api/v1/sla-policies/" + sooner).status()).isEqualTo(404);
	}

	@Test
	void theFirstMatchingPolicySetsTargetsByPriority() {
		String vip = policy(Map.of("name", "VIP", "position", 0, "conditions",
				Map.of("all", List.of(Map.of("field", "tags", "operator", "includes", "value", List.of("vip"))), "any",
						List.of(Map.of("field", "priority", "operator", "greater_than", "value", "normal"),
								Map.of("field", "type", "operator", "is", "value", "incident"))),
				"targets", Map.of("urgent", Map.of("firstReply", 10), "high", Map.of("firstReply", 20))))
			.get("id")
			.asString();
		String standard = policy(Map.of("name", "Standard", "position", 1, "targets", Map.of("urgent",
				Map.of("firstReply", 60, "resolution", 240), "normal", Map.of("firstReply", 480, "resolution", 2880))))
			.get("id")
			.asString();
		JsonNode vipUrgent = ticket(Map.of("priority", "urgent", "tags", List.of("vip"))).get("sla");
		assertThat(vipUrgent.get("policyId").asString()).isEqualTo(vip);
		assertThat(instant(vipUrgent, "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(10)));
		assertThat(instant(vipUrgent, "resolutionDueAt")).isNull();
		JsonNode urgent = ticket(Map.of("priority", "urgent")).get("sla");
		assertThat(urgent.get("policyId").asString()).isEqualTo(standard);
		assertThat(instant(urgent, "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(60)));
		assertThat(instant(urgent, "resolutionDueAt")).isEqualTo(MONDAY_9.plus(minutes(240)));
		assertThat(instant(urgent, "nextReplyDueAt")).isNull();
		JsonNode vipNormalQuestion = ticket(Map.of("tags", List.of("vip"))).get("sla");
		assertThat(vipNormalQuestion.get("policyId").asString()).isEqualTo(standard);
		assertThat(instant(vipNormalQuestion, "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(480)));
		JsonNode low = ticket(Map.of("priority", "low")).get("sla");
		assertThat(low.get("policyId").asString()).isEqualTo(standard);
		assertThat(instant(low, "firstReplyDueAt")).isNull();
		assertThat(instant(low, "resolutionDueAt")).isNull();
		JsonNode untracked = caller(UUID.randomUUID(), AppRole.AGENT).api()
			.post("/api/v1/tickets", Map.of("subject", "s", "description", "d", "priority", "urgent"))
			.json()
			.get("sla");
		assertThat(untracked.get("policyId").isNull()).isTrue();
		assertThat(untracked.get("firstReplyDueAt").isNull()).isTrue();
	}

	@Test
	void aPriorityChangeRecalculatesFromWhenTheClocksStarted() {
		policy(Map.of("name", "Standard", "targets", Map.of("urgent", Map.of("firstReply", 60, "resolution", 240),
				"normal", Map.of("firstReply", 480, "resolution", 2880))));
		String id = ticket(Map.of()).get("id").asString();
		this.clock.advance(minutes(30));
		JsonNode sla = patch(id, Map.of("priority", "urgent")).get("sla");
		assertThat(instant(sla, "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(60)));
		assertThat(instant(sla, "resolutionDueAt")).isEqualTo(MONDAY_9.plus(minutes(240)));
		this.clock.advance(minutes(5));
		sla = patch(id, Map.of("priority", "low")).get("sla");
		assertThat(instant(sla, "firstReplyDueAt")).isNull();
		assertThat(instant(sla, "resolutionDueAt")).isNull();
		assertThat(sla.get("breachedAt").isNull()).isTrue();
	}

	@Test
	void publicAgentRepliesStopTheReplyClocksAndCustomerCommentsStartTheNextOne() {
		policy(Map.of("name", "Standard", "targets",
				Map.of("normal", Map.of("firstReply", 120, "nextReply", 60, "resolution", 2880))));
		String id = ticket(this.customer, Map.of()).get("id").asString();
		this.clock.advance(minutes(10));
		assertThat(this.agent.api().post(comments(id), Map.of("body", "looking", "public", false)).status())
			.isEqualTo(201);
		assertThat(instant(sla(id), "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(120)));
		this.clock.advance(minutes(10));
		this.agent.api().post(comments(id), Map.of("body", "Have you tried turning it off?"));
		JsonNode sla = sla(id);
		assertThat(instant(sla, "firstReplyDueAt")).isNull();
		assertThat(instant(sla, "firstRepliedAt")).isEqualTo(MONDAY_9.plus(minutes(20)));
		assertThat(instant(sla, "nextReplyDueAt")).isNull();
		assertThat(instant(sla, "resolutionDueAt")).isEqualTo(MONDAY_9.plus(minutes(2880)));
		this.clock.advance(minutes(40));
		this.customer.api().post(comments(id), Map.of("body", "Yes, still broken"));
		assertThat(instant(sla(id), "nextReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(60 + 60)));
		this.clock.advance(minutes(15));
		this.customer.api().post(comments(id), Map.of("body", "Hello?"));
		assertThat(instant(sla(id), "nextReplyDueAt")).as("the oldest unanswered comment sets the pace")
			.isEqualTo(MONDAY_9.plus(minutes(120)));
		this.clock.advance(minutes(5));
		this.agent.api().post(comments(id), Map.of("body", "Escalated"));
		assertThat(instant(sla(id), "nextReplyDueAt")).isNull();
	}

	@Test
	void pendingPausesTheClocksAndMovesTheDueTimesByThePause() {
		policy(Map.of("name", "Standard", "targets", Map.of("normal", Map.of("firstReply", 60, "resolution", 480))));
		String id = ticket(this.customer, Map.of()).get("id").asString();
		this.clock.advance(minutes(10));
		JsonNode paused = patch(id, Map.of("status", "pending")).get("sla");
		assertThat(instant(paused, "firstReplyDueAt")).isNull();
		assertThat(instant(paused, "resolutionDueAt")).isNull();
		this.clock.advance(minutes(30));
		this.customer.api().post(comments(id), Map.of("body", "Here is the log you asked for"));
		JsonNode resumed = sla(id);
		assertThat(instant(resumed, "firstReplyDueAt")).isEqualTo(MONDAY_9.plus(minutes(60 + 30)));
		assertThat(instant(resumed, "resolutionDueAt")).isEqualTo(MONDAY_9.plus(minutes(480 + 30)));
		this.clock.advance(minutes(5));
		patch(id, Map.of("status", "hold"));
		assertThat(instant(sla(id), "resolutionDueAt")).as("on hold the customer still waits")
			.isEqualTo(MONDAY_9.plus(minutes(480 + 30)));
		patch(id, Map.of("status", "solved"));
		this.clock.advance(minutes(60));
		this.customer.api().post(comments(id), Map.of("body", "It broke again"));
		assertThat(instant(sla(id), "resolutionDueAt")).as("time spent solved does not count either")
			.isEqualTo(MONDAY_9.plus(minutes(480 + 30 + 60)));
	}

	@Test
	void businessHoursFollowTheScheduleIdentityServiceAnnounces() {
		Map<String, List<Map<String, String>>> week = new LinkedHashMap<>();
		for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
				DayOfWeek.FRIDAY)) {
			week.put(day.name(), List.of(Map.of("open", "09:00", "close", "17:00")));
		}
		String policy = policy(Map.of("name", "Office hours", "businessHours", true, "targets",
				Map.of("urgent", Map.of("firstReply", 60, "resolution", 16 * 60))))
			.get("id")
			.asString();
		ZoneId berlin = ZoneId.of("Europe/Berlin");
		Instant fridayAfternoon = LocalDateTime.parse("2030-01-11T16:30").atZone(berlin).toInstant();
		this.clock.set(fridayAfternoon);
		assertThat(instant(ticket(Map.of("priority", "urgent")).get("sla"), "firstReplyDueAt"))
			.as("no schedule heard of yet: calendar hours")
			.isEqualTo(fridayAfternoon.plus(minutes(60)));
		Tenancy.runAs(CallerIdentity.service(this.tenant, "identity-service"),
				() -> this.transactions
					.executeWithoutResult((status) -> this.events.publish(EventTypes.TENANT_UPDATED, Map.of("tenantId",
							this.tenant, "slug", "acme", "timeZone", "Europe/Berlin", "businessHours", week))));
		await().atMost(PATIENCE).until(() -> storedZone(this.tenant) != null);
		JsonNode sla = ticket(Map.of("priority", "urgent")).get("sla");
		assertThat(sla.get("policyId").asString()).isEqualTo(policy);
		assertThat(instant(sla, "firstReplyDueAt"))
			.isEqualTo(LocalDateTime.parse("2030-01-14T09:30").atZone(berlin).toInstant());
		assertThat(instant(sla, "resolutionDueAt"))
			.isEqualTo(LocalDateTime.parse("2030-01-15T16:30").atZone(berlin).toInstant());
	}

	@Test
	void tenantEventsWithoutAScheduleOrOlderThanTheStoredOneChangeNothing() throws SQLException {
		Instant now = Instant.now();
		remember(now, Map.of("tenantId", this.tenant, "timeZone", "Asia/Tokyo", "businessHours",
				Map.of("monday", List.of(Map.of("open", "10:00", "close", "23:59")))));
		remember(now.minusSeconds(60), Map.of("tenantId", this.tenant, "timeZone", "America/Chicago", "businessHours",
				Map.of("MONDAY", List.of(Map.of("open", "08:00", "close", "16:00")))));
		remember(now.plusSeconds(60), Map.of("tenantId", this.tenant, "status", "suspended"));
		assertThat(storedZone(this.tenant)).isEqualTo("Asia/Tokyo");
		Instant mondayTokyo = LocalDateTime.parse("2030-01-07T23:30").atZone(ZoneId.of("Asia/Tokyo")).toInstant();
		WorkingHours hours = Tenancy.callAs(CallerIdentity.service(this.tenant, "test"),
				() -> this.transactions.execute((status) -> this.schedules.of(this.tenant)));
		assertThat(hours.plus(mondayTokyo, minutes(30), List.of())).as("open until midnight")
			.isEqualTo(mondayTokyo.plus(minutes(30)));
	}

	@Test
	void anOverdueTicketIsMarkedOnceAuditedOnceAndAnnouncedOnceHoweverManyScanRun() throws Exception {
		String policy = policy(Map.of("name", "Fast", "targets", Map.of("urgent", Map.of("firstReply", 30)))).get("id")
			.asString();
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			ids.add(ticket(Map.of("priority", "urgent")).get("id").asString());
		}
		String answered = ticket(Map.of("priority", "urgent")).get("id").asString();
		this.clock.advance(minutes(20));
		this.agent.api().post(comments(answered), Map.of("body", "On it"));
		this.clock.advance(minutes(11));
		ExecutorService pool = Executors.newFixedThreadPool(3);
		try {
			List<Callable<Integer>> scans = List.of(this.scan::scan, this.scan::scan, this.scan::scan);
			for (Future<Integer> result : pool.invokeAll(scans)) {
				result.get();
			}
		}
		finally {
			pool.shutdown();
		}
		await().atMost(PATIENCE).until(() -> ids.stream().allMatch((id) -> !sla(id).get("breachedAt").isNull()));
		for (String id : ids) {
			assertThat(instant(sla(id), "breachedAt")).as("the breach time is the due time")
				.isEqualTo(MONDAY_9.plus(minutes(30)));
		}
		assertThat(sla(answered).get("breachedAt").isNull()).isTrue();
		assertThat(this.agent.api().get("/api/v1/tickets/search?q=sla:breached").json().get("items").size())
			.isEqualTo(6);
		List<JsonNode> announced = outbox("sla.breached");
		assertThat(announced).hasSize(6);
		assertThat(announced.stream().map((event) -> event.get("ticketId").asString()))
			.containsExactlyInAnyOrderElementsOf(ids);
		JsonNode event = announced.getFirst();
		assertThat(event.get("policyId").asString()).isEqualTo(policy);
		assertThat(event.get("metrics").toString()).isEqualTo("[\"firstReply\"]");
		assertThat(Instant.parse(event.get("breachedAt").asString())).isEqualTo(MONDAY_9.plus(minutes(30)));
		for (String id : ids) {
			assertThat(breachAudits(id)).hasSize(1);
		}
		this.scan.scan();
		assertThat(outbox("sla.breached")).hasSize(6);
	}

	@Test
	void aReplyAfterTheDueTimeIsABreachEvenBeforeAScanNoticedIt() throws Exception {
		policy(Map.of("name", "Fast", "targets", Map.of("normal", Map.of("firstReply", 30))));
		String id = ticket(this.customer, Map.of()).get("id").asString();
		try (Connection holder = TestInfrastructure.get().adminConnection()) {
			holder.setAutoCommit(false);
			// A key-share lock makes the scan skip the ticket but lets the agent's update
			// through, so the late reply is what finds the breach.
			try (PreparedStatement lock = holder
				.prepareStatement("SELECT 1 FROM ticket.ticket WHERE id = ?::uuid FOR KEY SHARE")) {
				lock.setString(1, id);
				lock.executeQuery().close();
			}
			this.clock.advance(minutes(45));
			this.scan.scan();
			assertThat(sla(id).get("breachedAt").isNull()).isTrue();
			assertThat(this.agent.api().post(comments(id), Map.of("body", "Sorry for the wait")).status())
				.isEqualTo(201);
			holder.rollback();
		}
		JsonNode sla = sla(id);
		assertThat(instant(sla, "breachedAt")).isEqualTo(MONDAY_9.plus(minutes(30)));
		assertThat(instant(sla, "firstReplyDueAt")).isNull();
		this.scan.scan();
		assertThat(outbox("sla.breached")).hasSize(1);
		List<JsonNode> audits = breachAudits(id);
		assertThat(audits).hasSize(1);
		assertThat(audits.getFirst().at("/changes/0/field").asString()).isEqualTo("slaBreachedAt");
	}

	@Test
	void theScanReadsOnlyWhatItLooksForAndWritesNothingAsThePlatform() throws SQLException {
		policy(Map.of("name", "Urgent only", "targets", Map.of("urgent", Map.of("firstReply", 30))));
		ticket(Map.of("priority", "urgent"));
		ticket(Map.of("priority", "normal"));
		try (Connection app = TestInfrastructure.get()
			.connectAs("ticket_app", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = app.createStatement()) {
			app.setAutoCommit(false);
			statement.execute("SELECT set_config('request.jwt.claims', '{\"app_role\":\"platform\"}', true)");
			assertThat(count(statement, "SELECT count(*) FROM ticket WHERE tenant_id = '" + this.tenant + "'"))
				.isEqualTo(1);
			assertThat(statement
				.executeUpdate("UPDATE ticket SET subject = 'taken' WHERE tenant_id = '" + this.tenant + "'")).isZero();
			assertThat(count(statement, "SELECT count(*) FROM sla_policy")).isZero();
			app.rollback();
			statement.execute("SELECT set_config('request.jwt.claims', '{\"app_role\":\"agent\",\"tenant_id\":\""
					+ this.tenant + "\"}', true)");
			assertThat(statement.executeUpdate("UPDATE sla_policy SET name = 'mine'")).isZero();
			app.rollback();
		}
	}

	// --- helpers ---

	record Caller(UUID userId, ApiClient api) {
	}

	Caller caller(UUID tenantId, AppRole role) {
		UUID userId = UUID.randomUUID();
		IdentityStandIn.user(userId, role);
		return new Caller(userId, ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenantId, userId, role)));
	}

	JsonNode policy(Map<String, ?> body) {
		ApiClient.Response response = this.admin.api().post("/api/v1/sla-policies", body);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	JsonNode ticket(Map<String, ?> fields) {
		return ticket(this.agent, fields);
	}

	JsonNode ticket(Caller caller, Map<String, ?> fields) {
		Map<String, Object> body = new LinkedHashMap<>(fields);
		body.put("subject", "Printer on fire");
		body.put("description", "It smokes");
		ApiClient.Response response = caller.api().post("/api/v1/tickets", body);
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return response.json();
	}

	JsonNode patch(String ticketId, Map<String, ?> body) {
		ApiClient.Response response = send(this.agent, "PATCH", "/api/v1/tickets/" + ticketId, body, null);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json();
	}

	JsonNode sla(String ticketId) {
		return this.agent.api().get("/api/v1/tickets/" + ticketId).json().get("sla");
	}

	static String comments(String ticketId) {
		return "/api/v1/tickets/" + ticketId + "/comments";
	}

	static ApiClient.Response send(Caller caller, String method, String path, Map<String, ?> body,
			@Nullable String ifMatch) {
		ApiClient client = (ifMatch != null) ? caller.api().withHeader("If-Match", ifMatch) : caller.api();
		return client.send(method, path, JSON.writeValueAsString(body), "application/json");
	}

	static @Nullable Instant instant(JsonNode sla, String field) {
		JsonNode value = sla.get(field);
		return (value == null || value.isNull()) ? null : Instant.parse(value.asString());
	}

	static Duration minutes(long minutes) {
		return Duration.ofMinutes(minutes);
	}

	static List<String> errorFields(ApiClient.Response problem) {
		return StreamSupport.stream(problem.json().get("errors").spliterator(), false)
			.map((error) -> error.get("field").asString())
			.toList();
	}

	static List<String> ids(JsonNode page) {
		return StreamSupport.stream(page.get("items").spliterator(), false)
			.map((item) -> item.get("id").asString())
			.toList();
	}

	void remember(Instant occurredAt, Map<String, ?> data) {
		EventEnvelope event = new EventEnvelope(UUID.randomUUID(), EventTypes.TENANT_UPDATED, this.tenant, occurredAt,
				null, JSON.valueToTree(data));
		Tenancy.runAs(CallerIdentity.service(this.tenant, "ticket-service"),
				() -> this.transactions.executeWithoutResult((status) -> this.schedules.remember(event)));
	}

	List<JsonNode> outbox(String type) throws SQLException {
		return rows("SELECT payload::text FROM ticket.outbox_event WHERE tenant_id = ?::uuid AND type = ?",
				this.tenant.toString(), type);
	}

	List<JsonNode> breachAudits(String ticketId) throws SQLException {
		return rows("""
				SELECT json_build_object('via', via, 'actorRole', actor_role, 'changes', changes)::text
				FROM ticket.ticket_audit WHERE ticket_id = ?::uuid AND via LIKE 'sla%'""", ticketId);
	}

	@Nullable String storedZone(UUID tenantId) throws SQLException {
		List<JsonNode> zones = rows(
				"SELECT to_json(time_zone)::text FROM ticket.tenant_schedule WHERE tenant_id = ?::uuid",
				tenantId.toString());
		return zones.isEmpty() ? null : zones.getFirst().asString();
	}

	static List<JsonNode> rows(String sql, String... params) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				query.setString(i + 1, params[i]);
			}
			List<JsonNode> rows = new ArrayList<>();
			try (ResultSet result = query.executeQuery()) {
				while (result.next()) {
					rows.add(JSON.readTree(result.getString(1)));
				}
			}
			return rows;
		}
	}

	static long count(Statement statement, String sql) throws SQLException {
		try (ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getLong(1);
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return new MovableClock();
		}

	}

	/** The application's clock, moved by the tests instead of sleeping. */
	static final class MovableClock extends Clock {

		private volatile Instant now = MONDAY_9;

		void set(Instant instant) {
			this.now = instant;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
