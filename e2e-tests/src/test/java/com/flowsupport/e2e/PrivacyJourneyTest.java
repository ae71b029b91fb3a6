package com.flowsupport.e2e;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ZipEntries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A data-subject request through the gateway with every service running: a customer with
 * a ticket, comments and a chat bot conversation is exported (one archive with a section
 * per service, checked against its manifest), then erased: they can no longer sign in,
 * their ticket stays for the agents with the person replaced by a tombstone, and a new
 * export finds only tombstones. The services' privacy endpoints are not reachable through
 * the gateway.
 */
class PrivacyJourneyTest {

	private static final String PASSWORD = "e2e correct horse";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration PATIENCE = Duration.ofSeconds(60);

	private static ApiClient gateway;

	@BeforeAll
	static void platform() {
		gateway = RunningPlatform.get().gateway();
	}

	@Test
	void aCustomerIsExportedThenErasedAcrossEveryService() throws Exception {
		String slug = "gdpr-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Response signup = gateway.post("/api/v1/auth/signup",
				Map.of("tenantName", "GDPR " + slug, "tenantSlug", slug, "adminName", "Admin", "adminEmail",
						"admin@" + slug + ".example.com", "adminPassword", PASSWORD));
		assertThat(signup.status()).as(signup.body()).isEqualTo(201);
		String adminToken = signup.json().get("accessToken").asString();
		ApiClient admin = gateway.withToken(adminToken);
		String email = "ysolde.kranwick@" + slug + ".example.com";
		String customerId = user(admin, email, "Ysolde Kranwick", "customer");
		ApiClient customer = login(slug, email);
		String agentEmail = "agent@" + slug + ".example.com";
		user(admin, agentEmail, "Agent Smith", "agent");
		ApiClient agent = login(slug, agentEmail);

		String ticket = customer
			.post("/api/v1/tickets", Map.of("subject", "Refund for Ysolde Kranwick", "description",
					"Please refund my order, reach me at " + email))
			.json()
			.get("id")
			.asString();
		assertThat(customer
			.post("/api/v1/tickets/" + ticket + "/comments", Map.of("body", "Any news? Ysolde", "public", true))
			.status()).isEqualTo(201);
		assertThat(agent
			.post("/api/v1/tickets/" + ticket + "/comments",
					Map.of("body", "Hello Ysolde, the refund is on its way", "public", true))
			.status()).isEqualTo(201);
		ApiClient.Response conversation = customer.post("/api/v1/ai/conversations", Map.of("channel", "web"));
		assertThat(conversation.status()).as(conversation.body()).isEqualTo(201);
		String conversationId = conversation.json().get("id").asString();
		assertThat(customer
			.post("/api/v1/ai/conversations/" + conversationId + "/messages",
					Map.of("text", "Where is the refund for Kranwick's order?"))
			.status()).isEqualTo(200);

		Map<String, byte[]> export = exportOf(admin, customerId);
		JsonNode manifest = JSON.readTree(export.get("manifest.json"));
		assertThat(manifest.get("subjectId").asString()).isEqualTo(customerId);
		assertThat(manifest.get("files").findValuesAsString("service")).contains("identity-service", "ticket-service",
				"kb-service", "ai-rag-service");
		for (JsonNode file : manifest.get("files")) {
			assertThat(sha256(export.get(file.get("file").asString()))).isEqualTo(file.get("sha256").asString());
		}
		JsonNode account = JSON.readTree(export.get("identity-service.json")).get("account");
		assertThat(account.at("/profile/0/email").asString()).isEqualTo(email);
		JsonNode tickets = JSON.readTree(export.get("ticket-service.json")).get("tickets");
		assertThat(tickets.get("tickets").findValuesAsString("id")).containsExactly(ticket);
		assertThat(tickets.get("comments").findValuesAsString("body")).contains("Any news? Ysolde",
				"Hello Ysolde, the refund is on its way");
		JsonNode conversations = JSON.readTree(export.get("ai-rag-service.json")).get("conversations");
		assertThat(conversations.get("conversations").findValuesAsString("id")).containsExactly(conversationId);
		assertThat(conversations.get("messages").findValuesAsString("body"))
			.contains("Where is the refund for Kranwick's order?");
		assertThat(JSON.readTree(export.get("kb-service.json")).at("/articles/articles").size()).isZero();

