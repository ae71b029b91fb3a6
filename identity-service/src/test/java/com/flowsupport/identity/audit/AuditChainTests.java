package com.flowsupport.identity.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.identity.IdentityIntegrationTest;
import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventStreams;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The tamper-evident audit log against the real database: appends form one gapless chain
 * per tenant under concurrency, no application role can change or remove an entry, a
 * superuser who does (triggers off) is caught at the first entry touched, and other
 * services' audit events join the chain exactly once.
 */
@IdentityIntegrationTest
class AuditChainTests {

	private static final String PASSWORD = "correct horse battery";

	@Value("${local.server.port}")
	int port;

	@Autowired
	AuditLog auditLog;

	@Autowired
	TransactionTemplate transactions;

	@Autowired
	AuditChainMonitor monitor;

	@Autowired
	MeterRegistry meters;

	@Autowired
	EventPublisher events;

	@Autowired
	EventStreams streams;

	@Autowired
	StringRedisTemplate redis;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = ApiClient.at("http://localhost:" + this.port);
	}

	@Test
	void concurrentAppendsFormOneGaplessIntactChain() throws Exception {
		Tenant acme = signUp();
		int threads = 8;
		int perThread = 15;
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		try {
			List<Callable<Void>> work = new ArrayList<>();
			for (int t = 0; t < threads; t++) {
				int thread = t;
				work.add(() -> {
					for (int i = 0; i < perThread; i++) {
						record(acme, "setting.changed", Map.of("thread", thread, "i", i));
					}
					return null;
				});
			}
			for (Future<Void> done : pool.invokeAll(work)) {
				done.get();
			}
		}
		finally {
			pool.shutdown();
		}
		List<Long> seqs = seqs(acme.id());
		assertThat(seqs).hasSizeGreaterThan(threads * perThread);
		for (int i = 0; i < seqs.size(); i++) {
			assertThat(seqs.get(i)).as("gapless from 1").isEqualTo(i + 1L);
		}
		JsonNode verification = acme.admin().get("/api/v1/audit/verify").json();
		assertThat(verification.get("tenantId").asString()).isEqualTo(acme.id().toString());
		assertThat(verification.get("intact").asBoolean()).isTrue();
		assertThat(verification.get("entries").asLong()).isEqualTo(seqs.size());
		assertThat(verification.get("verifiedThrough").asLong()).isEqualTo(seqs.size());
		assertThat(verification.get("firstBrokenSeq").isNull()).isTrue();
	}

	@Test
	void aChangedDetailIsFoundAtItsEntry() throws SQLException {
		Tenant acme = tenantWithEntries(5);
		tamper("UPDATE identity.audit_event SET details = '{\"forged\": true}' WHERE tenant_id = ? AND seq = 3",
				acme.id());
		JsonNode verification = acme.admin().get("/api/v1/audit/verify").json();
		assertThat(verification.get("intact").asBoolean()).isFalse();
		assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(3);
		assertThat(verification.get("verifiedThrough").asLong()).isEqualTo(2);
		assertThat(verification.get("reason").asString()).contains("content was changed");
	}

	@Test
	void aRemovedEntryIsFoundWhereItWas() throws SQLException {
		Tenant acme = tenantWithEntries(5);
		tamper("DELETE FROM identity.audit_event WHERE tenant_id = ? AND seq = 3", acme.id());
		JsonNode verification = acme.admin().get("/api/v1/audit/verify").json();
		assertThat(verification.get("intact").asBoolean()).isFalse();
		assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(3);
		assertThat(verification.get("reason").asString()).contains("missing");
	}

	@Test
	void reorderedEntriesAreFoundAtTheFirstMoved() throws SQLException {
		Tenant acme = tenantWithEntries(5);
		tamper("""
				UPDATE identity.audit_event SET seq = -seq WHERE tenant_id = ? AND seq IN (2, 3);
				UPDATE identity.audit_event SET seq = CASE seq WHEN -2 THEN 3 ELSE 2 END WHERE tenant_id = '%s' AND seq < 0
				""",
				acme.id());
		JsonNode verification = acme.admin().get("/api/v1/audit/verify").json();
		assertThat(verification.get("intact").asBoolean()).isFalse();
		assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(2);
	}

	@Test
	void removingTheNewestEntriesIsFoundAgainstTheChainsHead() throws SQLException {
		Tenant acme = tenantWithEntries(5);
		long last = seqs(acme.id()).getLast();
		tamper("DELETE FROM identity.audit_event WHERE tenant_id = ? AND seq >= " + (last - 1), acme.id());
		JsonNode verification = acme.admin().get("/api/v1/audit/verify").json();
		assertThat(verification.get("intact").asBoolean()).isFalse();
		assertThat(verification.get("firstBrokenSeq").asLong()).isEqualTo(last - 1);
		assertThat(verification.get("reason").asString()).contains("missing");
	}

	@Test
	void theScheduledVerificationResumesWhereItStoppedAndRaisesTheAlarm() throws SQLException {
		Tenant acme = tenantWithEntries(4);
		ChainVerification first = verifiedByMonitor(acme.id());
		assertThat(first.intact()).isTrue();
		long head = first.verifiedThrough();
		record(acme, "setting.changed", Map.of("step", "after first run"));
		ChainVerification second = verifiedByMonitor(acme.id());
		assertThat(second.intact()).isTrue();
		assertThat(second.entries()).as("only what is new").isEqualTo(1);
		assertThat(second.verifiedThrough()).isEqualTo(head + 1);

		double brokenBefore = this.meters.get("flowsupport.audit.chain.broken").counter().count();
		tamper("UPDATE identity.audit_event SET actor_role = 'agent' WHERE tenant_id = ? AND seq = " + (head + 1),
				acme.id());
		record(acme, "setting.changed", Map.of("step", "after tampering"));
		ChainVerification third = verifiedByMonitor(acme.id());
		assertThat(third.intact()).isFalse();
		assertThat(third.firstBrokenSeq()).isEqualTo(head + 1);
		assertThat(this.meters.get("flowsupport.audit.chain.broken").counter().count()).isGreaterThan(brokenBefore);
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin.prepareStatement(
						"SELECT verified_seq, broken_seq FROM identity.audit_verification WHERE tenant_id = ?")) {
			query.setObject(1, acme.id());
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).isTrue();
				assertThat(row.getLong("verified_seq")).as("the checkpoint stays at the last intact run")
					.isEqualTo(head + 1);
				assertThat(row.getLong("broken_seq")).isEqualTo(head + 1);
			}
		}
	}

	@Test
	void noApplicationRoleCanChangeOrRemoveEntries() throws SQLException {
		Tenant acme = tenantWithEntries(2);
		try (Connection runtime = TestInfrastructure.get()
			.connectAs("identity_app", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = runtime.createStatement()) {
			for (String sql : List.of("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event",
					"TRUNCATE audit_event", "UPDATE audit_chain SET seq = 0", "DELETE FROM audit_chain")) {
				assertThatThrownBy(() -> statement.execute(sql)).as(sql).hasMessageContaining("permission denied");
			}
		}
		try (Connection owner = TestInfrastructure.get()
			.connectAs("identity_owner", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = owner.createStatement()) {
			for (String sql : List.of("UPDATE audit_event SET action = 'forged'", "DELETE FROM audit_event",
					"TRUNCATE audit_event", "DELETE FROM audit_chain", "TRUNCATE audit_chain")) {
				assertThatThrownBy(() -> statement.execute(sql)).as(sql).hasMessageContaining("append-only");
			}
		}
		assertThat(acme.admin().get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
	}

	@Test
	void theRuntimeRoleCanNeitherSwitchTheTriggersOffNorActAsTheOwner() throws SQLException {
		Tenant acme = tenantWithEntries(2);
		try (Connection runtime = TestInfrastructure.get()
			.connectAs("identity_app", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = runtime.createStatement()) {
			for (String sql : List.of("ALTER TABLE audit_event DISABLE TRIGGER ALL",
					"ALTER TABLE audit_event DISABLE TRIGGER USER", "ALTER TABLE audit_chain DISABLE TRIGGER ALL",
					"ALTER TABLE audit_event NO FORCE ROW LEVEL SECURITY", "DROP TABLE audit_event")) {
				assertThatThrownBy(() -> statement.execute(sql)).as(sql).hasMessageContaining("must be owner");
			}
			assertThatThrownBy(() -> statement.execute("SET ROLE identity_owner"))
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> statement.execute("SET session_replication_role = replica"))
				.hasMessageContaining("permission denied");
			assertThat(AuditTableOwnership.ownedByCaller(runtime, "identity")).isEmpty();
		}
		try (Connection owner = TestInfrastructure.get()
			.connectAs("identity_owner", FlowSupportTestInitializer.ROLE_PASSWORD)) {
			assertThat(AuditTableOwnership.ownedByCaller(owner, "identity")).as("what the service refuses to start as")
				.containsExactly("audit_chain", "audit_event");
		}
		assertThat(acme.admin().get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
	}

	@Test
	void theDatabaseChainsEvenARawInsertWhateverItClaims() throws SQLException {
		Tenant acme = tenantWithEntries(2);
		long last = seqs(acme.id()).getLast();
		try (Connection runtime = TestInfrastructure.get()
			.connectAs("identity_app", FlowSupportTestInitializer.ROLE_PASSWORD)) {
			runtime.setAutoCommit(false);
			try (PreparedStatement claims = runtime
				.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)");
					PreparedStatement insert = runtime.prepareStatement("""
							INSERT INTO audit_event (id, tenant_id, action, seq, prev_hash, hash)
							VALUES (gen_random_uuid(), ?, 'forged.entry', 1, '\\x00', '\\x00')""")) {
				claims.setString(1, "{\"tenant_id\": \"" + acme.id() + "\", \"app_role\": \"admin\"}");
				claims.execute();
				insert.setObject(1, acme.id());
				insert.executeUpdate();
			}
			runtime.commit();
		}
		assertThat(seqs(acme.id()).getLast()).isEqualTo(last + 1);
		assertThat(acme.admin().get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
	}

	@Test
	void anotherServicesAuditEventJoinsTheChainOnceHoweverOftenItIsDelivered() throws SQLException {
		Tenant acme = signUp();
		AdminAudit ticketService = new AdminAudit(this.events, "ticket-service");
		String policyId = UUID.randomUUID().toString();
		asAdminOf(acme, () -> {
			ticketService.record("sla_policy.updated", "sla_policy", policyId, Map.of("name", "Gold"));
			return null;
		});
		await().atMost(Duration.ofSeconds(20)).until(() -> count(acme.id(), "sla_policy.updated") == 1);

		// The same message again, and again after the inbox forgot it (pruned).
		MapRecord<String, Object, Object> delivered = streamRecordOf(acme.id(), "sla_policy.updated");
		redeliver(delivered);
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement()) {
			statement.executeUpdate("DELETE FROM identity.inbox_event WHERE tenant_id = '" + acme.id() + "'");
		}
		redeliver(delivered);
		asAdminOf(acme, () -> {
			ticketService.record("sla_policy.deleted", "sla_policy", policyId, Map.of());
			return null;
		});
		// Streams are consumed in order: once the later event is in, both copies were
		// handled.
		await().atMost(Duration.ofSeconds(20)).until(() -> count(acme.id(), "sla_policy.deleted") == 1);
		assertThat(count(acme.id(), "sla_policy.updated")).isEqualTo(1);

		JsonNode entry = acme.admin().get("/api/v1/audit?action=sla_policy.updated").json().at("/items/0");
		assertThat(entry.get("origin").asString()).isEqualTo("ticket-service");
		assertThat(entry.get("targetId").asString()).isEqualTo(policyId);
		assertThat(entry.get("actorId").asString()).isEqualTo(acme.adminId().toString());
		assertThat(entry.get("actorRole").asString()).isEqualTo("admin");
		assertThat(entry.get("details").asString()).contains("Gold");
		assertThat(entry.get("seq").asLong()).isPositive();
		assertThat(acme.admin().get("/api/v1/audit/verify").json().get("intact").asBoolean()).isTrue();
	}

	@Test
	void onlyAdminsVerifyTheirOwnTenantAndSuperAdminsAnyTenant() {
		Tenant acme = signUp();
		Tenant other = signUp();
		assertThat(acme.admin().get("/api/v1/audit/verify?tenantId=" + other.id()).status()).isEqualTo(403);
		String agentEmail = "agent-" + unique() + "@example.com";
		assertThat(acme.admin()
			.post("/api/v1/users", Map.of("email", agentEmail, "name", "Agent", "role", "agent", "password", PASSWORD))
			.status()).isEqualTo(201);
		ApiClient agent = this.api.withToken(accessToken(acme.slug(), agentEmail, PASSWORD));
		assertThat(agent.get("/api/v1/audit/verify").status()).isEqualTo(403);

		ApiClient operator = this.api.withToken(accessToken("platform-operators",
				IdentityIntegrationTest.OPERATOR_EMAIL, IdentityIntegrationTest.OPERATOR_PASSWORD));
		ApiClient.Response theirs = operator.get("/api/v1/audit/verify?tenantId=" + other.id());
		assertThat(theirs.status()).isEqualTo(200);
		assertThat(theirs.json().get("tenantId").asString()).isEqualTo(other.id().toString());
		assertThat(theirs.json().get("intact").asBoolean()).isTrue();
		assertThat(theirs.json().get("entries").asLong()).isPositive();
		ApiClient.Response unknown = operator.get("/api/v1/audit/verify?tenantId=" + UUID.randomUUID());
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		ApiClient.Response malformed = operator.get("/api/v1/audit/verify?tenantId=not-a-uuid");
		assertThat(malformed.status()).isEqualTo(400);
		assertThat(malformed.contentType()).startsWith("application/problem+json");
	}

	private ChainVerification verifiedByMonitor(UUID tenantId) {
		// A background run may hold the tenant for a moment; then it is skipped.
		return await().atMost(Duration.ofSeconds(10))
			.until(() -> this.monitor.verifyAll()
				.stream()
				.filter((result) -> result.tenantId().equals(tenantId))
				.findFirst()
				.orElse(null), (result) -> result != null);
	}

	private Tenant tenantWithEntries(int count) {
		Tenant tenant = signUp();
		for (int i = 0; i < count; i++) {
			record(tenant, "setting.changed", Map.of("i", i));
		}
		return tenant;
	}

	private void record(Tenant tenant, String action, Map<String, ?> details) {
		asAdminOf(tenant, () -> {
			this.auditLog.record(action, "setting", "s-1", details);
			return null;
		});
	}

	private <T> T asAdminOf(Tenant tenant, Callable<T> work) {
		return Tenancy.callAs(CallerIdentity.user(tenant.id(), tenant.adminId(), AppRole.ADMIN),
				() -> this.transactions.execute((tx) -> {
					try {
						return work.call();
					}
					catch (Exception ex) {
						throw new IllegalStateException(ex);
					}
				}));
	}

	/**
	 * Runs statements as a superuser with triggers off for this session only: the one way
	 * past the append-only guard. A second statement may name the tenant with %s.
	 */
	private static void tamper(String sql, UUID tenantId) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement replica = admin.createStatement()) {
			replica.execute("SET session_replication_role = replica");
			String[] statements = sql.formatted(tenantId).split(";");
			try (PreparedStatement first = admin.prepareStatement(statements[0])) {
				first.setObject(1, tenantId);
				assertThat(first.executeUpdate()).as("tampered rows").isPositive();
			}
			for (int i = 1; i < statements.length; i++) {
				if (!statements[i].isBlank()) {
					replica.executeUpdate(statements[i]);
				}
			}
		}
	}

	private static List<Long> seqs(UUID tenantId) throws SQLException {
		List<Long> seqs = new ArrayList<>();
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin
					.prepareStatement("SELECT seq FROM identity.audit_event WHERE tenant_id = ? ORDER BY seq")) {
			query.setObject(1, tenantId);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					seqs.add(rows.getLong(1));
				}
			}
		}
		return seqs;
	}

	private static long count(UUID tenantId, String action) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin
					.prepareStatement("SELECT count(*) FROM identity.audit_event WHERE tenant_id = ? AND action = ?")) {
			query.setObject(1, tenantId);
			query.setString(2, action);
			try (ResultSet rows = query.executeQuery()) {
				rows.next();
				return rows.getLong(1);
			}
		}
	}

	private MapRecord<String, Object, Object> streamRecordOf(UUID tenantId, String action) {
		String stream = this.streams.forType(EventTypes.AUDIT_RECORDED);
		return this.redis.opsForStream()
			.range(stream, Range.unbounded())
			.stream()
			.filter((record) -> tenantId.toString().equals(record.getValue().get("tenant_id"))
					&& String.valueOf(record.getValue().get("envelope")).contains(action))
			.findFirst()
			.orElseThrow();
	}

	private void redeliver(MapRecord<String, Object, Object> record) {
		this.redis.opsForStream().add(StreamRecords.newRecord().in(record.getStream()).ofMap(record.getValue()));
	}

	private Tenant signUp() {
		String slug = "audit-" + unique();
		String email = "admin-" + unique() + "@example.com";
		ApiClient.Response response = this.api.post("/api/v1/auth/signup", Map.of("tenantName", "Audit " + slug,
				"tenantSlug", slug, "adminName", "Ada Admin", "adminEmail", email, "adminPassword", PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		JsonNode body = response.json();
		return new Tenant(slug, UUID.fromString(body.at("/tenant/id").asString()),
				UUID.fromString(body.at("/user/id").asString()),
				this.api.withToken(body.get("accessToken").asString()));
	}

	private String accessToken(String slug, String email, String password) {
		ApiClient.Response login = this.api.post("/api/v1/auth/login",
				Map.of("tenantSlug", slug, "email", email, "password", password));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json().get("accessToken").asString();
	}

	private static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private record Tenant(String slug, UUID id, UUID adminId, ApiClient admin) {
	}

}
