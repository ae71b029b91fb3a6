package com.flowsupport.e2e.security;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.flowsupport.e2e.security.Probes.Call;
import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Probes.assertProblem;
import static com.flowsupport.e2e.security.Probes.create;
import static com.flowsupport.e2e.security.Probes.ids;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API1, broken object-level authorisation: every kind of object tenant A owns,
 * addressed by its id by tenant B's admin, agent and customer, through the gateway. Each
 * attempt is a 404 problem (to B's admin, who may do everything in B; B's agent and
 * customer may also meet a 403 for what their role never may do), and afterwards A's
 * objects read exactly as before. Within one tenant, a customer reaches only their own
 * tickets and never internal notes, and an agent restricted to groups reaches only their
 * tickets.
 */
class SecurityObjectLevelTest {

	private static Org a;

	private static Org b;

	private static Org.Member aAgent;

	private static Org.Member aCustomer;

	private static final Map<String, String> owned = new LinkedHashMap<>();

	@BeforeAll
	static void tenantAOwnsOneOfEverything() {
		a = Org.signup();
		b = Org.signup();
		ApiClient admin = a.admin();
		aAgent = a.newMember("agent");
		aCustomer = a.newMember("customer");
		ApiClient customer = aCustomer.login();
		owned.put("group", create(admin, "/api/v1/groups", Map.of("name", "Billing")));
		owned.put("ticket", create(customer, "/api/v1/tickets",
				Map.of("subject", "My invoice is wrong", "description", "Charged twice")));
		owned.put("otherTicket",
				create(admin, "/api/v1/tickets", Map.of("subject", "Second", "description", "merge target")));
		assertThat(admin
			.post("/api/v1/tickets/" + owned.get("ticket") + "/comments",
					Map.of("body", "Internal: customer is on the legacy plan", "public", false))
			.status()).isEqualTo(201);
		owned.put("view",
				create(admin, "/api/v1/views", Map.of("name", "Open billing", "query", "status:open", "shared", true)));
		owned.put("field", create(admin, "/api/v1/ticket-fields",
				Map.of("key", "order_id", "title", "Order", "type", "regex", "pattern", "[0-9]{6}")));
		owned.put("sla", create(admin, "/api/v1/sla-policies",
				Map.of("name", "Standard", "targets", Map.of("high", Map.of("firstReply", 60, "resolution", 480)))));
		owned.put("trigger", create(admin, "/api/v1/triggers",
				Map.of("name", "Urgent refunds", "conditions",
						Map.of("all", List.of(Map.of("field", "update_type", "operator", "is", "value", "created"))),
						"actions", List.of(Map.of("field", "priority", "value", "high")))));
		owned.put("macro", create(admin, "/api/v1/macros",
				Map.of("name", "Park it", "actions", List.of(Map.of("field", "status", "value", "pending")))));
		assertThat(admin
			.send("PUT", "/api/v1/routing/groups/" + owned.get("group"), "{\"mode\":\"round_robin\"}",
					"application/json")
			.status()).isEqualTo(200);
		owned.put("apiKey", create(admin, "/api/v1/api-keys", Map.of("name", "CRM sync", "role", "agent")));
		owned.put("category", create(admin, "/api/v1/kb/categories", Map.of("name", "Billing")));
		owned.put("section",
				create(admin, "/api/v1/kb/sections", Map.of("categoryId", owned.get("category"), "name", "Invoices")));
		owned.put("article", create(admin, "/api/v1/kb/articles", Map.of("title", "Reading your invoice", "body",
				"# Invoices\n\nEvery invoice lists its lines.", "visibility", "internal", "status", "published")));
		owned.put("conversation", create(admin, "/api/v1/ai/conversations", Map.of("channel", "web")));
		owned.put("channel", create(admin, "/api/v1/channels", Map.of("type", "widget", "name", "Site chat")));
	}

	@Test
	void anotherTenantsAdminAgentAndCustomerFindNoneOfItsObjects() {
		Map<String, ApiClient> intruders = Map.of("admin", b.admin(), "agent", b.newMember("agent").login(), "customer",
				b.newMember("customer").login());
		String bGroup = create(b.admin(), "/api/v1/groups", Map.of("name", "Intruders"));
		Map<String, String> before = snapshot();

		List<String> failures = new ArrayList<>();
		intruders.forEach((role, intruder) -> {
			List<Call> probes = new ArrayList<>(probes());
			// Reaching across from an object of B's own: A's user into B's group.
			probes.add(Call.put("/api/v1/groups/" + bGroup + "/members/" + aAgent.id(), null));
			for (Call probe : probes) {
				ApiClient.Response response = probe.send(intruder);
				boolean refused = role.equals("admin") ? response.status() == 404
						: response.status() == 404 || response.status() == 403;
				if (!refused || !response.contentType().startsWith("application/problem+json")) {
					failures.add(role + " of B: " + probe + " → " + response.status() + " " + response.body());
				}
			}
		});

		// A group id unknown to the tenant reads as a group never routed: B learns
		// nothing of A's.
		ApiClient.Response routing = intruders.get("admin").get("/api/v1/routing/groups/" + owned.get("group"));
		assertThat(routing.body()).as(routing.body()).doesNotContain("round_robin");

		assertThat(failures).isEmpty();
		assertThat(snapshot()).as("tenant A's objects after the attempts").isEqualTo(before);
		assertThat(Org.rows("identity.group_membership", b.tenantId())).isZero();
	}

