package com.flowsupport.e2e.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.e2e.security.Probes.Call;
import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Org.rows;
import static com.flowsupport.e2e.security.Org.sql;
import static com.flowsupport.e2e.security.Probes.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API5, broken function-level authorisation: customers and agents calling what only
 * admins may do, admins calling what only the platform's operators may do, and anyone
 * calling the services' internal endpoints through the gateway. Each is refused as a
 * problem, and the rows it would have written are not there.
 */
class SecurityFunctionLevelTest {

	private static Org acme;

	private static Org other;

	private static ApiClient agent;

	private static ApiClient customer;

	private static String group;

	private static String ticket;

	@BeforeAll
	static void tenants() {
		acme = Org.signup();
		other = Org.signup();
		agent = acme.newMember("agent").login();
		customer = acme.newMember("customer").login();
		group = Probes.create(acme.admin(), "/api/v1/groups", Map.of("name", "Support"));
		ticket = Probes.create(customer, "/api/v1/tickets", Map.of("subject", "Help", "description", "please"));
	}

	@Test
	void agentsAndCustomersCannotAdministerTheirTenant() {
		String settings = acme.admin().get("/api/v1/ai/settings").body();
		String tenant = sql("SELECT name || '/' || version FROM identity.tenant WHERE id = ?::uuid", acme.tenantId());
		Map<String, Call> adminOnly = new LinkedHashMap<>();
		adminOnly.put("create a user", Call.post("/api/v1/users",
				Map.of("email", "mole@example.com", "name", "Mole", "role", "admin", "password", Org.PASSWORD)));
		adminOnly.put("invite a user",
				Call.post("/api/v1/users/invitations", Map.of("email", "mole@example.com", "role", "admin")));
		adminOnly.put("create an API key", Call.post("/api/v1/api-keys", Map.of("name", "mole", "role", "admin")));
		adminOnly.put("list API keys", Call.get("/api/v1/api-keys"));
		adminOnly.put("create a group", Call.post("/api/v1/groups", Map.of("name", "Moles")));
		adminOnly.put("join a group",
				Call.put("/api/v1/groups/" + group + "/members/" + acme.adminMember().id(), null));
		adminOnly.put("change the tenant", Call.patch("/api/v1/tenants/current", Map.of("name", "Taken over")));
		adminOnly.put("read the audit log", Call.get("/api/v1/audit"));
		adminOnly.put("define a field",
				Call.post("/api/v1/ticket-fields", Map.of("key", "mole", "title", "Mole", "type", "text")));
		adminOnly.put("define an SLA", Call.post("/api/v1/sla-policies",
				Map.of("name", "Mole", "targets", Map.of("high", Map.of("firstReply", 1, "resolution", 2)))));
		adminOnly.put("define a trigger", Call.post("/api/v1/triggers",
				Map.of("name", "Mole", "conditions",
						Map.of("all", List.of(Map.of("field", "update_type", "operator", "is", "value", "created"))),
						"actions", List.of(Map.of("field", "priority", "value", "low")))));
		adminOnly.put("route a group", Call.put("/api/v1/routing/groups/" + group, Map.of("mode", "round_robin")));
		adminOnly.put("connect a channel", Call.post("/api/v1/channels", Map.of("type", "widget", "name", "Mole")));
		adminOnly.put("change AI settings", Call.patch("/api/v1/ai/settings", Map.of("mode", "auto")));

		for (Map.Entry<String, ApiClient> caller : Map.of("agent", agent, "customer", customer).entrySet()) {
			adminOnly.forEach((what, call) -> assertProblem(call.send(caller.getValue()),
					caller.getKey() + " may not " + what + " (" + call + ")", 403));
		}

		assertThat(sql("SELECT count(*) FROM identity.app_user WHERE email = 'mole@example.com'")).isEqualTo("0");
		assertThat(rows("identity.invitation", acme.tenantId())).isZero();
		assertThat(rows("identity.api_key", acme.tenantId())).isZero();
		assertThat(rows("identity.agent_group", acme.tenantId())).isEqualTo(1);
		assertThat(rows("identity.group_membership", acme.tenantId())).isZero();
		assertThat(sql("SELECT name || '/' || version FROM identity.tenant WHERE id = ?::uuid", acme.tenantId()))
			.isEqualTo(tenant);
		assertThat(rows("ticket.custom_field", acme.tenantId())).isZero();
		assertThat(rows("ticket.sla_policy", acme.tenantId())).isZero();
		assertThat(rows("ticket.ticket_trigger", acme.tenantId())).isZero();
		assertThat(rows("ticket.routing_group", acme.tenantId())).isZero();
		assertThat(rows("channel.channel", acme.tenantId())).isZero();
		assertThat(acme.admin().get("/api/v1/ai/settings").body()).isEqualTo(settings);
	}

