package com.flowsupport.ticket;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round-robin routing against the stand-in for identity-service's groups API (WireMock),
 * which is where group members and their roles and statuses come from.
 */
@ServiceIntegrationTest
class RoutingApiTests {

	static final WireMockServer IDENTITY = IdentityStandIn.SERVER;

	static final String SERVICE_SECRET = IdentityStandIn.SERVICE_SECRET;

	static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	UUID tenant;

	TicketApi admin;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.admin = TicketApi.as(this.port, this.tenant, AppRole.ADMIN);
		IDENTITY.stubFor(post(urlPathEqualTo("/api/v1/auth/service-token"))
			.withBasicAuth("ticket-service", SERVICE_SECRET)
			.withRequestBody(matchingJsonPath("$.tenantId", equalTo(this.tenant.toString())))
			.willReturn(okJson(
					"{\"accessToken\":\"service:" + this.tenant + "\",\"expiresIn\":900,\"tokenType\":\"Bearer\"}")));
	}

	@Test
	void roundRobinSpreadsNewTicketsByOpenLoad() {
		List<UUID> agents = sorted(3);
		UUID ana = agents.get(0);
		UUID ben = agents.get(1);
		UUID cleo = agents.get(2);
		UUID group = group(member(ana, "agent", "active"), member(ben, "agent", "active"),
				member(cleo, "agent", "active"));
		assertThat(setMode(group, "round_robin").status()).isEqualTo(200);
		this.admin.createOk(Map.of("subject", "ana's", "description", "d", "assigneeId", ana.toString()));
		this.admin.createOk(
				Map.of("subject", "ana's", "description", "d", "assigneeId", ana.toString(), "status", "pending"));
		String solved = this.admin.createOk(Map.of("subject", "done", "description", "d", "assigneeId", ana.toString()))
			.get("id")
			.asString();
		this.admin.patch(solved, Map.of("status", "solved"));

		List<String> routed = routeNewTickets(group, 5);

		// ana carries two unresolved tickets (the solved one does not count); ben and
		// cleo
		// catch up, taking turns, before she is given another.
		assertThat(routed).containsExactly(ben.toString(), cleo.toString(), ben.toString(), cleo.toString(),
				ana.toString());
	}

	@Test
	void theAuditTrailSaysRoutingAssignedTheTicket() {
		UUID agent = UUID.randomUUID();
		UUID group = group(member(agent, "agent", "active"));
		setMode(group, "round_robin");
		String id = this.admin.createOk(Map.of("subject", "s", "description", "d", "groupId", group.toString()))
			.get("id")
			.asString();
		List<JsonNode> byRouting = new ArrayList<>();
		for (JsonNode entry : this.admin.get("/api/v1/tickets/" + id + "/audit").json().get("items").values()) {
			if (entry.get("via").asString().equals("routing")) {
				byRouting.add(entry);
			}
		}
		assertThat(byRouting).singleElement()
			.satisfies((entry) -> assertThat(entry.at("/changes/0/field").asString()).isEqualTo("assigneeId"))
			.satisfies((entry) -> assertThat(entry.at("/changes/0/to").asString()).isEqualTo(agent.toString()));
	}

	@Test
	void onlyActiveAgentsAndAdminsTakeTickets() {
		List<UUID> people = sorted(3);
		UUID disabled = people.get(0);
		UUID agent = people.get(1);
		UUID admin = people.get(2);
		UUID group = group(member(disabled, "agent", "disabled"), member(agent, "agent", "active"),
				member(admin, "admin", "active"));
		setMode(group, "round_robin");
		List<String> routed = routeNewTickets(group, 4);
		assertThat(routed).containsOnly(agent.toString(), admin.toString()).doesNotContain(disabled.toString());
	}

	@Test
	void aManualGroupLeavesTicketsUnassignedUntilItRoundRobins() {
		UUID agent = UUID.randomUUID();
		UUID group = group(member(agent, "agent", "active"));
		String id = this.admin.createOk(Map.of("subject", "s", "description", "d", "groupId", group.toString()))
			.get("id")
			.asString();
		assertThat(this.admin.ticket(id).json().get("assigneeId").isNull()).as("never set is manual").isTrue();
		assertThat(setMode(group, "manual").json().get("mode").asString()).isEqualTo("manual");
		assertThat(this.admin.patch(id, Map.of("priority", "high")).json().get("assigneeId").isNull()).isTrue();

		setMode(group, "round_robin");
		assertThat(this.admin.patch(id, Map.of("priority", "urgent")).json().get("assigneeId").asString())
			.as("the next update routes it")
			.isEqualTo(agent.toString());
	}

	@Test
	void whenIdentityCannotAnswerTheTicketStaysUnassignedAndTheUpdateSucceeds() {
		UUID group = group(member(UUID.randomUUID(), "agent", "active"));
		setMode(group, "round_robin");
		StubMapping down = IDENTITY.stubFor(get(urlPathEqualTo("/api/v1/groups")).atPriority(1)
			.willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
		try {
			ApiClient.Response created = this.admin
				.create(Map.of("subject", "s", "description", "d", "groupId", group.toString()));
			assertThat(created.status()).isEqualTo(201);
			assertThat(created.json().get("assigneeId").isNull()).isTrue();
			assertThat(created.json().get("groupId").asString()).isEqualTo(group.toString());
			ApiClient.Response updated = this.admin.patch(created.json().get("id").asString(),
					Map.of("priority", "high"));
			assertThat(updated.status()).isEqualTo(200);
			assertThat(updated.json().get("assigneeId").isNull()).isTrue();
		}
		finally {
			IDENTITY.removeStub(down);
		}
	}

	@Test
	void aCustomersReplyIsRoutedWithAServiceTokenWeighingLoadTheCustomerCannotSee() {
		List<UUID> agents = sorted(2);
		UUID ana = agents.get(0);
		UUID ben = agents.get(1);
		UUID group = group(member(ana, "agent", "active"), member(ben, "agent", "active"));
		this.admin.createOk(Map.of("subject", "ana's", "description", "d", "assigneeId", ana.toString()));
		// A rule puts customers' tickets in the group (an admin setting it would have
		// looked the group up with the admin's token).
		assertThat(this.admin.post("/api/v1/triggers",
				Map.of("name", "To the group", "conditions",
						Map.of("all", List.of(Map.of("field", "update_type", "operator", "is", "value", "created"))),
						"actions", List.of(Map.of("field", "group", "value", group.toString()))))
			.status()).isEqualTo(201);
		TicketApi customer = TicketApi.as(this.port, this.tenant, AppRole.CUSTOMER);
		String id = customer.createOk(Map.of("subject", "help", "description", "d")).get("id").asString();
		setMode(group, "round_robin");

		assertThat(customer.comment(id, Map.of("body", "anyone?")).status()).isEqualTo(201);

		// Counted with the customer's own sight, both loads would be zero and ana, first
		// by
		// id, would get it.
		assertThat(this.admin.ticket(id).json().get("assigneeId").asString()).isEqualTo(ben.toString());
		IDENTITY.verify(postRequestedFor(urlPathEqualTo("/api/v1/auth/service-token"))
			.withBasicAuth(new BasicCredentials("ticket-service", SERVICE_SECRET))
			.withRequestBody(matchingJsonPath("$.tenantId", equalTo(this.tenant.toString()))));
		IDENTITY.verify(getRequestedFor(urlPathEqualTo("/api/v1/groups")).withHeader("Authorization",
				equalTo("Bearer service:" + this.tenant)));
	}

	@Test
	void adminsSetTheModeOfGroupsIdentityKnows() {
		UUID group = group(member(UUID.randomUUID(), "agent", "active"));
		TicketApi agent = TicketApi.as(this.port, this.tenant, AppRole.AGENT);
		assertThat(agent.get("/api/v1/routing/groups/" + group).json().get("mode").asString()).isEqualTo("manual");
		assertThat(put(agent, "/api/v1/routing/groups/" + group, Map.of("mode", "round_robin")).status())
			.isEqualTo(403);
		ApiClient.Response invalid = setMode(group, "random");
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(TicketApiTests.errorFields(invalid)).containsExactly("mode");
		assertThat(setMode(UUID.randomUUID(), "round_robin").status()).as("a group identity does not know")
			.isEqualTo(404);

		ApiClient.Response set = setMode(group, "round_robin");
		assertThat(set.json().get("updatedBy").asString()).isEqualTo(this.admin.userId().toString());
		assertThat(agent.get("/api/v1/routing/groups/" + group).json().get("mode").asString()).isEqualTo("round_robin");
		assertThat(agent.get("/api/v1/routing/groups").json().at("/items/0/groupId").asString())
			.isEqualTo(group.toString());
		TicketApi otherTenant = TicketApi.as(this.port, UUID.randomUUID(), AppRole.ADMIN);
		assertThat(otherTenant.get("/api/v1/routing/groups/" + group).json().get("mode").asString())
			.isEqualTo("manual");
	}

	/** Who each of {@code count} new tickets in {@code group} went to. */
	private List<String> routeNewTickets(UUID group, int count) {
		List<String> assignees = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			assignees
				.add(this.admin.createOk(Map.of("subject", "new " + i, "description", "d", "groupId", group.toString()))
					.get("assigneeId")
					.asString());
		}
		return assignees;
	}

	private ApiClient.Response setMode(UUID group, String mode) {
		return put(this.admin, "/api/v1/routing/groups/" + group, Map.of("mode", mode));
	}

	private static ApiClient.Response put(TicketApi caller, String path, Map<String, ?> body) {
		return caller.client().send("PUT", path, JSON.writeValueAsString(body), "application/json");
	}

	private static Map<String, Object> member(UUID id, String role, String status) {
		return IdentityStandIn.member(id, role, status);
	}

	@SafeVarargs
	private static UUID group(Map<String, Object>... members) {
		return IdentityStandIn.group(members);
	}

	/** Active agents, in id order. */
	private static List<UUID> sorted(int count) {
		List<UUID> agents = Stream.generate(UUID::randomUUID).limit(count).sorted().toList();
		agents.forEach((agent) -> IdentityStandIn.user(agent, AppRole.AGENT));
		return agents;
	}

}
