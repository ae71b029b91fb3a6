package com.flowsupport.ticket.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.events.EventStreams;
import com.flowsupport.shared.privacy.Redaction;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.PersonalDataTraces;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ticket-service's part of data-subject requests, through its internal privacy endpoint
 * as identity's privacy jobs call it, checked against every row of the ticket schema.
 */
@ServiceIntegrationTest
class TicketPersonalDataTests {

	static final String NAME = "Zorblat Quenby";

	static final String EMAIL = "zorblat.quenby@example.test";

	static final String PHONE = "+15550100777";

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	EventStreams streams;

	UUID tenant;

	UUID person;

	ApiClient customer;

	ApiClient agent;

	ApiClient identity;

	String ticketId;

	String otherTicketId;

	@BeforeEach
	void tickets() {
		this.tenant = UUID.randomUUID();
		this.person = UUID.randomUUID();
		this.customer = Callers.user(this.port, this.tenant, this.person, AppRole.CUSTOMER);
		this.agent = Callers.user(this.port, this.tenant, UUID.randomUUID(), AppRole.AGENT);
		this.identity = Callers.service(this.port, this.tenant, "identity-service");
		// Keyed, so that its answer (naming the person) is stored for retries.
		ApiClient.Response created = this.customer.withHeader("Idempotency-Key", UUID.randomUUID().toString())
			.post("/api/v1/tickets", Map.of("subject", "Invoice for " + NAME, "description",
					"Please call " + NAME + " on " + PHONE + " or write to " + EMAIL));
		assertThat(created.status()).isEqualTo(201);
		this.ticketId = created.json().get("id").asString();
		assertThat(this.customer
			.post("/api/v1/tickets/" + this.ticketId + "/comments",
					Map.of("body", "It is still wrong, " + EMAIL + " here", "public", true))
			.status()).isEqualTo(201);
		assertThat(this.agent
			.post("/api/v1/tickets/" + this.ticketId + "/comments",
					Map.of("body", "Hello Zorblat, we are on it", "public", true))
			.status()).isEqualTo(201);
		ApiClient someoneElse = Callers.user(this.port, this.tenant, UUID.randomUUID(), AppRole.CUSTOMER);
		this.otherTicketId = someoneElse
			.post("/api/v1/tickets",
					Map.of("subject", "Someone else's question", "description", "Nothing about that person"))
			.json()
			.get("id")
			.asString();
	}

	@Test
	void exportHoldsThePersonsTicketsCommentsAndHistoryAndNobodyElses() {
		ApiClient.Response export = this.identity.post("/internal/v1/privacy/subjects/" + this.person + "/export",
				Map.of("identifiers", List.of(EMAIL, NAME)));
		assertThat(export.status()).isEqualTo(200);
		JsonNode tickets = export.json().at("/sections/tickets");
		assertThat(export.json().get("service").asString()).isEqualTo("ticket-service");
		assertThat(tickets.get("tickets").findValuesAsString("id")).containsExactly(this.ticketId);
		assertThat(tickets.at("/tickets/0/description").asString()).contains(PHONE);
		assertThat(tickets.get("comments").findValuesAsString("body")).contains("It is still wrong, " + EMAIL + " here",
				"Hello Zorblat, we are on it");
		assertThat(tickets.get("events").size()).isPositive();
		assertThat(export.body()).doesNotContain(this.otherTicketId);
		ApiClient otherTenant = Callers.service(this.port, UUID.randomUUID(), "identity-service");
		assertThat(otherTenant.post("/internal/v1/privacy/subjects/" + this.person + "/export", Map.of())
			.json()
			.at("/sections/tickets/tickets")
			.size()).isZero();
	}