	@Test
	void anotherTenantsSettingsChangesStayInItsOwnTenant() {
		ApiClient aAdmin = a.admin();
		String settingsBefore = aAdmin.get("/api/v1/ai/settings").body();
		String tenantBefore = aAdmin.get("/api/v1/tenants/current").body();

		ApiClient bAdmin = b.admin();
		assertThat(bAdmin.send("PATCH", "/api/v1/ai/settings", "{\"mode\":\"suggest\"}", "application/json").status())
			.isEqualTo(200);
		assertThat(bAdmin.send("PATCH", "/api/v1/tenants/current", "{\"name\":\"Renamed by B\"}", "application/json")
			.status()).isEqualTo(200);

		assertThat(aAdmin.get("/api/v1/ai/settings").body()).isEqualTo(settingsBefore);
		assertThat(aAdmin.get("/api/v1/tenants/current").body()).isEqualTo(tenantBefore);
	}

	@Test
	void aCustomerReachesOnlyTheirOwnTicketsAndNeverInternalNotes() {
		String ticket = owned.get("ticket");
		ApiClient owner = aCustomer.login();
		ApiClient other = a.newMember("customer").login();
		String before = a.admin().get("/api/v1/tickets/" + ticket).body();

		for (Call probe : List.of(Call.get("/api/v1/tickets/" + ticket),
				Call.get("/api/v1/tickets/" + ticket + "/comments"),
				Call.post("/api/v1/tickets/" + ticket + "/comments", Map.of("body", "I am not the requester")),
				Call.post("/api/v1/tickets/" + ticket + "/satisfaction", Map.of("score", "bad")))) {
			assertProblem(probe.send(other), "another customer: " + probe, 404);
		}
		assertProblem(
				other.send("PATCH", "/api/v1/tickets/" + ticket, "{\"subject\":\"Hijacked\"}", "application/json"),
				"another customer's PATCH (customers never PATCH a ticket)", 403, 404);
		assertThat(ids(other.get("/api/v1/tickets"))).doesNotContain(ticket);
		assertProblem(other.get("/api/v1/tickets/search?q=invoice"), "customer search", 403);
		assertProblem(other.get("/api/v1/users/" + aCustomer.id()), "another customer's profile", 403, 404);
		assertThat(a.admin().get("/api/v1/tickets/" + ticket).body()).isEqualTo(before);

		ApiClient.Response own = owner.get("/api/v1/tickets/" + ticket + "/comments");
		assertThat(own.status()).isEqualTo(200);
		assertThat(own.body()).doesNotContain("legacy plan");
		assertProblem(owner.get("/api/v1/tickets/" + ticket + "/audit"), "a customer and the ticket's audit", 403, 404);
	}

	@Test
	void anAgentRestrictedToGroupsReachesNoTicketOutsideThem() {
		ApiClient admin = a.admin();
		String billing = create(admin, "/api/v1/groups", Map.of("name", "Billing desk"));
		String shipping = create(admin, "/api/v1/groups", Map.of("name", "Shipping desk"));
		Org.Member agent = a.newMember("agent");
		assertThat(admin.send("PUT", "/api/v1/groups/" + billing + "/members/" + agent.id(), null, null).status())
			.isIn(200, 204);
		assertThat(
				admin.send("PATCH", "/api/v1/users/" + agent.id(), "{\"restrictedToGroups\":true}", "application/json")
					.status())
			.isEqualTo(200);
		String parcel = create(admin, "/api/v1/tickets",
				Map.of("subject", "Parcel lost", "description", "tracking 123", "groupId", shipping));
		String before = admin.get("/api/v1/tickets/" + parcel).body();
		ApiClient restricted = agent.login();

		for (Call probe : List.of(Call.get("/api/v1/tickets/" + parcel),
				Call.get("/api/v1/tickets/" + parcel + "/comments"),
				Call.post("/api/v1/tickets/" + parcel + "/comments", Map.of("body", "peek", "public", false)),
				Call.patch("/api/v1/tickets/" + parcel, Map.of("groupId", billing)),
				Call.get("/api/v1/tickets/" + parcel + "/audit"))) {
			assertProblem(probe.send(restricted), "restricted agent: " + probe, 404);
		}
		assertThat(ids(restricted.get("/api/v1/tickets"))).doesNotContain(parcel);
		assertThat(ids(restricted.get("/api/v1/tickets/search?q=parcel"))).doesNotContain(parcel);
		assertThat(admin.get("/api/v1/tickets/" + parcel).body()).isEqualTo(before);
	}

