package com.flowsupport.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.flowsupport.identity.privacy.PeerStandIn;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.MovableClock;
import com.flowsupport.shared.test.PersonalDataTraces;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.ZipEntries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Data-subject exports and erasures as durable jobs, against identity's own data and a
 * stand-in for another service that can be taken down, on a clock the tests move.
 */
@IdentityIntegrationTest
@Import(PrivacyJobTests.Clocks.class)
class PrivacyJobTests {

	static final PeerStandIn TICKETS = PeerStandIn.start();

	static final String PASSWORD = "correct horse battery";

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Duration PATIENCE = Duration.ofSeconds(40);

	@DynamicPropertySource
	static void peers(DynamicPropertyRegistry registry) {
		registry.add("flowsupport.identity.privacy.participants.ticket-service", TICKETS::url);
		registry.add("flowsupport.identity.privacy.poll-interval", () -> "200ms");
	}

	@Value("${local.server.port}")
	int port;

	@Autowired
	MovableClock clock;

	ApiClient api;

	SignedUpTenant acme;

	ApiClient admin;

	String customerEmail;

	String customerId;

	String customerName;

	String surname;

	@BeforeEach
	void customer() {
		this.clock.reset();
		this.api = ApiClient.at("http://localhost:" + this.port);
		this.acme = SignedUpTenant.signUp(this.api, PASSWORD);
		this.admin = this.api.withToken(this.acme.accessToken());
		this.customerEmail = "quilla-" + SignedUpTenant.unique() + "@example.test";
		this.surname = "Vantreece" + SignedUpTenant.unique();
		this.customerName = "Quilla " + this.surname;
		ApiClient.Response created = this.admin.post("/api/v1/users", Map.of("email", this.customerEmail, "name",
				this.customerName, "role", "customer", "password", PASSWORD));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		this.customerId = created.json().get("id").asString();
		assertThat(login().status()).isEqualTo(200);
	}

