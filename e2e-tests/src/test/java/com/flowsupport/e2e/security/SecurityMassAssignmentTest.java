package com.flowsupport.e2e.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Org.rows;
import static com.flowsupport.e2e.security.Org.sql;
import static com.flowsupport.e2e.security.Probes.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API3, broken object property level authorisation (mass assignment): fields a
 * client must never set ({@code tenantId}, {@code role}, {@code requesterId}, {@code id},
 * {@code number}, {@code version}, {@code createdAt}, {@code plan}, ...) written into
 * create and update bodies. Either the request is refused as a 422 problem and nothing is
 * stored, or the fields are ignored; the stored rows, read past RLS, prove which.
 */
class SecurityMassAssignmentTest {

	private static final String FORGED_ID = "00000000-0000-7000-8000-000000000001";

	private static final String LONG_AGO = "2001-01-01T00:00:00Z";

	private static Org acme;

	private static Org victim;

	@BeforeAll
	static void tenants() {
		acme = Org.signup();
		victim = Org.signup();
	}

	@Test
	void signupCannotChooseARolePlanOrTenant() {
		String slug = "sec-" + UUID.randomUUID().toString().substring(0, 8);
		String email = "founder@" + slug + ".example.com";
		Map<String, Object> body = new LinkedHashMap<>(Map.of("tenantName", "Forged", "tenantSlug", slug, "adminName",
				"Founder", "adminEmail", email, "adminPassword", Org.PASSWORD));
		body.putAll(Map.of("role", "super_admin", "appRole", "super_admin", "plan", "enterprise", "tenantId",
				victim.tenantId(), "id", FORGED_ID, "status", "suspended"));
		ApiClient.Response response = Org.gateway().post("/api/v1/auth/signup", body);

		if (response.status() == 201) {
			assertThat(sql("SELECT role FROM identity.app_user WHERE email = ?", email)).isEqualTo("admin");
			assertThat(sql("SELECT plan || '/' || status FROM identity.tenant WHERE slug = ?", slug))
				.isEqualTo("standard/active");
			assertThat(sql("SELECT count(*) FROM identity.app_user WHERE id = ?::uuid", FORGED_ID)).isEqualTo("0");
		}
		else {
			assertProblem(response, "signup with forged fields", 400, 422);
			assertThat(sql("SELECT count(*) FROM identity.tenant WHERE slug = ?", slug)).isEqualTo("0");
		}
		assertThat(rows("identity.app_user", victim.tenantId())).isEqualTo(1);
	}

	@Test
	void aNewUserLandsInTheAdminsTenantWithTheRoleGivenAndAnIdOfItsOwn() {
		String email = "new-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
		ApiClient.Response response = acme.admin()
			.post("/api/v1/users", Map.of("email", email, "name", "New", "role", "agent", "appRole", "super_admin",
					"tenantId", victim.tenantId(), "id", FORGED_ID, "createdAt", LONG_AGO, "version", 42));

		assertThat(response.status()).as(response.body()).isIn(201, 422);
		if (response.status() == 201) {
			assertThat(sql("SELECT tenant_id || '/' || role FROM identity.app_user WHERE email = ?", email))
				.isEqualTo(acme.tenantId() + "/agent");
			assertThat(
					sql("SELECT created_at > now() - interval '1 hour' FROM identity.app_user WHERE email = ?", email))
				.isEqualTo("t");
		}
		assertThat(sql("SELECT count(*) FROM identity.app_user WHERE id = ?::uuid", FORGED_ID)).isEqualTo("0");
		assertThat(rows("identity.app_user", victim.tenantId())).isEqualTo(1);
	}

	@Test
	void agentsAndCustomersCannotPromoteThemselves() {
		Org.Member agent = acme.newMember("agent");
		Org.Member customer = acme.newMember("customer");

		assertProblem(
				agent.login().send("PATCH", "/api/v1/users/" + agent.id(), "{\"role\":\"admin\"}", "application/json"),
				"agent promoting self", 403);
		assertProblem(
				customer.login()
					.send("PATCH", "/api/v1/users/" + customer.id(), "{\"role\":\"agent\"}", "application/json"),
				"customer promoting self", 403, 404);

		assertThat(sql("SELECT role FROM identity.app_user WHERE id = ?::uuid", agent.id())).isEqualTo("agent");
		assertThat(sql("SELECT role FROM identity.app_user WHERE id = ?::uuid", customer.id())).isEqualTo("customer");
	}

	@Test
	void anApiKeyIsTheAdminsTenantsAndNeverAboveAdmin() {
		ApiClient admin = acme.admin();
		assertProblem(admin.post("/api/v1/api-keys", Map.of("name", "root", "role", "super_admin")), "super_admin key",
				422);
		ApiClient.Response created = admin.post("/api/v1/api-keys",
				Map.of("name", "forged", "role", "agent", "tenantId", victim.tenantId(), "id", FORGED_ID));

		assertThat(created.status()).as(created.body()).isIn(201, 422);
		assertThat(rows("identity.api_key", victim.tenantId())).isZero();
		assertThat(sql("SELECT count(*) FROM identity.api_key WHERE role = 'super_admin'")).isEqualTo("0");
	}