		ApiClient.Response erasure = admin.post("/api/v1/privacy/erasures", Map.of("userId", customerId));
		assertThat(erasure.status()).as(erasure.body()).isEqualTo(202);
		JsonNode erased = awaitCompleted(admin, erasure.header("Location"));
		assertThat(erased.at("/erased/ticket-service/tickets/tickets").asInt()).isEqualTo(1);
		assertThat(erased.at("/erased/ai-rag-service/conversations/conversations").asInt()).isEqualTo(1);

		ApiClient.Response refused = gateway.post("/api/v1/auth/login",
				Map.of("tenantSlug", slug, "email", email, "password", PASSWORD));
		assertThat(refused.status()).isEqualTo(401);
		JsonNode kept = agent.get("/api/v1/tickets/" + ticket).json();
		assertThat(kept.get("requesterId").asString()).isNotEqualTo(customerId);
		assertThat(kept.get("subject").asString()).isEqualTo("[redacted]");
		String comments = agent.get("/api/v1/tickets/" + ticket + "/comments").body();
		assertThat(comments).contains("the refund is on its way").doesNotContain("Ysolde").doesNotContain(email);

		Map<String, byte[]> after = exportOf(admin, customerId);
		JsonNode tombstone = JSON.readTree(after.get("identity-service.json")).at("/account/profile/0");
		assertThat(tombstone.get("email").asString()).endsWith("@erased.invalid");
		assertThat(tombstone.get("status").asString()).isEqualTo("erased");
		assertThat(JSON.readTree(after.get("ticket-service.json")).at("/tickets/tickets").size()).isZero();
		assertThat(JSON.readTree(after.get("ai-rag-service.json")).at("/conversations/conversations").size()).isZero();
		for (byte[] file : after.values()) {
			assertThat(new String(file, java.nio.charset.StandardCharsets.UTF_8)).doesNotContain(email)
				.doesNotContain("Ysolde")
				.doesNotContain("Kranwick");
		}
	}

	@Test
	void theServicesPrivacyEndpointsAreNotRoutedByTheGateway() {
		String path = "/internal/v1/privacy/subjects/" + UUID.randomUUID() + "/erasure";
		ApiClient.Response response = gateway.post(path, Map.of("tombstoneId", UUID.randomUUID().toString()));
		assertThat(response.status()).isIn(401, 404);
		assertThat(gateway.get("/internal/v1/privacy/processing-records").status()).isIn(401, 404);
	}

	private static Map<String, byte[]> exportOf(ApiClient admin, String userId) throws Exception {
		ApiClient.Response requested = admin.post("/api/v1/privacy/exports", Map.of("userId", userId));
		assertThat(requested.status()).as(requested.body()).isEqualTo(202);
		JsonNode done = awaitCompleted(admin, requested.header("Location"));
		byte[] zip = admin.download(done.at("/archive/url").asString());
		assertThat(sha256(zip)).isEqualTo(done.at("/archive/sha256").asString());
		return ZipEntries.of(zip);
	}

	private static JsonNode awaitCompleted(ApiClient admin, String location) {
		// Polled slowly: the tenant's gateway budget in these tests is small.
		return await().atMost(PATIENCE)
			.pollInterval(Duration.ofSeconds(2))
			.until(() -> admin.get(location).json(), (status) -> "completed".equals(status.get("status").asString()));
	}

	private static String user(ApiClient admin, String email, String name, String role) {
		ApiClient.Response created = admin.post("/api/v1/users",
				Map.of("email", email, "name", name, "role", role, "password", PASSWORD));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json().get("id").asString();
	}

	private static ApiClient login(String slug, String email) {
		ApiClient.Response login = gateway.post("/api/v1/auth/login",
				Map.of("tenantSlug", slug, "email", email, "password", PASSWORD));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return gateway.withToken(login.json().get("accessToken").asString());
	}

	private static String sha256(byte[] content) throws Exception {
		return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
	}

}
