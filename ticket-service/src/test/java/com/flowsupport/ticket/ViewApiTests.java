package com.flowsupport.ticket;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@ServiceIntegrationTest
class ViewApiTests {

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	UUID tenant;

	TicketApi admin;

	TicketApi ana;

	TicketApi ben;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.admin = TicketApi.as(this.port, this.tenant, AppRole.ADMIN);
		this.ana = TicketApi.as(this.port, this.tenant, AppRole.AGENT);
		this.ben = TicketApi.as(this.port, this.tenant, AppRole.AGENT);
	}

	@Test
	void aPersonalViewIsItsOwnersAloneAndASharedViewEveryones() {
		String shared = createOk(this.admin, view("Urgent", "priority:urgent", true));
		String mine = createOk(this.ana, view("Mine", "assignee:me", false));

		assertThat(names(this.ana.get("/api/v1/views"))).containsExactly("Urgent", "Mine");
		assertThat(names(this.ben.get("/api/v1/views"))).containsExactly("Urgent");
		assertThat(names(this.admin.get("/api/v1/views"))).as("not even admins see agents' own views")
			.containsExactly("Urgent");
		for (ApiClient.Response attempt : List.of(this.ben.get("/api/v1/views/" + mine),
				this.ben.get("/api/v1/views/" + mine + "/tickets"),
				put(this.ben, "/api/v1/views/" + mine, view("Stolen", "", false)),
				this.ben.client().delete("/api/v1/views/" + mine), this.admin.get("/api/v1/views/" + mine))) {
			assertThat(attempt.status()).isEqualTo(404);
		}
		assertThat(this.ana.get("/api/v1/views/" + mine).json().get("ownerId").asString())
			.isEqualTo(this.ana.userId().toString());
		assertThat(this.ana.get("/api/v1/views/" + shared).json().get("shared").asBoolean()).isTrue();
	}

	@Test
	void onlyAdminsWriteSharedViewsAndCustomersHaveNone() {
		String shared = createOk(this.admin, view("Urgent", "priority:urgent", true));
		assertThat(this.ana.post("/api/v1/views", view("Team", "", true)).status()).isEqualTo(403);
		assertThat(put(this.ana, "/api/v1/views/" + shared, view("Mine now", "", false)).status()).isEqualTo(403);
		assertThat(this.ana.client().delete("/api/v1/views/" + shared).status()).isEqualTo(403);
		String personal = createOk(this.ana, view("Mine", "", false));
		assertThat(put(this.ana, "/api/v1/views/" + personal, view("Everyone's", "", true)).status())
			.as("an agent cannot share a view either")
			.isEqualTo(403);
		TicketApi customer = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
		assertThat(customer.get("/api/v1/views").status()).isEqualTo(403);
		assertThat(customer.get("/api/v1/views/" + shared + "/tickets").status()).isEqualTo(403);

		assertThat(this.admin.client().delete("/api/v1/views/" + shared).status()).isEqualTo(204);
		assertThat(this.ana.get("/api/v1/views/" + shared).status()).isEqualTo(404);
	}

	@Test
	void theDatabaseItselfKeepsPersonalViewsToTheirOwners() throws SQLException {
		createOk(this.admin, view("Shared", "", true));
		createOk(this.ana, view("Ana's", "", false));
		try (Connection app = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "ticket_app",
				FlowSupportTestInitializer.ROLE_PASSWORD); Statement statement = app.createStatement()) {
			app.setAutoCommit(false);
			claims(statement, this.ben.userId(), "agent");
			assertThat(names(statement, "SELECT name FROM ticket_view ORDER BY id")).containsExactly("Shared");
			assertThat(statement.executeUpdate("UPDATE ticket_view SET name = 'mine'")).as("shared: admins only")
				.isZero();
			assertThat(statement.executeUpdate("DELETE FROM ticket_view")).isZero();
			app.rollback();
			claims(statement, this.ben.userId(), "agent");
			assertThatExceptionOfType(SQLException.class)
				.isThrownBy(() -> statement.executeUpdate(
						"INSERT INTO ticket_view (id, tenant_id, name, sort, columns, created_at, updated_at) VALUES ('"
								+ UUID.randomUUID() + "', '" + this.tenant
								+ "', 'sneaky shared', 'newest', '{subject}', now(), now())"))
				.withMessageContaining("row-level security");
			app.rollback();
			claims(statement, this.ana.userId(), "agent");
			assertThat(names(statement, "SELECT name FROM ticket_view ORDER BY id")).containsExactly("Shared", "Ana's");
			app.rollback();
		}
	}

	@Test
	void aViewRunsForWhoeverOpensItInItsOrder() {
		String first = ticket("first", Map.of("assigneeId", this.ana.userId().toString()));
		String second = ticket("second", Map.of("assigneeId", this.ana.userId().toString(), "status", "pending"));
		ticket("solved", Map.of("assigneeId", this.ana.userId().toString(), "status", "solved"));
		String bens = ticket("ben's", Map.of("assigneeId", this.ben.userId().toString()));
		ticket("unassigned", Map.of());
		Map<String, Object> definition = view("My open tickets", "assignee:me", true);
		definition.put("conditions", List.of(Map.of("field", "status", "operator", "less", "value", "solved")));
		definition.put("sort", "oldest");
		String view = createOk(this.admin, definition);

		JsonNode page = this.ana.get("/api/v1/views/" + view + "/tickets?limit=1").json();
		assertThat(TicketApiTests.ids(page)).containsExactly(first);
		JsonNode next = this.ana
			.get("/api/v1/views/" + view + "/tickets?limit=1&cursor=" + page.get("nextCursor").asString())
			.json();
		assertThat(TicketApiTests.ids(next)).containsExactly(second);
		assertThat(next.get("nextCursor").isNull()).isTrue();
		assertThat(TicketApiTests.ids(this.ben.get("/api/v1/views/" + view + "/tickets").json())).containsExactly(bens);
	}

	@Test
	void countsFollowEachViewAndAreReusedBriefly() {
		ticket("urgent one", Map.of("priority", "urgent"));
		ticket("urgent two", Map.of("priority", "urgent", "assigneeId", this.ana.userId().toString()));
		ticket("calm", Map.of("priority", "low"));
		String urgent = createOk(this.admin, view("Urgent", "priority:urgent", true));
		createOk(this.admin, view("Mine", "assignee:me", true));
		createOk(this.ana, view("All", "", false));

		assertThat(counts(this.ana)).containsExactly(Map.entry("Urgent", 2L), Map.entry("Mine", 1L),
				Map.entry("All", 3L));
		assertThat(counts(this.ben)).containsExactly(Map.entry("Urgent", 2L), Map.entry("Mine", 0L));

		ticket("urgent three", Map.of("priority", "urgent"));
		assertThat(counts(this.ben)).as("a count is reused for a while").contains(Map.entry("Urgent", 2L));
		put(this.admin, "/api/v1/views/" + urgent, view("Urgent", "priority:urgent", true));
		assertThat(counts(this.ben)).as("an edited view is counted afresh").contains(Map.entry("Urgent", 3L));
		TicketApi otherTenant = TicketApi.as(this.port, UUID.randomUUID(), AppRole.ADMIN);
		assertThat(counts(otherTenant)).isEmpty();
	}

	@Test
	void whatAViewShowsIsCheckedWhenItIsSaved() {
		assertThat(fields(this.ana.post("/api/v1/views", view("Bad", "colour:blue", false)))).containsExactly("query");
		assertThat(fields(this.ana.post("/api/v1/views", view("Bad", "status:sleeping", false))))
			.containsExactly("query");
		assertThat(fields(this.ana.post("/api/v1/views", view("Bad", "created>yesterday", false))))
			.containsExactly("query");
		Map<String, Object> conditions = view("Bad", "", false);
		conditions.put("conditions",
				List.of(Map.of("field", "status", "value", "open"), Map.of("field", "colour", "value", "blue"),
						Map.of("field", "status", "operator", "about", "value", "open")));
		assertThat(fields(this.ana.post("/api/v1/views", conditions))).containsExactly("conditions[1]",
				"conditions[2]");
		conditions.put("conditions", List.of(Map.of("field", "priority", "value", "extreme")));
		assertThat(fields(this.ana.post("/api/v1/views", conditions))).containsExactly("conditions");
		Map<String, Object> sorted = view("Bad", "status:open", false);
		sorted.put("sort", "sideways");
		assertThat(fields(this.ana.post("/api/v1/views", sorted))).containsExactly("sort");
		sorted.put("sort", "relevance");
		assertThat(fields(this.ana.post("/api/v1/views", sorted))).as("relevance needs words to rank by")
			.containsExactly("sort");
		Map<String, Object> columns = view("Bad", "", false);
		columns.put("columns", List.of("subject", "passwordHash"));
		assertThat(fields(this.ana.post("/api/v1/views", columns))).containsExactly("columns");
		columns.put("columns", List.of("subject", "subject"));
		assertThat(fields(this.ana.post("/api/v1/views", columns))).containsExactly("columns");
		Map<String, Object> unknown = view("Bad", "", false);
		unknown.put("ownerId", this.ben.userId().toString());
		assertThat(fields(this.ana.post("/api/v1/views", unknown))).containsExactly("ownerId");
		assertThat(names(this.ana.get("/api/v1/views"))).isEmpty();

		this.admin.post("/api/v1/ticket-fields", Map.of("key", "plan", "title", "Plan", "type", "text"));
		Map<String, Object> good = view("Refunds by plan", "refund status<solved", false);
		good.put("columns", List.of("number", "subject", "customFields.plan"));
		ApiClient.Response created = this.ana.post("/api/v1/views", good);
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("sort").asString()).as("words rank by relevance unless told")
			.isEqualTo("relevance");
		assertThat(created.json().get("columns").toString()).contains("customFields.plan");
		assertThat(created.header("ETag")).isEqualTo("\"0\"");
	}

	@Test
	void aStaleIfMatchIsRefused() {
		ApiClient.Response created = this.ana.post("/api/v1/views", view("Mine", "", false));
		String id = created.json().get("id").asString();
		String etag = created.header("ETag");
		ApiClient.Response renamed = this.ana.client()
			.withHeader("If-Match", etag)
			.send("PUT", "/api/v1/views/" + id, JSON.writeValueAsString(view("Renamed", "", false)),
					"application/json");
		assertThat(renamed.status()).isEqualTo(200);
		assertThat(renamed.json().get("version").asLong()).isEqualTo(1);
		ApiClient.Response stale = this.ana.client()
			.withHeader("If-Match", etag)
			.send("PUT", "/api/v1/views/" + id, JSON.writeValueAsString(view("Again", "", false)), "application/json");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(this.ana.get("/api/v1/views/" + id).json().get("name").asString()).isEqualTo("Renamed");
	}

	@Test
	void anotherTenantsViewDoesNotExist() {
		String shared = createOk(this.admin, view("Urgent", "priority:urgent", true));
		TicketApi intruder = TicketApi.as(this.port, UUID.randomUUID(), AppRole.ADMIN);
		assertThat(intruder.get("/api/v1/views/" + shared).status()).isEqualTo(404);
		assertThat(intruder.get("/api/v1/views/" + shared + "/tickets").status()).isEqualTo(404);
		assertThat(put(intruder, "/api/v1/views/" + shared, view("Mine", "", true)).status()).isEqualTo(404);
		assertThat(intruder.client().delete("/api/v1/views/" + shared).status()).isEqualTo(404);
		assertThat(names(intruder.get("/api/v1/views"))).isEmpty();
	}

	private String ticket(String subject, Map<String, String> fields) {
		Map<String, Object> body = new HashMap<>(fields);
		body.put("subject", subject);
		body.put("description", "d");
		return this.admin.createOk(body).get("id").asString();
	}

	private static Map<String, Object> view(String name, String query, boolean shared) {
		Map<String, Object> view = new HashMap<>();
		view.put("name", name);
		view.put("query", query);
		view.put("shared", shared);
		return view;
	}

	private static String createOk(TicketApi caller, Map<String, Object> view) {
		ApiClient.Response created = caller.post("/api/v1/views", view);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static ApiClient.Response put(TicketApi caller, String path, Map<String, Object> body) {
		return caller.client().send("PUT", path, JSON.writeValueAsString(body), "application/json");
	}

	private static List<String> names(ApiClient.Response page) {
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<String> names = new ArrayList<>();
		page.json().get("items").values().forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	private static List<Map.Entry<String, Long>> counts(TicketApi caller) {
		ApiClient.Response page = caller.get("/api/v1/views/count");
		assertThat(page.status()).as(page.body()).isEqualTo(200);
		List<Map.Entry<String, Long>> counts = new ArrayList<>();
		page.json()
			.get("items")
			.values()
			.forEach((item) -> counts.add(Map.entry(item.get("name").asString(), item.get("count").asLong())));
		return counts;
	}

	private static List<String> fields(ApiClient.Response problem) {
		assertThat(problem.status()).as(problem.body()).isEqualTo(422);
		return TicketApiTests.errorFields(problem);
	}

	private void claims(Statement statement, UUID user, String role) throws SQLException {
		statement.execute("SELECT set_config('request.jwt.claims', '{\"tenant_id\":\"" + this.tenant + "\",\"sub\":\""
				+ user + "\",\"app_role\":\"" + role + "\"}', true)");
	}

	private static List<String> names(Statement statement, String sql) throws SQLException {
		List<String> names = new ArrayList<>();
		try (ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				names.add(rows.getString(1));
			}
		}
		return names;
	}

}