	@Test
	void aCustomersTicketIsTheirsWhateverTheBodySays() {
		ApiClient customer = acme.newMember("customer").login();
		String other = acme.newMember("customer").id();
		Map<String, Object> forged = new LinkedHashMap<>(Map.of("subject", "Forged", "description", "d"));
		forged.putAll(Map.of("requesterId", other, "tenantId", victim.tenantId(), "id", FORGED_ID, "number", 1,
				"version", 7, "createdAt", LONG_AGO, "status", "solved", "priority", "urgent", "assigneeId", other));
		long before = rows("ticket.ticket", acme.tenantId());

		assertProblem(customer.post("/api/v1/tickets", forged), "customer ticket with forged fields", 422);

		assertThat(rows("ticket.ticket", acme.tenantId())).isEqualTo(before);
		assertThat(rows("ticket.ticket", victim.tenantId())).isZero();
	}

	@Test
	void staffCannotWriteATicketsIdentityNumberOrHistory() {
		ApiClient admin = acme.admin();
		Map<String, Object> forged = new LinkedHashMap<>(Map.of("subject", "Staff forged", "description", "d"));
		forged.putAll(Map.of("tenantId", victim.tenantId(), "id", FORGED_ID, "number", 999_999, "version", 7,
				"createdAt", LONG_AGO));
		ApiClient.Response refused = admin.post("/api/v1/tickets", forged);
		assertProblem(refused, "staff ticket with forged fields", 422);

		String id = Probes.create(admin, "/api/v1/tickets", Map.of("subject", "Real", "description", "d"));
		String before = sql(
				"SELECT number || '/' || version || '/' || created_at FROM ticket.ticket WHERE id = ?::uuid", id);
		for (String field : List.of("\"number\":1", "\"id\":\"" + FORGED_ID + "\"",
				"\"tenantId\":\"" + victim.tenantId() + "\"", "\"version\":99", "\"createdAt\":\"" + LONG_AGO + "\"",
				"\"channel\":\"api\"")) {
			assertProblem(admin.send("PATCH", "/api/v1/tickets/" + id, "{" + field + "}", "application/json"),
					"PATCH " + field, 422);
		}

		assertThat(
				sql("SELECT number || '/' || version || '/' || created_at FROM ticket.ticket WHERE id = ?::uuid", id))
			.isEqualTo(before);
		assertThat(sql("SELECT count(*) FROM ticket.ticket WHERE id = ?::uuid OR number = 999999", FORGED_ID))
			.isEqualTo("0");
		assertThat(rows("ticket.ticket", victim.tenantId())).isZero();
	}

	@Test
	void aCommentsAuthorAndVisibilityAreTheServers() {
		ApiClient admin = acme.admin();
		Org.Member customer = acme.newMember("customer");
		String ticket = Probes.create(customer.login(), "/api/v1/tickets", Map.of("subject", "S", "description", "d"));

		assertProblem(
				admin.post("/api/v1/tickets/" + ticket + "/comments", Map.of("body", "forged", "authorId",
						customer.id(), "tenantId", victim.tenantId(), "createdAt", LONG_AGO)),
				"comment with forged author", 422);
		ApiClient.Response internal = customer.login()
			.post("/api/v1/tickets/" + ticket + "/comments", Map.of("body", "customer note", "public", false));

		assertThat(internal.status()).as(internal.body()).isIn(201, 403, 422);
		assertThat(sql("SELECT count(*) FROM ticket.ticket_comment WHERE ticket_id = ?::uuid AND NOT public", ticket))
			.as("a customer never writes an internal note")
			.isEqualTo("0");
		assertThat(sql("SELECT count(*) FROM ticket.ticket_comment WHERE body = 'forged'")).isEqualTo("0");
	}

	@Test
	void knowledgeBaseChannelAndAiBodiesRefuseServerFields() {
		ApiClient admin = acme.admin();
		assertProblem(admin.post("/api/v1/kb/articles", Map.of("title", "T", "body", "B", "tenantId", victim.tenantId(),
				"id", FORGED_ID, "createdAt", LONG_AGO, "version", 3)), "article with forged fields", 422);
		assertProblem(admin.post("/api/v1/kb/categories", Map.of("name", "C", "tenantId", victim.tenantId())),
				"category with forged tenant", 422);
		assertProblem(
				admin.post("/api/v1/channels",
						Map.of("type", "widget", "name", "W", "tenantId", victim.tenantId(), "routeKey", "chosen-key")),
				"channel with forged fields", 422);
		assertProblem(admin.send("PATCH", "/api/v1/ai/settings", "{\"tenantId\":\"" + victim.tenantId() + "\"}",
				"application/json"), "AI settings with forged tenant", 422);
		assertProblem(admin.send("PATCH", "/api/v1/tenants/current",
				"{\"plan\":\"enterprise\",\"status\":\"active\",\"id\":\"" + victim.tenantId() + "\"}",
				"application/json"), "tenant with forged plan", 422);

		assertThat(rows("kb.article", victim.tenantId())).isZero();
		assertThat(rows("kb.category", victim.tenantId())).isZero();
		assertThat(rows("channel.channel", victim.tenantId())).isZero();
		assertThat(sql("SELECT count(*) FROM channel.channel WHERE route_key = 'chosen-key'")).isEqualTo("0");
		assertThat(sql("SELECT count(*) FROM kb.article WHERE id = ?::uuid", FORGED_ID)).isEqualTo("0");
	}

}