	@Test
	void onlyIdentitysServiceTokensReachThePrivacyEndpoint() {
		String path = "/internal/v1/privacy/subjects/" + this.person + "/erasure";
		Map<String, Object> body = Map.of("tombstoneId", UUID.randomUUID().toString());
		assertThat(Callers.service(this.port, this.tenant, "ai-rag-service").post(path, body).status()).isEqualTo(403);
		assertThat(Callers.user(this.port, this.tenant, UUID.randomUUID(), AppRole.ADMIN).post(path, body).status())
			.isEqualTo(403);
		assertThat(ApiClient.at("http://localhost:" + this.port).post(path, body).status()).isEqualTo(401);
		ApiClient.Response bad = this.identity.post(path, Map.of("tombstoneId", "nope", "tenantId", "x"));
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.body()).contains("tombstoneId", "tenantId");
		assertThat(this.customer.get("/api/v1/tickets/" + this.ticketId).json().get("subject").asString())
			.contains(NAME);
	}

	@Test
	void erasureLeavesNoTraceKeepsTheTicketsAndIsSafeToRepeat() throws Exception {
		// The events of the tickets are relayed to the streams before the erasure.
		await().atMost(Duration.ofSeconds(20)).until(() -> unpublished() == 0);
		assertThat(streamEntriesMentioning(EMAIL)).as("copies in the event streams").isPositive();
		UUID tombstone = UUID.randomUUID();
		Map<String, Object> request = Map.of("tombstoneId", tombstone.toString(), "identifiers",
				List.of(EMAIL, NAME, "Zorblat", "Quenby", PHONE));
		String path = "/internal/v1/privacy/subjects/" + this.person + "/erasure";
		ApiClient.Response erased = this.identity.post(path, request);
		assertThat(erased.status()).isEqualTo(200);
		assertThat(erased.json().at("/erased/tickets/tickets").asInt()).isEqualTo(1);
		assertThat(erased.json().at("/erased/tickets/comments").asInt()).isEqualTo(2);
		assertThat(erased.json().at("/erased/platformRecords/outboxEvents").asInt()).as("events redacted").isPositive();
		assertThat(erased.json().at("/erased/platformRecords/storedResponses").asInt()).as("stored answers")
			.isEqualTo(1);
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(PersonalDataTraces.find(admin, "ticket",
					List.of(EMAIL, "zorblat", "quenby", PHONE, this.person.toString()),
					Set.of("flyway_schema_history", "flyway_platform_history")))
				.as("rows of this tenant (other tests' tenants hold the same person's data)")
				.filteredOn((row) -> row.contains(this.tenant.toString()))
				.isEmpty();
			try (PreparedStatement query = admin.prepareStatement(
					"""
							SELECT t.requester_id, t.subject, (SELECT count(*) FROM ticket.ticket_comment c WHERE c.ticket_id = t.id),
								(SELECT count(*) FROM ticket.ticket_audit a WHERE a.ticket_id = t.id)
							FROM ticket.ticket t WHERE t.id = ?::uuid""")) {
				query.setString(1, this.ticketId);
				try (ResultSet row = query.executeQuery()) {
					assertThat(row.next()).isTrue();
					assertThat(row.getObject(1)).as("the requester is the tombstone").isEqualTo(tombstone);
					assertThat(row.getString(2)).isEqualTo("[redacted]");
					assertThat(row.getInt(3)).as("comments stay, redacted").isEqualTo(2);
					assertThat(row.getInt(4)).as("history stays").isPositive();
				}
			}
		}
		assertThat(this.agent.get("/api/v1/tickets/" + this.ticketId + "/comments").body())
			.contains("Hello [redacted], we are on it");
		assertThat(this.agent.get("/api/v1/tickets/search?q=zorblat").json().get("items").size()).isZero();
		assertThat(this.agent.get("/api/v1/tickets/" + this.otherTicketId).json().get("subject").asString())
			.isEqualTo("Someone else's question");
		await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
			assertThat(unpublished()).as("redacted events queued again").isZero();
			assertThat(streamEntriesMentioning(EMAIL)).as("copies left in the event streams").isZero();
			assertThat(streamEntriesMentioning(Redaction.REDACTED)).as("the redacted copies").isPositive();
		});
		ApiClient.Response again = this.identity.post(path, request);
		assertThat(again.status()).isEqualTo(200);
		assertThat(again.json().at("/erased/tickets/tickets").asInt()).isZero();
		assertThat(again.json().at("/erased/tickets/comments").asInt()).isZero();
		assertThat(again.json().at("/erased/tickets/events").asInt()).isZero();
		assertThat(again.json().at("/erased/platformRecords/outboxEvents").asInt()).isZero();
		JsonNode after = this.identity.post("/internal/v1/privacy/subjects/" + this.person + "/export", Map.of())
			.json()
			.at("/sections/tickets");
		assertThat(after.get("tickets").size()).isZero();
		assertThat(after.get("comments").size()).isZero();
		assertThat(after.get("events").size()).isZero();
	}

	private long unpublished() throws Exception {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(
						"SELECT count(*) FROM ticket.outbox_event WHERE tenant_id = ? AND published_at IS NULL")) {
			query.setObject(1, this.tenant);
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

	/**
	 * Entries of this tenant in the ticket and comment event streams holding
	 * {@code text}.
	 */
	private long streamEntriesMentioning(String text) {
		long found = 0;
		for (String family : List.of("ticket", "comment")) {
			List<MapRecord<String, Object, Object>> entries = this.redis.opsForStream()
				.range(this.streams.forFamily(family), Range.unbounded());
			for (MapRecord<String, Object, Object> entry : (entries != null) ? entries
					: List.<MapRecord<String, Object, Object>>of()) {
				String envelope = String.valueOf(entry.getValue().get("envelope"));
				if (envelope.contains(this.tenant.toString()) && envelope.contains(text)) {
					found++;
				}
			}
		}
		return found;
	}

}