	@Test
	void customersCannotDoAgentsWork() {
		Map<String, Call> staffOnly = new LinkedHashMap<>();
		staffOnly.put("list users", Call.get("/api/v1/users"));
		staffOnly.put("search all tickets", Call.get("/api/v1/tickets/search?q=help"));
		staffOnly.put("export tickets", Call.get("/api/v1/tickets/export"));
		staffOnly.put("bulk-update tickets", Call.post("/api/v1/tickets/bulk",
				Map.of("ids", List.of(ticket), "changes", Map.of("status", "solved"))));
		staffOnly.put("write an article",
				Call.post("/api/v1/kb/articles", Map.of("title", "Mole", "body", "b", "status", "published")));
		staffOnly.put("create a category", Call.post("/api/v1/kb/categories", Map.of("name", "Mole")));
		staffOnly.put("create a macro", Call.post("/api/v1/macros",
				Map.of("name", "Mole", "actions", List.of(Map.of("field", "status", "value", "solved")))));
		staffOnly.put("read AI metrics", Call.get("/api/v1/ai/metrics"));
		staffOnly.put("use agent assist", Call.post("/api/v1/ai/assist/tickets/" + ticket + "/summary", Map.of()));
		staffOnly.put("read channel messages", Call.get("/api/v1/channels"));

		staffOnly.forEach((what, call) -> assertProblem(call.send(customer),
				"customer may not " + what + " (" + call + ")", 403));

		assertThat(sql("SELECT status FROM ticket.ticket WHERE id = ?::uuid", ticket)).isEqualTo("new");
		assertThat(rows("kb.article", acme.tenantId())).isZero();
		assertThat(rows("kb.category", acme.tenantId())).isZero();
		assertThat(rows("ticket.macro", acme.tenantId())).isZero();
	}

	@Test
	void aCustomerCannotWidenTheKnowledgeItReads() {
		ApiClient admin = acme.admin();
		Probes.create(admin, "/api/v1/kb/articles", Map.of("title", "Refund override codes", "body",
				"Staff only: the refund override code is MOLE-4242.", "visibility", "internal", "status", "published"));

		ApiClient.Response retrieved = customer.post("/api/v1/kb/retrieve",
				Map.of("query", "refund override code", "audience", "internal"));
		ApiClient.Response searched = customer.get("/api/v1/kb/search?q=refund+override+code&audience=internal");

		for (ApiClient.Response response : List.of(retrieved, searched)) {
			assertThat(response.status()).as(response.body()).isIn(200, 403, 422);
			assertThat(response.body()).doesNotContain("MOLE-4242").doesNotContain("Refund override codes");
		}
	}

	@Test
	void tenantAdminsCannotDoWhatOnlyOperatorsMay() {
		ApiClient admin = acme.admin();
		String slug = "sec-" + UUID.randomUUID().toString().substring(0, 8);
		String keys = sql("SELECT count(*) FROM identity.signing_key");

		assertProblem(admin.get("/api/v1/tenants"), "admin lists tenants", 403);
		assertProblem(
				admin
					.post("/api/v1/tenants",
							Map.of("tenantName", "Mole", "tenantSlug", slug, "adminName", "M", "adminEmail",
									"m@" + slug + ".example.com", "adminPassword", Org.PASSWORD)),
				"admin provisions", 403);
		assertProblem(admin.post("/api/v1/tenants/" + other.tenantId() + "/suspend", Map.of()),
				"admin suspends another tenant", 403, 404);
		assertProblem(admin.post("/api/v1/auth/keys/rotate?compromised=true", Map.of()), "admin rotates keys", 403);

		assertThat(sql("SELECT count(*) FROM identity.tenant WHERE slug = ?", slug)).isEqualTo("0");
		assertThat(sql("SELECT status FROM identity.tenant WHERE id = ?::uuid", other.tenantId())).isEqualTo("active");
		assertThat(other.adminMember().login().get("/api/v1/users/me").status()).isEqualTo(200);
		assertThat(sql("SELECT count(*) FROM identity.signing_key")).isEqualTo(keys);
	}

	@Test
	void theServicesInternalEndpointsAreNotReachableThroughTheGateway() {
		String basic = "Basic " + Base64.getEncoder()
			.encodeToString(("ticket-service:" + RunningPlatform.SERVICE_SECRET).getBytes(StandardCharsets.UTF_8));
		Map<String, Object> body = Map.of("tenantId", acme.tenantId());
		RunningPlatform platform = RunningPlatform.get();

		ApiClient.Response direct = platform.direct("identity-service")
			.withHeader("Authorization", basic)
			.post("/api/v1/auth/service-token", body);
		assertThat(direct.status()).as("the control: the endpoint serves services that call it directly")
			.isEqualTo(200);
		assertProblem(platform.gateway().withHeader("Authorization", basic).post("/api/v1/auth/service-token", body),
				"service tokens through the gateway", 404);
		ApiClient.Response leaked = platform.gateway()
			.withToken(direct.json().get("accessToken").asString())
			.get("/api/v1/users/me");
		assertThat(leaked.status()).as("a service's own token, leaked, is no use from outside").isEqualTo(401);

		for (String actuator : List.of("/actuator", "/actuator/health", "/actuator/env", "/actuator/prometheus",
				"/actuator/heapdump", "/actuator/gateway/routes")) {
			ApiClient.Response viaGateway = platform.gateway().get(actuator);
			assertThat(viaGateway.status()).as("gateway " + actuator).isIn(401, 404);
			assertThat(viaGateway.body()).as(actuator)
				.doesNotContain("spring.datasource")
				.doesNotContain("predicate")
				.doesNotContain("\"components\"");
			for (String service : platform.backendServices()) {
				assertThat(platform.direct(service).get(actuator).status()).as(service + " " + actuator).isIn(401, 404);
			}
		}
	}

}