	/** Everything tenant B tries with tenant A's ids. */
	private static List<Call> probes() {
		String ticket = "/api/v1/tickets/" + owned.get("ticket");
		String view = "/api/v1/views/" + owned.get("view");
		String field = "/api/v1/ticket-fields/" + owned.get("field");
		String sla = "/api/v1/sla-policies/" + owned.get("sla");
		String trigger = "/api/v1/triggers/" + owned.get("trigger");
		String macro = "/api/v1/macros/" + owned.get("macro");
		String group = "/api/v1/groups/" + owned.get("group");
		String user = "/api/v1/users/" + aAgent.id();
		String category = "/api/v1/kb/categories/" + owned.get("category");
		String section = "/api/v1/kb/sections/" + owned.get("section");
		String article = "/api/v1/kb/articles/" + owned.get("article");
		String conversation = "/api/v1/ai/conversations/" + owned.get("conversation");
		String channel = "/api/v1/channels/" + owned.get("channel");
		return List.of(Call.get(ticket), Call.patch(ticket, Map.of("status", "solved")), Call.get(ticket + "/comments"),
				Call.post(ticket + "/comments", Map.of("body", "from B")), Call.get(ticket + "/audit"),
				Call.post(ticket + "/merge", Map.of("targetId", owned.get("otherTicket"))),
				Call.post(ticket + "/satisfaction", Map.of("score", "bad")),
				Call.post(ticket + "/macros/" + owned.get("macro") + "/apply", Map.of()),
				Call.get(ticket + "/macros/" + owned.get("macro") + "/preview"), Call.get(view),
				Call.get(view + "/tickets"), Call.put(view, Map.of("name", "B's now", "query", "status:new")),
				Call.delete(view), Call.get(field), Call.patch(field, Map.of("title", "B's now")), Call.delete(field),
				Call.get(sla), Call.patch(sla, Map.of("name", "B's now")), Call.delete(sla), Call.get(trigger),
				Call.patch(trigger, Map.of("name", "B's now")), Call.delete(trigger), Call.get(macro),
				Call.patch(macro, Map.of("name", "B's now")), Call.delete(macro),
				Call.put("/api/v1/routing/groups/" + owned.get("group"), Map.of("mode", "manual")), Call.get(user),
				Call.patch(user, Map.of("name", "B's now")), Call.delete(user), Call.get(group),
				Call.patch(group, Map.of("name", "B's now")), Call.delete(group),
				Call.put(group + "/members/" + aAgent.id(), null), Call.delete(group + "/members/" + aAgent.id()),
				Call.delete("/api/v1/api-keys/" + owned.get("apiKey")), Call.get(category),
				Call.patch(category, Map.of("name", "B's now")), Call.delete(category), Call.get(section),
				Call.patch(section, Map.of("name", "B's now")), Call.delete(section), Call.get(article),
				Call.patch(article, Map.of("title", "B's now")), Call.get(article + "/versions"),
				Call.get(article + "/versions/1"), Call.get(article + "/diff?from=1&to=1"),
				Call.post(article + "/versions/1/revert", Map.of()), Call.get(article + "/translations"),
				Call.get(article + "/related"), Call.get(conversation),
				Call.post(conversation + "/messages", Map.of("text", "hello from B")),
				Call.post(conversation + "/handoff", Map.of()),
				Call.post("/api/v1/ai/assist/tickets/" + owned.get("ticket") + "/summary", Map.of()), Call.get(channel),
				Call.patch(channel, Map.of("name", "B's now")), Call.delete(channel), Call.get(channel + "/messages"));
	}

	/** How tenant A's admin sees each object. */
	private static Map<String, String> snapshot() {
		ApiClient admin = a.admin();
		Map<String, String> paths = new LinkedHashMap<>();
		paths.put("ticket", "/api/v1/tickets/" + owned.get("ticket"));
		paths.put("comments", "/api/v1/tickets/" + owned.get("ticket") + "/comments");
		paths.put("otherTicket", "/api/v1/tickets/" + owned.get("otherTicket"));
		paths.put("view", "/api/v1/views/" + owned.get("view"));
		paths.put("field", "/api/v1/ticket-fields/" + owned.get("field"));
		paths.put("sla", "/api/v1/sla-policies/" + owned.get("sla"));
		paths.put("trigger", "/api/v1/triggers/" + owned.get("trigger"));
		paths.put("macro", "/api/v1/macros/" + owned.get("macro"));
		paths.put("routing", "/api/v1/routing/groups/" + owned.get("group"));
		paths.put("user", "/api/v1/users/" + aAgent.id());
		paths.put("group", "/api/v1/groups/" + owned.get("group"));
		paths.put("apiKeys", "/api/v1/api-keys");
		paths.put("category", "/api/v1/kb/categories/" + owned.get("category"));
		paths.put("section", "/api/v1/kb/sections/" + owned.get("section"));
		paths.put("article", "/api/v1/kb/articles/" + owned.get("article"));
		paths.put("conversation", "/api/v1/ai/conversations/" + owned.get("conversation"));
		paths.put("channel", "/api/v1/channels/" + owned.get("channel"));
		Map<String, String> seen = new LinkedHashMap<>();
		paths.forEach((name, path) -> {
			ApiClient.Response response = admin.get(path);
			assertThat(response.status()).as(name + ": " + response.body()).isEqualTo(200);
			seen.put(name, response.body());
		});
		return seen;
	}

}
