package com.flowsupport.ticket.rules;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;
import com.flowsupport.ticket.IdentityStandIn;

import static org.assertj.core.api.Assertions.assertThat;

/** Triggers and macros, driven through the HTTP API as an admin and agents would. */
@ServiceIntegrationTest
class BusinessRulesTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	UUID tenant;

	Caller admin;

	Caller agent;

	Caller customer;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.admin = caller(this.tenant, AppRole.ADMIN);
		this.agent = caller(this.tenant, AppRole.AGENT);
		this.customer = caller(this.tenant, AppRole.CUSTOMER);
	}

	// --- triggers ---

	@Test
	void aTriggerActsOnNewTickets() {
		UUID billing = UUID.randomUUID();
		String trigger = this.admin.created("/api/v1/triggers", Map.of("name", "Refunds to billing", "conditions",
				Map.of("all",
						List.of(condition("update_type", "is", "created"), condition("subject", "contains", "REFUND"))),
				"actions", List.of(action("add_tags", List.of("refund")), action("group", billing.toString()),
						action("priority", "high"))))
			.get("id")
			.asString();

		JsonNode refund = this.customer.created("/api/v1/tickets",
				Map.of("subject", "Refund for order 42", "description", "charged twice"));
		assertThat(refund.get("tags").toString()).isEqualTo("[\"refund\"]");
		assertThat(refund.get("groupId").asString()).isEqualTo(billing.toString());
		assertThat(refund.get("priority").asString()).isEqualTo("high");

		JsonNode other = this.customer.created("/api/v1/tickets", Map.of("subject", "Hello", "description", "hi"));
		assertThat(other.get("tags").size()).isZero();
		assertThat(other.get("priority").asString()).isEqualTo("normal");

		List<JsonNode> audit = items(this.agent.get("/api/v1/tickets/" + refund.get("id").asString() + "/audit"));
		JsonNode byTrigger = audit.stream()
			.filter((entry) -> entry.get("via").asString().equals("trigger:" + trigger))
			.findFirst()
			.orElseThrow();
		assertThat(byTrigger.get("changes").toString()).contains("\"field\":\"tags\"", "\"field\":\"groupId\"",
				"\"to\":\"high\"");
		assertThat(byTrigger.get("actorId").asString()).isEqualTo(this.customer.userId().toString());
	}

	@Test
	void solvingATicketNotifiesTheRequester() throws Exception {
		String trigger = this.admin
			.created("/api/v1/triggers",
					Map.of("name", "Tell the requester", "conditions", Map.of("all", List
						.of(condition("update_type", "is", "updated"), condition("status", "changed_to", "solved"))),
							"actions",
							List.of(action("notify",
									Map.of("recipient", "requester", "subject", "Ticket #{{ticket.number}} is solved",
											"body", "We solved \"{{ticket.subject}}\". {{ticket.description}}")))))
			.get("id")
			.asString();
		JsonNode ticket = this.customer.created("/api/v1/tickets",
				Map.of("subject", "Printer {{ticket.id}} jams", "description", "paper everywhere"));
		String id = ticket.get("id").asString();
		assertThat(notifications()).isEmpty();

		this.agent.patch(id, Map.of("status", "solved"));
		this.agent.patch(id, Map.of("priority", "low"));

		List<JsonNode> notifications = notifications();
		assertThat(notifications).hasSize(1);
		JsonNode payload = notifications.getFirst();
		assertThat(payload.get("ticketId").asString()).isEqualTo(id);
		assertThat(payload.get("recipient").asString()).isEqualTo("requester");
		assertThat(payload.get("subject").asString())
			.isEqualTo("Ticket #" + ticket.get("number").asLong() + " is solved");
		// Placeholders in what a customer wrote are text, not rendered again.
		assertThat(payload.get("body").asString())
			.isEqualTo("We solved \"Printer {{ticket.id}} jams\". paper everywhere");
		assertThat(payload.get("via").asString()).isEqualTo("trigger:" + trigger);
	}

	@Test
	void allConditionsMustHoldAndOneOfAny() {
		this.admin.created("/api/v1/triggers", Map.of("name", "VIP urgent", "conditions",
				Map.of("all", List.of(condition("priority", "is", "urgent")), "any",
						List.of(condition("tags", "includes", "vip gold"), condition("channel", "is", "email"))),
				"actions", List.of(action("add_tags", "escalated"))));
		assertThat(tagsOfNew(Map.of("priority", "urgent"))).doesNotContain("escalated");
		assertThat(tagsOfNew(Map.of("priority", "urgent", "tags", List.of("gold")))).contains("escalated");
		assertThat(tagsOfNew(Map.of("priority", "urgent", "channel", "email"))).contains("escalated");
		assertThat(tagsOfNew(Map.of("priority", "high", "tags", List.of("vip")))).doesNotContain("escalated");
	}

	@Test
	void triggersRunInPositionOrderAndStartOverAfterEachFiring() {
		String third = trigger(0, "tags", "includes", "step2", action("add_tags", "step3"));
		String first = trigger(1, "subject", "contains", "go", action("add_tags", "step1"));
		String second = trigger(2, "tags", "includes", "step1", action("add_tags", "step2"));
		JsonNode ticket = this.agent.created("/api/v1/tickets", Map.of("subject", "go now", "description", "d"));
		// Tags are appended as added: step1 (the first to match), then step2, then step3,
		// which only the restart after step2 lets the top trigger see.
		assertThat(ticket.get("tags").toString()).isEqualTo("[\"step1\",\"step2\",\"step3\"]");
		assertThat(vias(ticket.get("id").asString())).containsExactlyInAnyOrder("api", "trigger:" + first,
				"trigger:" + second, "trigger:" + third);

		String high = trigger(10, "subject", "contains", "order", action("priority", "high"));
		String low = trigger(11, "subject", "contains", "order", action("priority", "low"));
		assertThat(this.agent.created("/api/v1/tickets", Map.of("subject", "order", "description", "d"))
			.get("priority")
			.asString()).as("the later trigger has the last word").isEqualTo("low");
		ApiClient.Response read = this.agent.get("/api/v1/triggers/" + high);
		ApiClient.Response moved = this.admin.patch("/api/v1/triggers/" + high, Map.of("position", 12),
				read.header("ETag"));
		assertThat(moved.status()).isEqualTo(200);
		assertThat(this.admin.patch("/api/v1/triggers/" + high, Map.of("position", 13), read.header("ETag")).status())
			.isEqualTo(412);
		assertThat(this.agent.created("/api/v1/tickets", Map.of("subject", "order", "description", "d"))
			.get("priority")
			.asString()).isEqualTo("high");
		assertThat(ids(this.agent.get("/api/v1/triggers"))).containsExactly(third, first, second, low, high);
		this.admin.patch("/api/v1/triggers/" + high, Map.of("active", false), null);
		assertThat(ids(this.agent.get("/api/v1/triggers?active=true"))).doesNotContain(high);
		assertThat(this.agent.created("/api/v1/tickets", Map.of("subject", "order", "description", "d"))
			.get("priority")
			.asString()).as("inactive triggers do not run").isEqualTo("low");
	}

	@Test
	void triggersThatUndoEachOtherFireOnceEachAndTheUpdateCompletes() {
		String lower = trigger(0, "priority", "is", "high", action("priority", "low"));
		String raise = trigger(1, "priority", "is", "low", action("priority", "high"));
		ApiClient.Response created = this.agent
			.create(Map.of("subject", "ping", "description", "pong", "priority", "high"));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.json().get("priority").asString()).isEqualTo("high");
		assertThat(vias(id)).containsExactlyInAnyOrder("api", "trigger:" + lower, "trigger:" + raise);

		ApiClient.Response updated = this.agent.patch(id, Map.of("priority", "low"));
		assertThat(updated.status()).isEqualTo(200);
		assertThat(updated.json().get("priority").asString()).isEqualTo("low");
		assertThat(vias(id)).containsExactlyInAnyOrder("api", "trigger:" + lower, "trigger:" + raise, "api",
				"trigger:" + raise, "trigger:" + lower);
	}

	@Test
	void aTriggersOwnNoteDoesNotSetOffTriggers() {
		this.admin.created("/api/v1/triggers",
				Map.of("name", "Escalation note", "conditions",
						Map.of("all", List.of(condition("priority", "changed_to", "urgent"))), "actions",
						List.of(action("add_note", "Escalated #{{ticket.number}} ({{ticket.priority}})"))));
		this.admin.created("/api/v1/triggers",
				Map.of("name", "Mark internal discussion", "conditions",
						Map.of("all",
								List.of(condition("comment_is_public", "is", false),
										condition("comment_by_customer", "is", false))),
						"actions", List.of(action("add_tags", "discussed"), action("add_note", "Tagged."))));
		JsonNode ticket = this.agent.created("/api/v1/tickets",
				Map.of("subject", "s", "description", "d", "requesterId", this.customer.userId().toString()));
		String id = ticket.get("id").asString();

		JsonNode urgent = this.agent.patch(id, Map.of("priority", "urgent")).json();
		assertThat(urgent.get("tags").size()).isZero();
		assertThat(internalNotes(id)).containsExactly("Escalated #" + ticket.get("number").asLong() + " (urgent)");

		this.agent.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "looking into it", "public", false));
		assertThat(this.agent.get("/api/v1/tickets/" + id).json().get("tags").toString()).isEqualTo("[\"discussed\"]");
		assertThat(internalNotes(id)).containsExactlyInAnyOrder(
				"Escalated #" + ticket.get("number").asLong() + " (urgent)", "looking into it", "Tagged.");
		assertThat(items(this.customer.get("/api/v1/tickets/" + id + "/comments"))).isEmpty();
	}

	@Test
	void anActionThatCannotApplyIsLeftOutAndTheUpdateStands() {
		this.admin.created("/api/v1/triggers",
				Map.of("name", "Follow-ups reopen", "conditions",
						Map.of("all", List.of(condition("tags", "includes", "followup"))), "actions",
						List.of(action("status", "open"), action("add_tags", "seen"))));
		String id = this.agent
			.created("/api/v1/tickets", Map.of("subject", "s", "description", "d", "status", "solved"))
			.get("id")
			.asString();
		assertThat(this.agent.patch(id, Map.of("status", "closed")).status()).isEqualTo(200);
		ApiClient.Response tagged = this.agent.patch(id, Map.of("addTags", List.of("followup")));
		assertThat(tagged.status()).isEqualTo(200);
		assertThat(tagged.json().get("status").asString()).as("closed is final").isEqualTo("closed");
		assertThat(tagged.json().get("tags").toString()).isEqualTo("[\"followup\",\"seen\"]");
	}

	@Test
	void customFieldsAndAssignmentToTheCurrentUser() {
		assertThat(
				this.admin
					.post("/api/v1/ticket-fields",
							Map.of("key", "plan", "title", "Plan", "type", "dropdown", "options", List
								.of(Map.of("value", "free", "label", "Free"), Map.of("value", "pro", "label", "Pro"))))
					.status())
			.isEqualTo(201);
		this.admin.created("/api/v1/triggers", Map.of("name", "Pro customers", "conditions",
				Map.of("all", List.of(condition("custom_fields.plan", "is", "pro"), condition("assignee", "is", null))),
				"actions", List.of(action("assignee", "current_user"), action("custom_fields.plan", "free"))));
		JsonNode ticket = this.agent.created("/api/v1/tickets",
				Map.of("subject", "s", "description", "d", "customFields", Map.of("plan", "pro")));
		assertThat(ticket.get("assigneeId").asString()).isEqualTo(this.agent.userId().toString());
		assertThat(ticket.at("/customFields/plan").asString()).isEqualTo("free");
	}

	@Test
	void invalidDefinitionsAreRefusedNamingTheItem() {
		ApiClient.Response invalid = this.admin
			.post("/api/v1/triggers",
					Map.of("name", "Broken", "conditions", Map.of("all",
							List.of(condition("status", "is",
									"open"), condition("colour", "is", "red"), condition("priority", "contains", "hi")),
							"any",
							List.of(condition("status", "is", "done"), condition("tags", "includes", 7),
									condition("custom_fields.nope", "is", "x"))),
							"actions", List.of(action("priority", "high"), action("explode", true),
									action("status", "closed"), action("notify", Map.of("recipient", "everyone",
											"subject", "{{ticket.secret}}", "body", "b")),
									action("comment", Map.of("body", "macro only")))));
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(errorFields(invalid)).containsExactlyInAnyOrder("conditions.all[1].field",
				"conditions.all[2].operator", "conditions.any[0].value", "conditions.any[1].value",
				"conditions.any[2].field", "actions[1].field", "actions[2].value", "actions[3].value.recipient",
				"actions[3].value.subject", "actions[4].field");
		assertThat(invalid.body()).contains("unknown placeholder [ticket.secret]");

		assertThat(
				errorFields(
						this.admin.post("/api/v1/triggers",
								Map.of("name", "Empty", "conditions", Map.of("all", List.of()), "actions", List.of(),
										"colour", "red"))))
			.containsExactlyInAnyOrder("conditions", "actions", "colour");
		assertThat(errorFields(this.admin.post("/api/v1/macros",
				Map.of("name", "Notifier", "actions", List.of(action("notify", Map.of("recipient", "requester")))))))
			.containsExactly("actions[0].field");
		assertThat(items(this.admin.get("/api/v1/triggers"))).isEmpty();
	}

	@Test
	void agentsReadTriggersButOnlyAdminsWriteThem() {
		Map<String, Object> definition = Map.of("name", "t", "conditions",
				Map.of("all", List.of(condition("update_type", "is", "created"))), "actions",
				List.of(action("add_tags", "new")));
		assertThat(this.agent.post("/api/v1/triggers", definition).status()).isEqualTo(403);
		String id = this.admin.created("/api/v1/triggers", definition).get("id").asString();
		assertThat(this.agent.get("/api/v1/triggers/" + id).status()).isEqualTo(200);
		assertThat(ids(this.agent.get("/api/v1/triggers"))).containsExactly(id);
		assertThat(this.agent.patch("/api/v1/triggers/" + id, Map.of("active", false), null).status()).isEqualTo(403);
		assertThat(this.agent.client().delete("/api/v1/triggers/" + id).status()).isEqualTo(403);
		assertThat(this.customer.get("/api/v1/triggers").status()).isEqualTo(403);
		assertThat(this.admin.client().delete("/api/v1/triggers/" + id).status()).isEqualTo(204);
		assertThat(this.agent.get("/api/v1/triggers/" + id).status()).isEqualTo(404);
	}

	// --- macros ---

	@Test
	void aMacroAppliesItsActionsAndComment() {
		JsonNode macro = this.admin.created("/api/v1/macros",
				Map.of("name", "Take it and ask for details", "actions", List.of(action("status", "pending"),
						action("add_tags", List.of("needs-info")), action("assignee", "current_user"),
						action("comment", Map.of("body", "Could you send a screenshot of {{ticket.subject}}?")))));
		assertThat(macro.get("ownerId").isNull()).isTrue();
		String macroId = macro.get("id").asString();
		ApiClient.Response created = this.agent.create(
				Map.of("subject", "the error", "description", "d", "requesterId", this.customer.userId().toString()));
		String id = created.json().get("id").asString();

		JsonNode preview = this.agent.get("/api/v1/tickets/" + id + "/macros/" + macroId + "/preview").json();
		assertThat(preview.get("changes").toString()).contains("\"field\":\"status\"", "\"to\":\"pending\"",
				"needs-info", this.agent.userId().toString());
		assertThat(preview.at("/comment/body").asString()).isEqualTo("Could you send a screenshot of the error?");
		assertThat(this.agent.get("/api/v1/tickets/" + id).json().get("version").asLong())
			.isEqualTo(created.json().get("version").asLong());

		ApiClient.Response stale = this.agent.client()
			.withHeader("If-Match", "\"99\"")
			.post("/api/v1/tickets/" + id + "/macros/" + macroId + "/apply", Map.of());
		assertThat(stale.status()).isEqualTo(412);
		ApiClient.Response applied = this.agent.client()
			.withHeader("If-Match", created.header("ETag"))
			.post("/api/v1/tickets/" + id + "/macros/" + macroId + "/apply", Map.of());
		assertThat(applied.status()).isEqualTo(200);
		JsonNode ticket = applied.json();
		assertThat(ticket.get("status").asString()).isEqualTo("pending");
		assertThat(ticket.get("tags").toString()).isEqualTo("[\"needs-info\"]");
		assertThat(ticket.get("assigneeId").asString()).isEqualTo(this.agent.userId().toString());
		assertThat(applied.header("ETag")).isEqualTo("\"" + ticket.get("version").asLong() + "\"");
		List<JsonNode> comments = items(this.customer.get("/api/v1/tickets/" + id + "/comments"));
		assertThat(comments).extracting((comment) -> comment.get("body").asString())
			.containsExactly("Could you send a screenshot of the error?");
		assertThat(vias(id)).contains("macro:" + macroId);
	}

	@Test
	void personalMacrosAreTheirOwnersAlone() throws Exception {
		Caller colleague = caller(this.tenant, AppRole.AGENT);
		Map<String, Object> definition = Map.of("name", "My reply", "actions",
				List.of(action("comment", Map.of("body", "Thanks!", "public", false))));
		JsonNode personal = this.agent.created("/api/v1/macros", definition);
		String mine = personal.get("id").asString();
		assertThat(personal.get("ownerId").asString()).isEqualTo(this.agent.userId().toString());
		String shared = this.admin
			.created("/api/v1/macros", Map.of("name", "Solve", "actions", List.of(action("status", "solved"))))
			.get("id")
			.asString();

		assertThat(ids(this.agent.get("/api/v1/macros"))).containsExactlyInAnyOrder(mine, shared);
		assertThat(ids(colleague.get("/api/v1/macros"))).containsExactly(shared);
		assertThat(ids(this.admin.get("/api/v1/macros"))).containsExactly(shared);
		assertThat(colleague.get("/api/v1/macros/" + mine).status()).isEqualTo(404);
		String ticket = this.agent.created("/api/v1/tickets", Map.of("subject", "s", "description", "d"))
			.get("id")
			.asString();
		assertThat(colleague.post("/api/v1/tickets/" + ticket + "/macros/" + mine + "/apply", Map.of()).status())
			.isEqualTo(404);
		assertThat(colleague.patch("/api/v1/macros/" + mine, Map.of("name", "x"), null).status()).isEqualTo(404);

		assertThat(colleague
			.post("/api/v1/macros",
					Map.of("name", "Team", "personal", false, "actions", List.of(action("priority", "low"))))
			.status()).isEqualTo(403);
		assertThat(colleague.patch("/api/v1/macros/" + shared, Map.of("name", "Mine now"), null).status())
			.isEqualTo(403);
		assertThat(this.customer.get("/api/v1/macros").status()).isEqualTo(403);

		try (Connection app = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "ticket_app",
				FlowSupportTestInitializer.ROLE_PASSWORD); Statement statement = app.createStatement()) {
			app.setAutoCommit(false);
			statement.execute("SELECT set_config('request.jwt.claims', '{\"tenant_id\":\"" + this.tenant
					+ "\",\"sub\":\"" + colleague.userId() + "\",\"app_role\":\"agent\"}', true)");
			try (ResultSet rows = statement.executeQuery("SELECT id FROM macro")) {
				List<String> visible = new ArrayList<>();
				while (rows.next()) {
					visible.add(rows.getString(1));
				}
				assertThat(visible).as("the database hides another agent's personal macro").containsExactly(shared);
			}
			assertThat(statement.executeUpdate("DELETE FROM macro")).as("an agent cannot delete shared macros")
				.isZero();
			app.rollback();
		}
	}

	@Test
	void anotherTenantsRulesDoNotExist() {
		Caller intruder = caller(UUID.randomUUID(), AppRole.ADMIN);
		String trigger = trigger(0, "update_type", "is", "created", action("add_tags", "ours"));
		String macro = this.admin
			.created("/api/v1/macros", Map.of("name", "m", "actions", List.of(action("priority", "low"))))
			.get("id")
			.asString();
		String ticket = this.agent.created("/api/v1/tickets", Map.of("subject", "s", "description", "d"))
			.get("id")
			.asString();
		ApiClient.Response read = intruder.get("/api/v1/triggers/" + trigger);
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.contentType()).startsWith("application/problem+json");
		assertThat(intruder.patch("/api/v1/triggers/" + trigger, Map.of("active", false), null).status())
			.isEqualTo(404);
		assertThat(intruder.client().delete("/api/v1/triggers/" + trigger).status()).isEqualTo(404);
		assertThat(intruder.get("/api/v1/macros/" + macro).status()).isEqualTo(404);
		assertThat(intruder.client().delete("/api/v1/macros/" + macro).status()).isEqualTo(404);
		assertThat(items(intruder.get("/api/v1/triggers"))).isEmpty();
		assertThat(items(intruder.get("/api/v1/macros"))).isEmpty();

		String theirMacro = intruder
			.created("/api/v1/macros", Map.of("name", "m", "actions", List.of(action("priority", "urgent"))))
			.get("id")
			.asString();
		assertThat(this.agent.post("/api/v1/tickets/" + ticket + "/macros/" + theirMacro + "/apply", Map.of()).status())
			.isEqualTo(404);
		assertThat(intruder.post("/api/v1/tickets/" + ticket + "/macros/" + theirMacro + "/apply", Map.of()).status())
			.isEqualTo(404);
		assertThat(intruder.created("/api/v1/tickets", Map.of("subject", "s", "description", "d")).get("tags").size())
			.as("our triggers do not run on their tickets")
			.isZero();
		assertThat(this.agent.get("/api/v1/tickets/" + ticket).json().get("priority").asString()).isEqualTo("normal");
	}

	// --- helpers ---

	private String trigger(int position, String field, String operator, Object value, Map<String, Object> action) {
		return this.admin
			.created("/api/v1/triggers",
					Map.of("name", field + " " + operator + " " + value, "position", position, "conditions",
							Map.of("all", List.of(condition(field, operator, value))), "actions", List.of(action)))
			.get("id")
			.asString();
	}

	private List<String> tagsOfNew(Map<String, Object> fields) {
		Map<String, Object> body = new HashMap<>(fields);
		body.put("subject", "s");
		body.put("description", "d");
		return StreamSupport.stream(this.agent.created("/api/v1/tickets", body).get("tags").spliterator(), false)
			.map(JsonNode::asString)
			.toList();
	}

	private List<String> vias(String ticketId) {
		return items(this.agent.get("/api/v1/tickets/" + ticketId + "/audit")).stream()
			.map((entry) -> entry.get("via").asString())
			.toList();
	}

	private List<String> internalNotes(String ticketId) {
		return items(this.agent.get("/api/v1/tickets/" + ticketId + "/comments")).stream()
			.filter((comment) -> !comment.get("public").asBoolean())
			.map((comment) -> comment.get("body").asString())
			.toList();
	}

	private List<JsonNode> notifications() throws Exception {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(
						"SELECT payload::text FROM ticket.outbox_event WHERE tenant_id = ? AND type = ? ORDER BY occurred_at")) {
			query.setObject(1, this.tenant);
			query.setString(2, "ticket.notification_requested");
			List<JsonNode> payloads = new ArrayList<>();
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					payloads.add(JSON.readTree(rows.getString(1)));
				}
			}
			return payloads;
		}
	}

	private static Map<String, Object> condition(String field, String operator, Object value) {
		Map<String, Object> condition = new HashMap<>();
		condition.put("field", field);
		condition.put("operator", operator);
		condition.put("value", value);
		return condition;
	}

	private static Map<String, Object> action(String field, Object value) {
		Map<String, Object> action = new HashMap<>();
		action.put("field", field);
		action.put("value", value);
		return action;
	}

	private static List<JsonNode> items(ApiClient.Response response) {
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return StreamSupport.stream(response.json().get("items").spliterator(), false).toList();
	}

	private static List<String> ids(ApiClient.Response response) {
		return items(response).stream().map((item) -> item.get("id").asString()).toList();
	}

	private static List<String> errorFields(ApiClient.Response problem) {
		assertThat(problem.status()).as(problem.body()).isEqualTo(422);
		return StreamSupport.stream(problem.json().get("errors").spliterator(), false)
			.map((error) -> error.get("field").asString())
			.toList();
	}

	private Caller caller(UUID tenantId, AppRole role) {
		UUID user = UUID.randomUUID();
		IdentityStandIn.user(user, role);
		return new Caller(user, ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenantId, user, role)));
	}

	/** One user of one tenant, calling the API with a token for their role. */
	record Caller(UUID userId, ApiClient client) {

		ApiClient.Response get(String path) {
			return this.client.get(path);
		}

		ApiClient.Response post(String path, Object body) {
			return this.client.post(path, body);
		}

		ApiClient.Response create(Map<String, ?> ticket) {
			return post("/api/v1/tickets", ticket);
		}

		JsonNode created(String path, Object body) {
			ApiClient.Response response = post(path, body);
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			return response.json();
		}

		ApiClient.Response patch(String path, Map<String, ?> body, @Nullable String ifMatch) {
			ApiClient client = (ifMatch != null) ? this.client.withHeader("If-Match", ifMatch) : this.client;
			return client.send("PATCH", path, JSON.writeValueAsString(body), "application/json");
		}

		/** Updates a ticket. */
		ApiClient.Response patch(String ticketId, Map<String, ?> body) {
			return patch("/api/v1/tickets/" + ticketId, body, null);
		}

	}

}
