package com.flowsupport.ticket;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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

import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Admin changes to the tenant's configuration leave an {@code audit.recorded} event in
 * the outbox, in the same transaction, naming the admin; agents' personal views do not,
 * and a refused change leaves none.
 */
@ServiceIntegrationTest
class AdminAuditTrailTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	UUID tenant;

	TicketApi admin;

	TicketApi agent;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.admin = TicketApi.as(this.port, this.tenant, AppRole.ADMIN);
		this.agent = TicketApi.as(this.port, this.tenant, AppRole.AGENT);
	}

	@Test
	void configurationChangesAreRecordedForTheAuditLog() throws SQLException {
		ApiClient.Response policy = this.admin.post("/api/v1/sla-policies",
				Map.of("name", "Gold", "targets", Map.of("urgent", Map.of("firstReply", 60))));
		assertThat(policy.status()).isEqualTo(201);
		String policyId = policy.json().get("id").asString();
		assertThat(this.admin.client().delete("/api/v1/sla-policies/" + policyId).status()).isEqualTo(204);
		ApiClient.Response field = this.admin.post("/api/v1/ticket-fields",
				Map.of("key", "plan", "title", "Plan", "type", "text"));
		assertThat(field.status()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/views", view("Urgent", true)).status()).isEqualTo(201);
		assertThat(this.agent.post("/api/v1/views", view("Mine", false)).status()).isEqualTo(201);
		assertThat(this.admin.post("/api/v1/sla-policies", Map.of("name", "")).status()).isEqualTo(422);
		assertThat(this.admin.client()
			.send("PUT", "/api/v1/tickets/retention", "{\"closedTicketsDays\":30}", "application/json")
			.status()).isEqualTo(200);

		List<JsonNode> recorded = recorded();
		assertThat(recorded).extracting((entry) -> entry.get("action").asString())
			.containsExactly("sla_policy.created", "sla_policy.deleted", "ticket_field.created", "view.created",
					"ticket_retention.changed");
		JsonNode created = recorded.getFirst();
		assertThat(created.get("service").asString()).isEqualTo("ticket-service");
		assertThat(created.get("targetType").asString()).isEqualTo("sla_policy");
		assertThat(created.get("targetId").asString()).isEqualTo(policyId);
		assertThat(created.get("actorId").asString()).isEqualTo(this.admin.userId().toString());
		assertThat(created.get("actorRole").asString()).isEqualTo("admin");
		assertThat(created.at("/details/name").asString()).isEqualTo("Gold");
		assertThat(recorded.get(2).at("/details/key").asString()).isEqualTo("plan");
		assertThat(recorded.get(4).at("/details/closedTicketsDays").asInt()).isEqualTo(30);
	}

	private List<JsonNode> recorded() throws SQLException {
		List<JsonNode> payloads = new ArrayList<>();
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(
						"SELECT payload::text FROM ticket.outbox_event WHERE tenant_id = ? AND type = ? ORDER BY id")) {
			query.setObject(1, this.tenant);
			query.setString(2, EventTypes.AUDIT_RECORDED);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					payloads.add(JSON.readTree(rows.getString(1)));
				}
			}
		}
		return payloads;
	}

	private static Map<String, Object> view(String name, boolean shared) {
		Map<String, Object> view = new HashMap<>();
		view.put("name", name);
		view.put("query", "priority:urgent");
		view.put("shared", shared);
		return view;
	}

}