	@Test
	void anExportCollectsEveryServiceIntoOneArchiveEvenAcrossAnOutage() throws Exception {
		TICKETS.failNext("/export", 1);
		ApiClient.Response requested = this.admin.post("/api/v1/privacy/exports", Map.of("userId", this.customerId));
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		String id = requested.json().get("id").asString();
		assertThat(requested.header("Location")).endsWith("/api/v1/privacy/exports/" + id);
		assertThat(requested.json().get("status").asString()).isEqualTo("pending");

		JsonNode done = awaitCompleted("/api/v1/privacy/exports/" + id);
		assertThat(done.get("attempts").asInt()).as("the outage cost one retry").isEqualTo(1);
		assertThat(done.get("services").findValuesAsString("service")).containsExactly("ticket-service",
				"identity-service");
		String sha256 = done.at("/archive/sha256").asString();

		ApiClient.Response archive = this.admin.get("/api/v1/privacy/exports/" + id + "/archive");
		assertThat(archive.status()).isEqualTo(200);
		assertThat(archive.contentType()).startsWith("application/zip");
		byte[] zip = this.admin.download("/api/v1/privacy/exports/" + id + "/archive");
		assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip))).isEqualTo(sha256);
		assertThat(archive.header("Repr-Digest"))
			.isEqualTo("sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256)) + ":");
		Map<String, byte[]> files = ZipEntries.of(zip);
		JsonNode manifest = JSON.readTree(files.get("manifest.json"));
		assertThat(manifest.get("subjectId").asString()).isEqualTo(this.customerId);
		assertThat(manifest.get("tenantId").asString()).isEqualTo(this.acme.tenantId());
		assertThat(manifest.get("generatedAt").asString()).isNotBlank();
		for (JsonNode file : manifest.get("files")) {
			byte[] content = files.get(file.get("file").asString());
			assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)))
				.isEqualTo(file.get("sha256").asString());
		}
		JsonNode account = JSON.readTree(files.get("identity-service.json")).get("account");
		assertThat(account.at("/profile/0/email").asString()).isEqualTo(this.customerEmail);
		assertThat(account.at("/profile/0/name").asString()).isEqualTo(this.customerName);
		assertThat(account.get("sessions").size()).as("the login's session").isEqualTo(1);
		assertThat(account.get("auditReferences").findValuesAsString("action")).contains("user.created",
				"privacy.export_requested");
		assertThat(new String(files.get("identity-service.json"), StandardCharsets.UTF_8))
			.doesNotContain(this.acme.adminEmail())
			.doesNotContain("password_hash");
		assertThat(JSON.readTree(files.get("ticket-service.json")).at("/tickets/tickets/0/subject").asString())
			.isEqualTo("My printer");

		List<PeerStandIn.Call> exports = TICKETS.calls()
			.stream()
			.filter((call) -> call.path().equals("/internal/v1/privacy/subjects/" + this.customerId + "/export"))
			.toList();
		assertThat(exports).hasSize(2);
		JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(exports.get(1).authorization().split("\\.")[1]));
		assertThat(claims.get("tenant_id").asString()).isEqualTo(this.acme.tenantId());
		assertThat(claims.get("app_role").asString()).isEqualTo("service");
		assertThat(claims.get("service").asString()).isEqualTo("identity-service");
		assertThat(exports.get(1).body()).contains(this.customerEmail, this.customerName);

		this.clock.advance(Duration.ofDays(8));
		ApiClient.Response expired = this.admin.get("/api/v1/privacy/exports/" + id + "/archive");
		assertThat(expired.status()).isEqualTo(410);
		assertThat(expired.contentType()).startsWith("application/problem+json");
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(archiveKept(id)).as("expired archives are dropped").isFalse());
	}

	@Test
	void anErasureAnonymisesTheAccountAfterEveryOtherServiceAndEndsSignIn() throws Exception {
		TICKETS.failNext("/erasure", 2);
		ApiClient.Response requested = this.admin.post("/api/v1/privacy/erasures", Map.of("userId", this.customerId));
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		String id = requested.json().get("id").asString();
		await().atMost(PATIENCE).untilAsserted(() -> {
			JsonNode status = this.admin.get("/api/v1/privacy/erasures/" + id).json();
			assertThat(status.at("/services/0/lastError").asString()).contains("503");
		});
		assertThat(login().status()).as("identity waits for the other services").isEqualTo(200);

		JsonNode done = awaitCompleted("/api/v1/privacy/erasures/" + id);
		assertThat(done.at("/erased/ticket-service/tickets/comments").asInt()).isEqualTo(2);
		assertThat(done.at("/erased/identity-service/account/profile").asInt()).isEqualTo(1);
		assertThat(done.at("/erased/identity-service/account/sessions").asInt()).isPositive();
		PeerStandIn.Call erasure = TICKETS.calls()
			.stream()
			.filter((call) -> call.path().equals("/internal/v1/privacy/subjects/" + this.customerId + "/erasure"))
			.reduce((first, second) -> second)
			.orElseThrow();
		JsonNode body = JSON.readTree(erasure.body());
		assertThat(body.get("identifiers").toString()).contains(this.customerEmail, this.customerName, "Quilla",
				this.surname);
		assertThat(body.get("tombstoneId").asString()).isNotEqualTo(this.customerId);

		assertThat(login().status()).isEqualTo(401);
		JsonNode user = this.admin.get("/api/v1/users/" + this.customerId).json();
		assertThat(user.get("status").asString()).isEqualTo("erased");
		assertThat(user.get("email").asString()).endsWith("@erased.invalid");
		assertThat(this.admin.send("PATCH", "/api/v1/users/" + this.customerId, "{\"active\":true}", "application/json")
			.status()).as("an erased account cannot be reactivated").isEqualTo(409);
		assertThat(login().status()).isEqualTo(401);
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(PersonalDataTraces.find(admin, "identity", List.of(this.customerEmail, this.surname),
					PersonalDataTraces.PLATFORM_TABLES))
				.isEmpty();
		}
		ApiClient.Response audit = this.admin.get("/api/v1/audit?action=privacy.erasure_completed");
		assertThat(audit.json().get("items").findValuesAsString("targetId")).contains(this.customerId);

		ApiClient.Response again = this.admin.post("/api/v1/privacy/erasures", Map.of("userId", this.customerId));
		JsonNode repeated = awaitCompleted("/api/v1/privacy/erasures/" + again.json().get("id").asString());
		assertThat(repeated.at("/erased/identity-service/account/profile").asInt()).as("nothing left to erase")
			.isZero();
	}

	@Test
	void onlyTheTenantsAdminsRequestAndBadRequestsCreateNothing() {
		ApiClient customer = this.api.withToken(login().json().get("accessToken").asString());
		assertThat(customer.post("/api/v1/privacy/exports", Map.of("userId", this.customerId)).status()).isEqualTo(403);
		ApiClient.Response bad = this.admin.post("/api/v1/privacy/erasures",
				Map.of("userId", "not-a-uuid", "role", "admin"));
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.body()).contains("userId", "role");
		assertThat(this.admin.post("/api/v1/privacy/erasures", Map.of("userId", this.acme.adminId())).status())
			.as("nobody erases themselves")
			.isEqualTo(422);
		assertThat(this.admin.post("/api/v1/privacy/exports", Map.of("userId", UUID.randomUUID().toString())).status())
			.isEqualTo(404);
		SignedUpTenant other = SignedUpTenant.signUp(this.api, PASSWORD);
		ApiClient otherAdmin = this.api.withToken(other.accessToken());
		assertThat(otherAdmin.post("/api/v1/privacy/exports", Map.of("userId", this.customerId)).status())
			.as("another tenant's user")
			.isEqualTo(404);
		assertThat(otherAdmin
			.post("/api/v1/privacy/exports", Map.of("userId", this.customerId, "tenantId", this.acme.tenantId()))
			.status()).as("only super admins name a tenant").isEqualTo(403);
		String id = this.admin.post("/api/v1/privacy/exports", Map.of("userId", this.customerId))
			.json()
			.get("id")
			.asString();
		assertThat(otherAdmin.get("/api/v1/privacy/exports/" + id).status()).isEqualTo(404);
		assertThat(login().status()).isEqualTo(200);
	}

	@Test
	void superAdminsActForAnyTenant() {
		ApiClient operator = this.api.withToken(this.api
			.post("/api/v1/auth/login",
					Map.of("tenantSlug", "platform-operators", "email", IdentityIntegrationTest.OPERATOR_EMAIL,
							"password", IdentityIntegrationTest.OPERATOR_PASSWORD))
			.json()
			.get("accessToken")
			.asString());
		ApiClient.Response requested = operator.post("/api/v1/privacy/exports",
				Map.of("userId", this.customerId, "tenantId", this.acme.tenantId()));
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		assertThat(requested.json().get("tenantId").asString()).isEqualTo(this.acme.tenantId());
		String id = requested.json().get("id").asString();
		assertThat(this.admin.get("/api/v1/privacy/exports/" + id).status()).isEqualTo(200);
		assertThat(operator.get("/api/v1/privacy/exports/" + id + "?tenantId=" + this.acme.tenantId()).status())
			.isEqualTo(200);
	}

	@Test
	void processingRecordsListEveryServiceAndTheirRecipients() {
		JsonNode items = this.admin.get("/api/v1/privacy/processing-records").json().get("items");
		assertThat(items.findValuesAsString("service")).containsExactly("identity-service", "ticket-service");
		assertThat(items.at("/0/records/0/dataCategories").toString()).contains("email address");
		assertThat(items.at("/1/records/0/activity").asString()).isEqualTo("support tickets");
		TICKETS.failNext("/processing-records", 1);
		JsonNode degraded = this.admin.get("/api/v1/privacy/processing-records").json().get("items");
		assertThat(degraded.at("/1/available").asBoolean()).isFalse();
	}

	private JsonNode awaitCompleted(String path) {
		return await().atMost(PATIENCE)
			.until(() -> this.admin.get(path).json(), (status) -> "completed".equals(status.get("status").asString()));
	}

	private ApiClient.Response login() {
		return this.api.post("/api/v1/auth/login",
				Map.of("tenantSlug", this.acme.slug(), "email", this.customerEmail, "password", PASSWORD));
	}

	private boolean archiveKept(String id) throws Exception {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin
					.prepareStatement("SELECT archive IS NOT NULL FROM identity.privacy_job WHERE id = ?::uuid")) {
			query.setString(1, id);
			try (ResultSet row = query.executeQuery()) {
				row.next();
				return row.getBoolean(1);
			}
		}
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class Clocks {

		/**
		 * The privacy jobs' clock: real time, moved ahead by the tests to expire
		 * archives.
		 */
		@Bean
		MovableClock movableClock() {
			return MovableClock.running();
		}

	}

}
