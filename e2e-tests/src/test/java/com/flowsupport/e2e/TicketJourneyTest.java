package com.flowsupport.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Agents and customers working tickets through the gateway, with tokens identity-service
 * really issued: roles, groups and tenants as the platform knows them, not as a test
 * assumes them.
 */
class TicketJourneyTest {

	private static final String PASSWORD = "e2e correct horse";

	private static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = RunningPlatform.get().gateway();
	}

	@Test
	void aCustomerAsksAnAgentAnswersAndNotesStayInternal() {
		Tenant acme = Tenant.signup();
		ApiClient agent = acme.member("agent");
		ApiClient customer = acme.member("customer");
		ApiClient.Response created = customer.post("/api/v1/tickets",
				Map.of("subject", "Cannot download my invoice", "description", "The button does nothing"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(created.json().get("channel").asString()).isEqualTo("web");

		assertThat(agent
			.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "Customer is on the old plan", "public", false))
			.status()).isEqualTo(201);
		assertThat(agent
			.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "Fixed, please try again", "status", "pending"))
			.status()).isEqualTo(201);
		JsonNode seen = customer.get("/api/v1/tickets/" + id + "/comments").json().get("items");
		assertThat(seen.toString()).contains("Fixed, please try again").doesNotContain("old plan");
		assertThat(customer.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "Works now, thanks")).status())
			.isEqualTo(201);
		assertThat(agent.get("/api/v1/tickets/" + id).json().get("status").asString()).isEqualTo("open");

		ApiClient.Response found = agent.get("/api/v1/tickets/search?q=invoice+status:open");
		assertThat(ids(found.json())).containsExactly(id);
		assertThat(customer.get("/api/v1/tickets/search?q=invoice").status()).isEqualTo(403);
	}

	@Test
	void anotherTenantsTicketsAndAnotherCustomersTicketsAreNotThere() {
		Tenant acme = Tenant.signup();
		Tenant globex = Tenant.signup();
		ApiClient customer = acme.member("customer");
		ApiClient otherCustomer = acme.member("customer");
		String id = customer.post("/api/v1/tickets", Map.of("subject", "Private", "description", "mine"))
			.json()
			.get("id")
			.asString();
		ApiClient intruder = gateway.withToken(globex.accessToken());
		assertThat(intruder.get("/api/v1/tickets/" + id).status()).isEqualTo(404);
		assertThat(
				intruder.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"solved\"}", "application/json").status())
			.isEqualTo(404);
		assertThat(otherCustomer.get("/api/v1/tickets/" + id).status()).isEqualTo(404);
		assertThat(ids(otherCustomer.get("/api/v1/tickets").json())).isEmpty();
		assertThat(gateway.withToken(acme.accessToken()).get("/api/v1/tickets/" + id).json().get("status").asString())
			.isEqualTo("new");
	}

	@Test
	void anAgentRestrictedToAGroupSeesOnlyItsTickets() {
		Tenant acme = Tenant.signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		String billing = admin.post("/api/v1/groups", Map.of("name", "Billing")).json().get("id").asString();
		String shipping = admin.post("/api/v1/groups", Map.of("name", "Shipping")).json().get("id").asString();
		Tenant.Member agent = acme.newMember("agent");
		assertThat(admin.send("PUT", "/api/v1/groups/" + billing + "/members/" + agent.id(), null, null).status())
			.isIn(200, 204);
		assertThat(
				admin.send("PATCH", "/api/v1/users/" + agent.id(), "{\"restrictedToGroups\":true}", "application/json")
					.status())
			.isEqualTo(200);
		String invoice = admin
			.post("/api/v1/tickets", Map.of("subject", "Invoice", "description", "d", "groupId", billing))
			.json()
			.get("id")
			.asString();
		String parcel = admin
			.post("/api/v1/tickets", Map.of("subject", "Parcel", "description", "d", "groupId", shipping))
			.json()
			.get("id")
			.asString();
		ApiClient restricted = agent.login();
		assertThat(restricted.get("/api/v1/tickets/" + invoice).status()).isEqualTo(200);
		assertThat(restricted.get("/api/v1/tickets/" + parcel).status()).isEqualTo(404);
		assertThat(ids(restricted.get("/api/v1/tickets").json())).containsExactly(invoice);
		assertThat(ids(admin.get("/api/v1/tickets/search?q=group:Shipping").json())).containsExactly(parcel);
	}

	@Test
	void theHelpdeskRulesHoldThroughTheGateway() {
		Tenant acme = Tenant.signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		ApiClient.Response created = admin.withHeader("Idempotency-Key", UUID.randomUUID().toString())
			.post("/api/v1/tickets", Map.of("subject", "Once", "description", "d"));
		String id = created.json().get("id").asString();
		String etag = created.header("ETag");
		assertThat(admin.withHeader("If-Match", etag)
			.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"solved\"}", "application/json")
			.status()).isEqualTo(200);
		ApiClient.Response stale = admin.withHeader("If-Match", etag)
			.send("PATCH", "/api/v1/tickets/" + id, "{\"priority\":\"low\"}", "application/json");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(stale.contentType()).startsWith("application/problem+json");
		admin.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"closed\"}", "application/json");
		ApiClient.Response illegal = admin.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"open\"}",
				"application/json");
		assertThat(illegal.status()).isEqualTo(409);
		assertThat(illegal.contentType()).startsWith("application/problem+json");
		assertThat(admin
			.post("/api/v1/ticket-fields",
					Map.of("key", "order_id", "title", "Order", "type", "regex", "pattern", "[0-9]{6}"))
			.status()).isEqualTo(201);
		ApiClient.Response invalid = admin.post("/api/v1/tickets",
				Map.of("subject", "s", "description", "d", "customFields", Map.of("order_id", "12")));
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(invalid.body()).contains("customFields.order_id");
		ApiClient.Response sqlish = admin.get("/api/v1/tickets/search?q=%27%20OR%201%3D1%20--");
		assertThat(sqlish.status()).isIn(200, 400);
		assertThat(ids(admin.get("/api/v1/tickets").json())).containsExactly(id);
	}

	@Test
	void anAdminsRulesAndPoliciesShapeTheTicketsAgentsWork() {
		Tenant acme = Tenant.signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		ApiClient agent = acme.member("agent");
		ApiClient customer = acme.member("customer");
		ApiClient.Response trigger = admin.post("/api/v1/triggers",
				Map.of("name", "Refunds are urgent-ish", "conditions",
						Map.of("all",
								List.of(rule("update_type", "is", "created"), rule("subject", "contains", "refund"))),
						"actions", List.of(Map.of("field", "add_tags", "value", List.of("refund")),
								Map.of("field", "priority", "value", "high"))));
		assertThat(trigger.status()).as(trigger.body()).isEqualTo(201);
		ApiClient.Response policy = admin.post("/api/v1/sla-policies",
				Map.of("name", "Standard", "targets", Map.of("high", Map.of("firstReply", 60, "resolution", 480))));
		assertThat(policy.status()).as(policy.body()).isEqualTo(201);

		JsonNode ticket = customer
			.post("/api/v1/tickets", Map.of("subject", "Refund for a broken kettle", "description", "It leaks"))
			.json();
		String id = ticket.get("id").asString();
		assertThat(ticket.get("priority").asString()).isEqualTo("high");
		assertThat(ticket.get("tags").toString()).contains("refund");
		assertThat(Duration.between(Instant.parse(ticket.get("createdAt").asString()),
				Instant.parse(ticket.at("/sla/firstReplyDueAt").asString())))
			.isEqualTo(Duration.ofMinutes(60));

		String macro = agent
			.post("/api/v1/macros",
					Map.of("name", "Ask for a photo", "actions",
							List.of(Map.of("field", "status", "value", "pending"),
									Map.of("field", "comment", "value", Map.of("body", "Could you send a photo?")))))
			.json()
			.get("id")
			.asString();
		ApiClient.Response applied = agent.post("/api/v1/tickets/" + id + "/macros/" + macro + "/apply", Map.of());
		assertThat(applied.status()).as(applied.body()).isEqualTo(200);
		assertThat(customer.get("/api/v1/tickets/" + id).json().get("status").asString()).isEqualTo("pending");
		assertThat(customer.get("/api/v1/tickets/" + id + "/comments").body()).contains("Could you send a photo?");
		String audit = agent.get("/api/v1/tickets/" + id + "/audit").body();
		assertThat(audit).contains("trigger:" + trigger.json().get("id").asString(), "macro:" + macro);

		customer.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "Here it is"));
		assertThat(agent.get("/api/v1/tickets/" + id).json().get("status").asString()).isEqualTo("open");
		agent.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"solved\"}", "application/json");
		ApiClient.Response rated = customer.post("/api/v1/tickets/" + id + "/satisfaction",
				Map.of("score", "good", "comment", "Quick"));
		assertThat(rated.json().at("/satisfaction/score").asString()).isEqualTo("good");
	}

	@Test
	void ticketsMergeUpdateInBulkAndExportIncrementally() throws Exception {
		Tenant acme = Tenant.signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		String first = admin.post("/api/v1/tickets", Map.of("subject", "Login fails", "description", "d"))
			.json()
			.get("id")
			.asString();
		String duplicate = admin.post("/api/v1/tickets", Map.of("subject", "Cannot log in", "description", "d"))
			.json()
			.get("id")
			.asString();
		String other = admin.post("/api/v1/tickets", Map.of("subject", "Invoice", "description", "d"))
			.json()
			.get("id")
			.asString();
		assertThat(admin.post("/api/v1/tickets/" + duplicate + "/merge", Map.of("targetId", first)).status())
			.isEqualTo(200);
		assertThat(admin.get("/api/v1/tickets/" + duplicate).json().get("mergedIntoId").asString()).isEqualTo(first);
		JsonNode bulk = admin
			.post("/api/v1/tickets/bulk",
					Map.of("ids", List.of(first, other), "changes", Map.of("addTags", List.of("triaged"))))
			.json();
		assertThat(bulk.toString()).contains("triaged").doesNotContain("\"ok\":false");
		// The export trails the present by a few seconds so that no commit can land
		// behind a cursor.
		Thread.sleep(5_500);
		JsonNode export = admin.get("/api/v1/tickets/export").json();
		assertThat(ids(export)).containsExactlyInAnyOrder(first, duplicate, other);
		assertThat(export.get("endOfStream").asBoolean()).isTrue();
	}

	@Test
	void roundRobinSharesAGroupsTicketsAndViewsCountThem() {
		Tenant acme = Tenant.signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		String billing = admin.post("/api/v1/groups", Map.of("name", "Billing")).json().get("id").asString();
		Tenant.Member ana = acme.newMember("agent");
		Tenant.Member ben = acme.newMember("agent");
		for (Tenant.Member agent : List.of(ana, ben)) {
			assertThat(admin.send("PUT", "/api/v1/groups/" + billing + "/members/" + agent.id(), null, null).status())
				.isIn(200, 204);
		}
		assertThat(
				admin.send("PUT", "/api/v1/routing/groups/" + billing, "{\"mode\":\"round_robin\"}", "application/json")
					.status())
			.isEqualTo(200);
		List<String> assignees = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			JsonNode ticket = admin
				.post("/api/v1/tickets", Map.of("subject", "Invoice " + i, "description", "d", "groupId", billing))
				.json();
			assignees.add(ticket.get("assigneeId").asString());
		}
		assertThat(assignees).as("identity's real members, each given the same share")
			.containsOnly(ana.id(), ben.id())
			.filteredOn(ana.id()::equals)
			.hasSize(2);

		ApiClient asAna = ana.login();
		ApiClient.Response view = asAna.post("/api/v1/views",
				Map.of("name", "My billing", "query", "assignee:me group:Billing", "shared", false));
		assertThat(view.status()).as(view.body()).isEqualTo(201);
		String viewId = view.json().get("id").asString();
		assertThat(ids(asAna.get("/api/v1/views/" + viewId + "/tickets").json())).hasSize(2);
		assertThat(asAna.get("/api/v1/views/count").body()).contains("\"count\":2");
		assertThat(ben.login().get("/api/v1/views/" + viewId).status()).as("a personal view is its owner's")
			.isEqualTo(404);
	}

	private static Map<String, Object> rule(String field, String operator, Object value) {
		return Map.of("field", field, "operator", operator, "value", value);
	}

	private static List<String> ids(JsonNode page) {
		return StreamSupport.stream(page.get("items").spliterator(), false)
			.map((item) -> item.get("id").asString())
			.toList();
	}

	/** A tenant signed up through the gateway, and the people its admin adds. */
	private record Tenant(String slug, JsonNode answer) {

		static Tenant signup() {
			String slug = "tj-" + UUID.randomUUID().toString().substring(0, 8);
			ApiClient.Response response = gateway.post("/api/v1/auth/signup",
					Map.of("tenantName", "Tickets " + slug, "tenantSlug", slug, "adminName", "Admin", "adminEmail",
							"admin@" + slug + ".example.com", "adminPassword", PASSWORD));
			assertThat(response.status()).as(response.body()).isEqualTo(201);
			return new Tenant(slug, response.json());
		}

		String accessToken() {
			return this.answer.get("accessToken").asString();
		}

		/** A new user with {@code role}, logged in. */
		ApiClient member(String role) {
			return newMember(role).login();
		}

		Member newMember(String role) {
			String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + this.slug + ".example.com";
			ApiClient.Response created = gateway.withToken(accessToken())
				.post("/api/v1/users", Map.of("email", email, "name", role, "role", role, "password", PASSWORD));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			return new Member(this.slug, email, created.json().get("id").asString());
		}

		record Member(String slug, String email, String id) {

			ApiClient login() {
				ApiClient.Response login = gateway.post("/api/v1/auth/login",
						Map.of("tenantSlug", this.slug, "email", this.email, "password", PASSWORD));
				assertThat(login.status()).as(login.body()).isEqualTo(200);
				return gateway.withToken(login.json().get("accessToken").asString());
			}

		}

	}

}
