package com.flowsupport.ticket.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.MovableClock;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per-tenant retention of closed tickets, with the job run on a clock the test moves. The
 * clock starts decades ahead, so that no other context's job (on the real clock) finds
 * these tickets expired, and these runs find no other test's tickets expired either.
 */
@ServiceIntegrationTest
@Import(RetentionTests.Clocks.class)
@TestPropertySource(
		properties = { "flowsupport.ticket.retention.batch-size=2", "flowsupport.ticket.retention.interval=1h" })
class RetentionTests {

	static final Instant START = Instant.parse("2040-03-01T10:00:00Z");

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	@Autowired
	RetentionJob job;

	UUID tenant;

	ApiClient admin;

	ApiClient agent;

	@BeforeEach
	void tenant() {
		this.clock.set(START);
		this.tenant = UUID.randomUUID();
		this.admin = Callers.user(this.port, this.tenant, UUID.randomUUID(), AppRole.ADMIN);
		this.agent = Callers.user(this.port, this.tenant, UUID.randomUUID(), AppRole.AGENT);
	}

	@Test
	void adminsSetThePolicyOthersCannotAndBadValuesChangeNothing() {
		assertThat(this.admin.get("/api/v1/tickets/retention").json().get("closedTicketsDays").isNull()).isTrue();
		assertThat(put(this.agent, Map.of("closedTicketsDays", 30)).status()).isEqualTo(403);
		ApiClient.Response bad = put(this.admin, Map.of("closedTicketsDays", 0, "tenantId", this.tenant.toString()));
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(bad.body()).contains("closedTicketsDays", "tenantId");
		assertThat(put(this.admin, Map.of()).status()).isEqualTo(422);
		assertThat(this.admin.get("/api/v1/tickets/retention").json().get("closedTicketsDays").isNull()).isTrue();
		ApiClient.Response set = put(this.admin, Map.of("closedTicketsDays", 30));
		assertThat(set.status()).isEqualTo(200);
		assertThat(set.json().get("closedTicketsDays").asInt()).isEqualTo(30);
		assertThat(this.admin.get("/api/v1/tickets/retention").json().get("closedTicketsDays").asInt()).isEqualTo(30);
		assertThat(Callers.user(this.port, UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN)
			.get("/api/v1/tickets/retention")
			.json()
			.get("closedTicketsDays")
			.isNull()).as("another tenant's policy").isTrue();
	}

	@Test
	void closedTicketsPastTheTenantsPeriodAreDeletedInBatchesWithTheirCommentsAndNothingElse() {
		assertThat(put(this.admin, Map.of("closedTicketsDays", 30)).status()).isEqualTo(200);
		String[] expired = { closedTicket(), closedTicket(), closedTicket() };
		String open = ticket();
		this.clock.advance(Duration.ofDays(20));
		String recent = closedTicket();
		ApiClient otherAgent = Callers.user(this.port, UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT);
		String otherTenants = otherAgent.post("/api/v1/tickets", Map.of("subject", "Kept", "description", "no policy"))
			.json()
			.get("id")
			.asString();
		otherAgent.send("PATCH", "/api/v1/tickets/" + otherTenants, "{\"status\":\"solved\"}", "application/json");
		assertThat(otherAgent
			.send("PATCH", "/api/v1/tickets/" + otherTenants, "{\"status\":\"closed\"}", "application/json")
			.status()).isEqualTo(200);

		this.clock.advance(Duration.ofDays(9));
		assertThat(this.job.run()).as("29 days after the first closings nothing is due").isZero();

		this.clock.advance(Duration.ofDays(2));
		assertThat(this.job.run()).as("three tickets in batches of two").isEqualTo(3);
		for (String id : expired) {
			assertThat(this.agent.get("/api/v1/tickets/" + id).status()).isEqualTo(404);
		}
		assertThat(this.agent.get("/api/v1/tickets/" + open).status()).isEqualTo(200);
		assertThat(this.agent.get("/api/v1/tickets/" + recent).status()).isEqualTo(200);
		assertThat(otherAgent.get("/api/v1/tickets/" + otherTenants).status()).isEqualTo(200);
		assertThat(outbox("SELECT payload->>'ticketId' FROM ticket.outbox_event WHERE tenant_id = ?"
				+ " AND type = 'ticket.deleted' AND payload->>'reason' = 'retention'"))
			.as("each deleted ticket announced once, for the services that derived data from it")
			.containsExactlyInAnyOrder(expired);
		assertThat(outbox("SELECT payload::text FROM ticket.outbox_event WHERE tenant_id = ?"
				+ " AND type = 'audit.recorded' AND payload->>'action' = 'ticket.retention_deleted' ORDER BY id"))
			.as("each batch in the tenant's audit log")
			.hasSize(2)
			.allSatisfy(
					(entry) -> assertThat(entry).contains("\"actorRole\": \"service\"", "\"closedTicketsDays\": 30"))
			.satisfies((entries) -> assertThat(String.join(" ", entries)).contains(expired));
		assertThat(this.job.run()).as("a second run finds nothing more").isZero();

		this.clock.advance(Duration.ofDays(30));
		assertThat(this.job.run()).isEqualTo(1);
		assertThat(this.agent.get("/api/v1/tickets/" + recent).status()).isEqualTo(404);
		assertThat(this.agent.get("/api/v1/tickets/" + open).status()).as("open tickets are never due").isEqualTo(200);
	}

	private List<String> outbox(String sql) {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(sql)) {
			query.setObject(1, this.tenant);
			List<String> values = new ArrayList<>();
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					values.add(rows.getString(1));
				}
			}
			return values;
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private String ticket() {
		ApiClient.Response created = this.agent.post("/api/v1/tickets",
				Map.of("subject", "Old question", "description", "details"));
		assertThat(created.status()).isEqualTo(201);
		String id = created.json().get("id").asString();
		assertThat(this.agent.post("/api/v1/tickets/" + id + "/comments", Map.of("body", "an answer", "public", true))
			.status()).isEqualTo(201);
		return id;
	}

	private String closedTicket() {
		String id = ticket();
		assertThat(this.agent.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"solved\"}", "application/json")
			.status()).isEqualTo(200);
		assertThat(this.agent.send("PATCH", "/api/v1/tickets/" + id, "{\"status\":\"closed\"}", "application/json")
			.status()).isEqualTo(200);
		return id;
	}

	private static ApiClient.Response put(ApiClient client, Map<String, ?> body) {
		return client.send("PUT", "/api/v1/tickets/retention",
				tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(body), "application/json");
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		@Bean
		@Primary
		MovableClock movableClock() {
			return MovableClock.stoppedAt(START);
		}

	}

}
