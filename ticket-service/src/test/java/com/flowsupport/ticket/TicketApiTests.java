package com.flowsupport.ticket;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
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

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class TicketApiTests {

	@Value("${local.server.port}")
	int port;

	UUID tenant;

	TicketApi admin;

	TicketApi agent;

	TicketApi customer;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.admin = TicketApi.as(this.port, this.tenant, AppRole.ADMIN);
		this.agent = TicketApi.as(this.port, this.tenant, AppRole.AGENT);
		this.customer = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
	}

	@Test
	void ticketsAreNumberedPerTenantAndCarryWhatWasSent() {
		JsonNode first = this.agent
			.createOk(Map.of("subject", "Printer on fire", "description", "It smokes", "priority", "urgent", "type",
					"incident", "tags", List.of("Hardware", "fire"), "requesterId", this.customer.userId().toString()));
		JsonNode second = this.agent.createOk(Map.of("subject", "Second", "description", "d"));
		assertThat(first.get("number").asLong()).isEqualTo(1);
		assertThat(second.get("number").asLong()).isEqualTo(2);
		assertThat(first.get("status").asString()).isEqualTo("new");
		assertThat(first.get("priority").asString()).isEqualTo("urgent");
		assertThat(first.get("type").asString()).isEqualTo("incident");
		assertThat(first.get("tags").toString()).isEqualTo("[\"hardware\",\"fire\"]");
		assertThat(first.get("requesterId").asString()).isEqualTo(this.customer.userId().toString());
		assertThat(second.get("requesterId").asString()).isEqualTo(this.agent.userId().toString());
		TicketApi otherTenant = TicketApi.as(this.port, UUID.randomUUID(), AppRole.AGENT);
		assertThat(otherTenant.createOk(Map.of("subject", "s", "description", "d")).get("number").asLong())
			.isEqualTo(1);
	}

	@Test
	void anotherTenantsTicketDoesNotExist() {
		String id = this.agent.createOk(Map.of("subject", "Ours", "description", "d")).get("id").asString();
		TicketApi intruder = TicketApi.as(this.port, UUID.randomUUID(), AppRole.ADMIN);
		ApiClient.Response read = intruder.ticket(id);
		assertThat(read.status()).isEqualTo(404);
		assertThat(read.contentType()).startsWith("application/problem+json");
		assertThat(intruder.patch(id, Map.of("priority", "low")).status()).isEqualTo(404);
		assertThat(intruder.comment(id, Map.of("body", "hi")).status()).isEqualTo(404);
		assertThat(intruder.get("/api/v1/tickets/" + id + "/comments").status()).isEqualTo(404);
		assertThat(intruder.get("/api/v1/tickets").json().get("items").size()).isZero();
		assertThat(this.agent.ticket(id).json().get("priority").asString()).isEqualTo("normal");
	}

	@Test
	void statusFollowsTheLifecycle() {
		String id = this.agent.createOk(Map.of("subject", "s", "description", "d")).get("id").asString();
		assertThat(this.agent.patch(id, Map.of("status", "pending")).json().get("status").asString())
			.isEqualTo("pending");
		assertThat(this.agent.patch(id, Map.of("status", "solved")).json().get("solvedAt").isNull()).isFalse();
		assertThat(this.agent.patch(id, Map.of("status", "closed")).status()).isEqualTo(200);
		ApiClient.Response reopen = this.agent.patch(id, Map.of("status", "open"));
		assertThat(reopen.status()).isEqualTo(409);
		assertThat(reopen.json().get("detail").asString()).contains("closed");
		ApiClient.Response backToNew = this.agent.patch(
				this.agent.createOk(Map.of("subject", "s", "description", "d", "status", "open")).get("id").asString(),
				Map.of("status", "new"));
		assertThat(backToNew.status()).isEqualTo(409);
		assertThat(this.agent.comment(id, Map.of("body", "late")).status()).isEqualTo(409);
	}

	@Test
	void staleIfMatchIsRefusedAndChangesNothing() {
		ApiClient.Response created = this.agent.create(Map.of("subject", "s", "description", "d"));
		String id = created.json().get("id").asString();
		String etag = created.header("ETag");
		ApiClient.Response first = this.agent.patch(id, Map.of("priority", "high"), etag);
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("ETag")).isNotEqualTo(etag);
		ApiClient.Response stale = this.agent.patch(id, Map.of("priority", "low"), etag);
		assertThat(stale.status()).isEqualTo(412);
		assertThat(this.agent.ticket(id).json().get("priority").asString()).isEqualTo("high");
	}

	@Test
	void aRepeatedIdempotencyKeyCreatesOneTicket() {
		ApiClient keyed = this.agent.client().withHeader("Idempotency-Key", UUID.randomUUID().toString());
		Map<String, String> body = Map.of("subject", "Idempotent creation", "description", "only once");
		ApiClient.Response first = keyed.post("/api/v1/tickets", body);
		ApiClient.Response again = keyed.post("/api/v1/tickets", body);
		assertThat(first.status()).isEqualTo(201);
		assertThat(again.status()).isEqualTo(201);
		assertThat(again.json().get("id")).isEqualTo(first.json().get("id"));
		assertThat(keyed.post("/api/v1/tickets", Map.of("subject", "Other", "description", "x")).status())
			.isEqualTo(422);
		assertThat(this.agent.search("idempotent").json().get("items").size()).isEqualTo(1);
	}

	@Test
	void unknownAndForbiddenFieldsAreRefusedNotIgnored() {
		ApiClient.Response unknown = this.agent
			.create(Map.of("subject", "s", "description", "d", "tenantId", UUID.randomUUID().toString()));
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(errorFields(unknown)).contains("tenantId");
		ApiClient.Response massAssignment = this.customer.create(Map.of("subject", "s", "description", "d",
				"requesterId", UUID.randomUUID().toString(), "assigneeId", this.agent.userId().toString()));
		assertThat(massAssignment.status()).isEqualTo(422);
		assertThat(errorFields(massAssignment)).contains("requesterId", "assigneeId");
		assertThat(this.agent.get("/api/v1/tickets").json().get("items").size()).isZero();
		ApiClient.Response badValues = this.agent
			.create(Map.of("subject", "", "description", "d", "priority", "critical", "tags", List.of("two words")));
		assertThat(badValues.status()).isEqualTo(422);
		assertThat(errorFields(badValues)).contains("subject", "priority", "tags");
	}

	@Test
	void customFieldsAreValidatedAgainstTheTenantsDefinitions() {
		assertThat(
				this.admin
					.post("/api/v1/ticket-fields",
							Map.of("key", "plan", "title", "Plan", "type", "dropdown", "options", List
								.of(Map.of("value", "free", "label", "Free"), Map.of("value", "pro", "label", "Pro"))))
					.status())
			.isEqualTo(201);
		assertThat(this.admin
			.post("/api/v1/ticket-fields",
					Map.of("key", "order_id", "title", "Order", "type", "regex", "pattern", "[A-Z]{2}-\\d{4}",
							"required", true))
			.status()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/ticket-fields", Map.of("key", "seats", "title", "Seats", "type", "integer"))
			.status()).isEqualTo(201);
		assertThat(this.agent.post("/api/v1/ticket-fields", Map.of("key", "x", "title", "X", "type", "text")).status())
			.isEqualTo(403);

		ApiClient.Response invalid = this.agent.create(Map.of("subject", "s", "description", "d", "customFields",
				Map.of("plan", "enterprise", "order_id", "12", "seats", "many", "nope", 1)));
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(errorFields(invalid)).containsExactlyInAnyOrder("customFields.plan", "customFields.order_id",
				"customFields.seats", "customFields.nope");

		JsonNode valid = this.agent
			.createOk(Map.of("subject", "s", "description", "d", "customFields", Map.of("plan", "pro", "seats", 12)));
		assertThat(valid.at("/customFields/plan").asString()).isEqualTo("pro");
		String id = valid.get("id").asString();
		ApiClient.Response solveWithoutRequired = this.agent.patch(id, Map.of("status", "solved"));
		assertThat(solveWithoutRequired.status()).isEqualTo(422);
		assertThat(errorFields(solveWithoutRequired)).containsExactly("customFields.order_id");
		assertThat(this.agent.patch(id, Map.of("status", "solved", "customFields", Map.of("order_id", "AB-1234")))
			.json()
			.get("status")
			.asString()).isEqualTo("solved");
	}

	@Test
	void aCatastrophicPatternCannotStallTheService() {
		assertThat(this.admin
			.post("/api/v1/ticket-fields", Map.of("key", "evil", "title", "Evil", "type", "regex", "pattern", "(a+)+$"))
			.status()).isEqualTo(201);
		long started = System.nanoTime();
		ApiClient.Response response = this.agent
			.create(Map.of("subject", "s", "description", "d", "customFields", Map.of("evil", "a".repeat(40) + "!")));
		assertThat(response.status()).isEqualTo(422);
		assertThat(System.nanoTime() - started).isLessThan(5_000_000_000L);
	}

	@Test
	void customersSeeTheirOwnTicketsAndNoInternalNotes() {
		String mine = this.customer.createOk(Map.of("subject", "My question", "description", "help"))
			.get("id")
			.asString();
		TicketApi otherCustomer = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
		String theirs = otherCustomer.createOk(Map.of("subject", "Their question", "description", "x"))
			.get("id")
			.asString();
		assertThat(this.agent.comment(mine, Map.of("body", "Internal: VIP, be nice", "public", false)).status())
			.isEqualTo(201);
		assertThat(this.agent.comment(mine, Map.of("body", "Hello! Try turning it off and on.")).status())
			.isEqualTo(201);

		assertThat(this.customer.ticket(theirs).status()).isEqualTo(404);
		assertThat(this.customer.comment(theirs, Map.of("body", "sneaky")).status()).isEqualTo(404);
		List<String> listed = ids(this.customer.get("/api/v1/tickets").json());
		assertThat(listed).containsExactly(mine);
		JsonNode comments = this.customer.get("/api/v1/tickets/" + mine + "/comments").json().get("items");
		assertThat(comments).hasSize(1);
		assertThat(comments.get(0).get("body").asString()).contains("turning it off");
		assertThat(this.agent.get("/api/v1/tickets/" + mine + "/comments").json().get("items")).hasSize(2);
		assertThat(this.customer.comment(mine, Map.of("body", "note", "public", false)).status()).isEqualTo(403);
		assertThat(this.customer.get("/api/v1/tickets/" + mine + "/audit").status()).isEqualTo(403);
		assertThat(this.customer.patch(mine, Map.of("priority", "urgent")).status()).isEqualTo(403);
		assertThat(this.customer.search("question").status()).isEqualTo(403);
	}

	@Test
	void aFollowerSeesTheTicketToo() {
		TicketApi colleague = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
		String id = this.agent
			.createOk(Map.of("subject", "s", "description", "d", "requesterId", this.customer.userId().toString(),
					"followerIds", List.of(colleague.userId().toString())))
			.get("id")
			.asString();
		assertThat(colleague.ticket(id).status()).isEqualTo(200);
		assertThat(ids(colleague.get("/api/v1/tickets").json())).containsExactly(id);
	}

	@Test
	void anAgentRestrictedToGroupsSeesOnlyThoseGroupsTickets() {
		UUID billing = IdentityStandIn.group();
		UUID shipping = IdentityStandIn.group();
		String billingTicket = this.admin
			.createOk(Map.of("subject", "Invoice", "description", "d", "groupId", billing.toString()))
			.get("id")
			.asString();
		String shippingTicket = this.admin
			.createOk(Map.of("subject", "Parcel", "description", "d", "groupId", shipping.toString()))
			.get("id")
			.asString();
		TicketApi restricted = TicketApi.as(this.port, this.tenant, UUID.randomUUID(), AppRole.AGENT, List.of(billing),
				true);
		assertThat(restricted.ticket(billingTicket).status()).isEqualTo(200);
		assertThat(restricted.ticket(shippingTicket).status()).isEqualTo(404);
		assertThat(ids(restricted.get("/api/v1/tickets").json())).containsExactly(billingTicket);
		assertThat(ids(restricted.search("Parcel").json())).isEmpty();
		ApiClient.Response moveAway = restricted.patch(billingTicket, Map.of("groupId", shipping.toString()));
		assertThat(moveAway.status()).isEqualTo(403);
		assertThat(this.admin.ticket(billingTicket).json().get("groupId").asString()).isEqualTo(billing.toString());
		TicketApi unrestricted = TicketApi.as(this.port, this.tenant, UUID.randomUUID(), AppRole.AGENT,
				List.of(billing), false);
		assertThat(unrestricted.ticket(shippingTicket).status()).isEqualTo(200);
	}

	@Test
	void repliesMoveTheStatusAsAHelpdeskExpects() {
		String id = this.customer.createOk(Map.of("subject", "s", "description", "d")).get("id").asString();
		ApiClient.Response reply = this.agent.comment(id, Map.of("body", "Fixed?", "status", "pending"));
		assertThat(reply.status()).isEqualTo(201);
		JsonNode afterReply = this.agent.ticket(id).json();
		assertThat(afterReply.get("status").asString()).isEqualTo("pending");
		assertThat(afterReply.at("/sla/firstRepliedAt").isNull()).isFalse();
		this.customer.comment(id, Map.of("body", "Still broken"));
		assertThat(this.agent.ticket(id).json().get("status").asString()).isEqualTo("open");
		this.agent.patch(id, Map.of("status", "solved"));
		this.customer.comment(id, Map.of("body", "It broke again"));
		assertThat(this.agent.ticket(id).json().get("status").asString()).isEqualTo("open");
	}

	@Test
	void theRequesterAssigneeAndGroupMustBeRealInTheOrganisation() {
		String id = this.agent.createOk(Map.of("subject", "s", "description", "d")).get("id").asString();
		UUID disabled = UUID.randomUUID();
		IdentityStandIn.user(disabled, "agent", "disabled");
		UUID colleague = TicketApi.as(this.port, this.tenant, AppRole.AGENT).userId();
		UUID billing = IdentityStandIn.group(IdentityStandIn.member(this.agent.userId(), "agent", "active"));

		ApiClient.Response unknown = this.agent.patch(id,
				Map.of("assigneeId", UUID.randomUUID().toString(), "groupId", UUID.randomUUID().toString()));
		assertThat(unknown.status()).isEqualTo(422);
		assertThat(errorFields(unknown)).containsExactly("assigneeId", "groupId");
		assertThat(errorFields(this.agent.patch(id, Map.of("assigneeId", this.customer.userId().toString()))))
			.as("a customer")
			.containsExactly("assigneeId");
		assertThat(errorFields(this.agent.patch(id, Map.of("assigneeId", disabled.toString())))).as("disabled")
			.containsExactly("assigneeId");
		assertThat(errorFields(
				this.agent.patch(id, Map.of("groupId", billing.toString(), "assigneeId", colleague.toString()))))
			.as("not in the group")
			.containsExactly("assigneeId");
		assertThat(errorFields(this.agent
			.create(Map.of("subject", "s", "description", "d", "requesterId", UUID.randomUUID().toString()))))
			.containsExactly("requesterId");
		JsonNode unchanged = this.agent.ticket(id).json();
		assertThat(unchanged.get("assigneeId").isNull()).isTrue();
		assertThat(unchanged.get("groupId").isNull()).isTrue();

		ApiClient.Response assigned = this.agent.patch(id,
				Map.of("groupId", billing.toString(), "assigneeId", this.agent.userId().toString()));
		assertThat(assigned.status()).isEqualTo(200);
		assertThat(errorFields(this.agent.patch(id, Map.of("assigneeId", colleague.toString()))))
			.as("the ticket's group")
			.containsExactly("assigneeId");
		Map<String, @Nullable Object> leaveTheGroup = new HashMap<>();
		leaveTheGroup.put("groupId", null);
		leaveTheGroup.put("assigneeId", colleague.toString());
		assertThat(this.agent.patch(id, leaveTheGroup).status()).isEqualTo(200);
	}

	@Test
	void everyChangeIsInTheAuditTrail() {
		String id = this.agent.createOk(Map.of("subject", "s", "description", "d")).get("id").asString();
		UUID assignee = TicketApi.as(this.port, this.tenant, AppRole.AGENT).userId();
		this.agent.patch(id, Map.of("priority", "high", "assigneeId", assignee.toString()));
		this.agent.comment(id, Map.of("body", "note", "public", false));
		JsonNode entries = this.agent.get("/api/v1/tickets/" + id + "/audit").json().get("items");
		assertThat(entries).hasSize(3);
		JsonNode update = entries.get(1);
		assertThat(update.get("actorId").asString()).isEqualTo(this.agent.userId().toString());
		assertThat(update.get("via").asString()).isEqualTo("api");
		assertThat(update.get("changes").toString()).contains("\"field\":\"priority\"", "\"from\":\"normal\"",
				"\"to\":\"high\"", assignee.toString());
		assertThat(entries.get(2).get("changes").toString()).contains("comment");
	}

	@Test
	void problemsAndIncidentsLinkAndTasksHaveDueDates() {
		String problem = this.agent.createOk(Map.of("subject", "Outage", "description", "d", "type", "problem"))
			.get("id")
			.asString();
		String question = this.agent.createOk(Map.of("subject", "q", "description", "d")).get("id").asString();
		JsonNode incident = this.agent
			.createOk(Map.of("subject", "Down for me", "description", "d", "type", "incident", "problemId", problem));
		assertThat(incident.get("problemId").asString()).isEqualTo(problem);
		ApiClient.Response notAProblem = this.agent
			.create(Map.of("subject", "x", "description", "d", "type", "incident", "problemId", question));
		assertThat(notAProblem.status()).isEqualTo(422);
		assertThat(this.agent.create(Map.of("subject", "x", "description", "d", "problemId", problem)).status())
			.isEqualTo(422);
		JsonNode task = this.agent.createOk(
				Map.of("subject", "Call back", "description", "d", "type", "task", "dueAt", "2030-01-31T10:00:00Z"));
		assertThat(task.get("dueAt").asString()).isEqualTo("2030-01-31T10:00:00Z");
		assertThat(
				this.agent.create(Map.of("subject", "x", "description", "d", "dueAt", "2030-01-31T10:00:00Z")).status())
			.isEqualTo(422);
	}

	@Test
	void mergingMovesCommentsAndClosesTheSource() {
		String target = this.customer.createOk(Map.of("subject", "Login broken", "description", "d"))
			.get("id")
			.asString();
		TicketApi other = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
		String source = other.createOk(Map.of("subject", "Cannot sign in", "description", "d")).get("id").asString();
		other.comment(source, Map.of("body", "Still cannot sign in"));
		ApiClient.Response merged = this.agent.post("/api/v1/tickets/" + source + "/merge",
				Map.of("targetId", target, "note", "Same outage"));
		assertThat(merged.status()).isEqualTo(200);
		assertThat(merged.json().get("followerIds").toString()).contains(other.userId().toString());
		JsonNode closed = this.agent.ticket(source).json();
		assertThat(closed.get("status").asString()).isEqualTo("closed");
		assertThat(closed.get("mergedIntoId").asString()).isEqualTo(target);
		JsonNode comments = this.agent.get("/api/v1/tickets/" + target + "/comments").json().get("items");
		assertThat(comments.toString()).contains("Still cannot sign in", "was merged into this ticket");
		assertThat(ids(this.agent.search("\"still cannot sign\" status<closed").json())).containsExactly(target);
		assertThat(this.agent.post("/api/v1/tickets/" + target + "/merge", Map.of("targetId", target)).status())
			.isEqualTo(422);
	}

	@Test
	void concurrentCommentsAndUpdatesOfOneTicketAllLand() throws Exception {
		String id = this.customer.createOk(Map.of("subject", "Busy thread", "description", "d")).get("id").asString();
		List<Callable<ApiClient.Response>> writes = new ArrayList<>();
		for (int i = 0; i < 12; i++) {
			String body = "concurrent " + i;
			writes.add((i % 4 == 3) ? () -> this.agent.patch(id, Map.of("addTags", List.of("t" + body.length())))
					: (i % 2 == 0) ? () -> this.customer.comment(id, Map.of("body", body))
							: () -> this.agent.comment(id, Map.of("body", body, "public", true)));
		}
		List<Integer> statuses = new ArrayList<>();
		try (ExecutorService clients = Executors.newFixedThreadPool(writes.size())) {
			for (Future<ApiClient.Response> response : clients.invokeAll(writes)) {
				statuses.add(response.get().status());
			}
		}
		assertThat(statuses).as("writes without If-Match wait for each other instead of conflicting")
			.allMatch((status) -> status / 100 == 2);
		assertThat(this.agent.get("/api/v1/tickets/" + id + "/comments?limit=100").json().get("items").toString())
			.contains("concurrent 0", "concurrent 1", "concurrent 10");
	}

	@Test
	void theRequesterRatesASolvedTicket() {
		String id = this.customer.createOk(Map.of("subject", "s", "description", "d")).get("id").asString();
		assertThat(this.customer.post("/api/v1/tickets/" + id + "/satisfaction", Map.of("score", "good")).status())
			.isEqualTo(409);
		this.agent.patch(id, Map.of("status", "solved"));
		assertThat(this.agent.post("/api/v1/tickets/" + id + "/satisfaction", Map.of("score", "good")).status())
			.isEqualTo(403);
		JsonNode rated = this.customer
			.post("/api/v1/tickets/" + id + "/satisfaction", Map.of("score", "good", "comment", "Quick, thanks"))
			.json();
		assertThat(rated.at("/satisfaction/score").asString()).isEqualTo("good");
		assertThat(ids(this.agent.search("satisfaction:good").json())).containsExactly(id);
	}

	@Test
	void bulkUpdatesEachTicketOnItsOwn() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			ids.add(this.agent.createOk(Map.of("subject", "bulk " + i, "description", "d")).get("id").asString());
		}
		this.agent.patch(ids.get(2), Map.of("status", "solved"));
		this.agent.patch(ids.get(2), Map.of("status", "closed"));
		JsonNode result = this.agent
			.post("/api/v1/tickets/bulk",
					Map.of("ids", ids, "changes", Map.of("status", "pending", "addTags", List.of("bulk"))))
			.json()
			.get("results");
		assertThat(result.get(0).get("ok").asBoolean()).isTrue();
		assertThat(result.get(1).get("ticket").get("tags").toString()).contains("bulk");
		assertThat(result.get(2).get("ok").asBoolean()).isFalse();
		assertThat(result.get(2).at("/problem/status").asInt()).isEqualTo(409);
		assertThat(this.agent.post("/api/v1/tickets/bulk", Map.of("ids", List.of(), "changes", Map.of())).status())
			.isEqualTo(422);
		// With an Idempotency-Key the request runs in one transaction: the closed
		// ticket's refusal must not undo the others; the replay answers the same.
		for (int attempt = 0; attempt < 2; attempt++) {
			ApiClient.Response keyed = this.agent.client()
				.withHeader("Idempotency-Key", "bulk-" + ids.get(0))
				.post("/api/v1/tickets/bulk",
						Map.of("ids", ids, "changes", Map.of("status", "open", "addTags", List.of("keyed"))));
			assertThat(keyed.status()).as(keyed.body()).isEqualTo(200);
			assertThat(keyed.json().at("/results/0/ok").asBoolean()).isTrue();
			assertThat(keyed.json().at("/results/2/ok").asBoolean()).isFalse();
		}
		assertThat(this.agent.get("/api/v1/tickets/" + ids.get(1)).json().get("tags").toString()).contains("keyed");
	}

	@Test
	void searchUnderstandsTheQueryLanguage() {
		String refund = this.agent
			.createOk(Map.of("subject", "Refund for order 1234", "description", "The parcel arrived broken", "priority",
					"high", "tags", List.of("refund"), "assigneeId", this.agent.userId().toString()))
			.get("id")
			.asString();
		String invoice = this.agent
			.createOk(Map.of("subject", "Invoice address wrong", "description", "Please update the billing address"))
			.get("id")
			.asString();
		this.agent.comment(invoice, Map.of("body", "Customer mentioned a discount code", "public", false));

		assertThat(ids(this.agent.search("refund").json())).containsExactly(refund);
		assertThat(ids(this.agent.search("priority:high tag:refund assignee:me").json())).containsExactly(refund);
		assertThat(ids(this.agent.search("priority>normal").json())).containsExactly(refund);
		assertThat(ids(this.agent.search("discount").json())).containsExactly(invoice);
		assertThat(ids(this.agent.search("\"billing address\"").json())).containsExactly(invoice);
		assertThat(ids(this.agent.search("\"address billing\"").json())).isEmpty();
		assertThat(ids(this.agent.search("status:new -refund").json())).containsExactly(invoice);
		assertThat(ids(this.agent.search("created>2000-01-01 parcel").json())).containsExactly(refund);
		assertThat(ids(this.agent.search("created<2000-01-01").json())).isEmpty();
		assertThat(ids(this.agent.search("reffund").json())).as("typo").containsExactly(refund);
		assertThat(ids(this.agent.search("invoyce").json())).as("typo").containsExactly(invoice);
		assertThat(ids(this.agent.search("refnud").json())).as("letters swapped").containsExactly(refund);
		assertThat(ids(this.agent.search("adress").json())).as("a letter missing").containsExactly(invoice);
		assertThat(ids(this.agent.search("zebra").json())).as("nothing like it").isEmpty();
		String printer = this.agent.createOk(Map.of("subject", "Printer jammed", "description", "d"))
			.get("id")
			.asString();
		this.agent.createOk(Map.of("subject", "Price question", "description", "d"));
		assertThat(ids(this.agent.search("priner").json())).as("the nearest word only").containsExactly(printer);

		ApiClient.Response unknownField = this.agent.search("colour:red");
		assertThat(unknownField.status()).isEqualTo(400);
		assertThat(unknownField.json().get("detail").asString()).contains("colour");
		assertThat(this.agent.search("priority:extreme").status()).isEqualTo(400);
		assertThat(this.agent.search("created>+1000000000-01-01T00:00:00Z").status()).as("a year of a billion")
			.isEqualTo(400);
	}

	@Test
	void sqlLookingSearchInputIsJustText() {
		String id = this.agent.createOk(Map.of("subject", "Normal ticket", "description", "d")).get("id").asString();
		for (String probe : List.of("' OR 1=1 --", "\"; DROP TABLE ticket; --", "tag:'||pg_sleep(5)||'",
				"status:open' OR 'a'='a", "\\", "(((((", "a:b:c", "!!! & | <->",
				"requester:' OR tenant_id IS NOT NULL")) {
			ApiClient.Response response = this.agent.search(probe);
			assertThat(response.status()).as(probe).isIn(200, 400);
			if (response.status() == 200) {
				assertThat(ids(response.json())).as(probe).isSubsetOf(id);
			}
		}
		assertThat(this.agent.ticket(id).status()).isEqualTo(200);
		assertThat(ids(this.agent.get("/api/v1/tickets").json())).containsExactly(id);
	}

	@Test
	void listsPageWithCursorsAndFilter() {
		List<String> created = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			created.add(this.agent
				.createOk(Map.of("subject", "t" + i, "description", "d", "priority", (i % 2 == 0) ? "high" : "low"))
				.get("id")
				.asString());
		}
		List<String> seen = new ArrayList<>();
		String cursor = null;
		do {
			JsonNode page = this.agent.get("/api/v1/tickets?limit=3" + ((cursor != null) ? "&cursor=" + cursor : ""))
				.json();
			seen.addAll(ids(page));
			cursor = page.get("nextCursor").isNull() ? null : page.get("nextCursor").asString();
		}
		while (cursor != null);
		assertThat(seen).containsExactlyElementsOf(created.reversed());
		assertThat(ids(this.agent.get("/api/v1/tickets?priority=high").json())).hasSize(4);
		assertThat(this.agent.get("/api/v1/tickets?cursor=garbage").status()).isEqualTo(400);
		assertThat(this.agent.get("/api/v1/tickets?limit=1000").status()).isEqualTo(400);
	}

	@Test
	void theIncrementalExportResumesWhereItStopped() throws Exception {
		String first = this.agent.createOk(Map.of("subject", "one", "description", "d")).get("id").asString();
		String second = this.agent.createOk(Map.of("subject", "two", "description", "d")).get("id").asString();
		// The export trails now by a few seconds, so that no in-flight write can land
		// behind it.
		Thread.sleep(5_500);
		assertThat(this.agent.get("/api/v1/tickets/export").status()).isEqualTo(403);
		JsonNode page = this.admin.get("/api/v1/tickets/export?limit=1").json();
		assertThat(ids(page)).containsExactly(first);
		assertThat(page.get("endOfStream").asBoolean()).isFalse();
		page = this.admin.get("/api/v1/tickets/export?limit=1&cursor=" + page.get("nextCursor").asString()).json();
		assertThat(ids(page)).containsExactly(second);
		String cursor = this.admin.get("/api/v1/tickets/export?cursor=" + page.get("nextCursor").asString())
			.json()
			.get("nextCursor")
			.asString();
		this.agent.patch(first, Map.of("priority", "urgent"));
		Thread.sleep(5_500);
		page = this.admin.get("/api/v1/tickets/export?cursor=" + cursor).json();
		assertThat(ids(page)).containsExactly(first);
		assertThat(page.get("endOfStream").asBoolean()).isTrue();
	}

	@Test
	void changesAreAnnouncedThroughTheOutbox() throws Exception {
		String id = this.agent.createOk(Map.of("subject", "evented", "description", "d")).get("id").asString();
		this.agent.patch(id, Map.of("status", "open", "assigneeId", this.agent.userId().toString()));
		this.agent.comment(id, Map.of("body", "reply"));
		try (Connection admin = adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT type FROM ticket.outbox_event WHERE tenant_id = '" + this.tenant + "' ORDER BY id")) {
			List<String> types = new ArrayList<>();
			while (rows.next()) {
				types.add(rows.getString(1));
			}
			assertThat(types).containsExactlyInAnyOrder("ticket.created", "ticket.updated", "ticket.status_changed",
					"ticket.assigned", "comment.created");
		}
	}

	@Test
	void theDatabaseItselfHidesOtherCustomersTicketsAndInternalNotes() throws Exception {
		String mine = this.customer.createOk(Map.of("subject", "mine", "description", "d")).get("id").asString();
		this.agent.comment(mine, Map.of("body", "secret note", "public", false));
		TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER)
			.createOk(Map.of("subject", "theirs", "description", "d"));
		try (Connection app = DriverManager.getConnection(TestInfrastructure.get().jdbcUrl(), "ticket_app",
				FlowSupportTestInitializer.ROLE_PASSWORD); Statement statement = app.createStatement()) {
			app.setAutoCommit(false);
			statement.execute("SELECT set_config('request.jwt.claims', '{\"tenant_id\":\"" + this.tenant
					+ "\",\"sub\":\"" + this.customer.userId() + "\",\"app_role\":\"customer\"}', true)");
			try (ResultSet rows = statement.executeQuery("SELECT subject FROM ticket")) {
				assertThat(rows.next()).isTrue();
				assertThat(rows.getString(1)).isEqualTo("mine");
				assertThat(rows.next()).isFalse();
			}
			try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM ticket_comment")) {
				rows.next();
				assertThat(rows.getInt(1)).isZero();
			}
			app.rollback();
			try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM ticket")) {
				rows.next();
				assertThat(rows.getInt(1)).as("no claims, no rows").isZero();
			}
			app.rollback();
		}
	}

	private static Connection adminConnection() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		return DriverManager.getConnection(infrastructure.jdbcUrl(), infrastructure.adminUser(),
				infrastructure.adminPassword());
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

}
