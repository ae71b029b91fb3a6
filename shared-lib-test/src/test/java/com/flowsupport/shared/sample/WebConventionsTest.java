package com.flowsupport.shared.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ForgedTokens;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTP conventions every service inherits: identity from the JWT, problems,
 * idempotency, cursors.
 */
@ServiceIntegrationTest
class WebConventionsTest {

	@LocalServerPort
	int port;

	private final UUID tenant = UUID.randomUUID();

	private final UUID user = UUID.randomUUID();

	private ApiClient anonymous;

	private ApiClient agent;

	@BeforeEach
	void clients() {
		this.anonymous = ApiClient.at("http://localhost:" + this.port);
		this.agent = this.anonymous.withToken(TestJwtIssuer.get().token(this.tenant, this.user, AppRole.AGENT));
	}

	@Test
	void theDatabaseSeesTheCallerOfTheValidatedToken() {
		ApiClient.Response response = this.agent.get("/api/v1/whoami");
		assertThat(response.status()).isEqualTo(200);
		assertThat(response.json().get("tenant").asString()).isEqualTo(this.tenant.toString());
		assertThat(response.json().get("role").asString()).isEqualTo("agent");
		assertThat(response.json().get("user_id").asString()).isEqualTo(this.user.toString());
	}

	@Test
	void badTokensAreUnauthorizedProblems() {
		ForgedTokens forged = ForgedTokens.forTestIssuer();
		assertThat(this.anonymous.withToken(forged.valid()).get("/api/v1/whoami").status()).as("control")
			.isEqualTo(200);
		Map<String, String> bad = new LinkedHashMap<>(forged.attacks());
		bad.put("not a token", "not-a-jwt");
		bad.forEach((attack, token) -> {
			ApiClient.Response response = this.anonymous.withToken(token).get("/api/v1/whoami");
			assertThat(response.status()).as(attack).isEqualTo(401);
			assertThat(response.contentType()).startsWith("application/problem+json");
		});
		ApiClient.Response noToken = this.anonymous.get("/api/v1/whoami");
		assertThat(noToken.status()).isEqualTo(401);
		assertThat(noToken.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(noToken.json().get("title").asString()).isEqualTo("Unauthorized");
		assertThat(noToken.json().has("properties")).as("problem members are inline, not a bean dump").isFalse();
	}

	@Test
	void failuresAreProblemDocuments() {
		ApiClient.Response unknown = this.agent.get("/api/v1/nothing-here");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.contentType()).startsWith("application/problem+json");
		assertThat(unknown.json().get("status").asInt()).isEqualTo(404);

		ApiClient.Response missing = this.agent.get("/api/v1/notes/" + UUID.randomUUID());
		assertThat(missing.status()).isEqualTo(404);
		assertThat(missing.json().get("title").asString()).isEqualTo("Not found");

		ApiClient.Response wrongMethod = this.agent.delete("/api/v1/notes");
		assertThat(wrongMethod.status()).isEqualTo(405);
		assertThat(wrongMethod.contentType()).startsWith("application/problem+json");

		ApiClient.Response wrongType = this.agent.send("POST", "/api/v1/notes", "body=x", "text/plain");
		assertThat(wrongType.status()).isEqualTo(415);
		assertThat(wrongType.contentType()).startsWith("application/problem+json");

		ApiClient.Response unreadable = this.agent.send("POST", "/api/v1/notes", "{not json", "application/json");
		assertThat(unreadable.status()).isEqualTo(400);
		assertThat(unreadable.contentType()).startsWith("application/problem+json");

		ApiClient.Response invalid = this.agent.post("/api/v1/notes", Map.of("body", " "));
		assertThat(invalid.status()).isEqualTo(400);
		JsonNode errors = invalid.json().get("errors");
		assertThat(errors).hasSize(1);
		assertThat(errors.get(0).get("field").asString()).isEqualTo("body");

		assertThat(this.agent.get("/api/v1/notes?cursor=%25%25garbage").status()).isEqualTo(400);
		assertThat(this.agent.get("/api/v1/notes?limit=1000").status()).isEqualTo(400);
	}

	@Test
	void sameIdempotencyKeyAndBodyCreatesOnceAndReplays() throws SQLException {
		ApiClient keyed = this.agent.withHeader("Idempotency-Key", "create-" + UUID.randomUUID());
		ApiClient.Response first = keyed.post("/api/v1/notes", Map.of("body", "only once"));
		ApiClient.Response retry = keyed.post("/api/v1/notes", Map.of("body", "only once"));
		assertThat(first.status()).isEqualTo(201);
		assertThat(retry.status()).isEqualTo(201);
		assertThat(retry.body()).isEqualTo(first.body());
		assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
		assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
		assertThat(notesOfTenant()).isOne();

		ApiClient.Response reused = keyed.post("/api/v1/notes", Map.of("body", "something else"));
		assertThat(reused.status()).isEqualTo(422);
		assertThat(reused.contentType()).startsWith("application/problem+json");
		assertThat(notesOfTenant()).isOne();
	}

	@Test
	void failedRequestsDoNotBurnTheKeyAndKeysAreScopedToTheCaller() throws SQLException {
		String key = "scoped-" + UUID.randomUUID();
		assertThat(this.agent.withHeader("Idempotency-Key", key).post("/api/v1/notes", Map.of("body", "")).status())
			.isEqualTo(400);
		assertThat(this.agent.withHeader("Idempotency-Key", key).post("/api/v1/notes", Map.of("body", "ok")).status())
			.isEqualTo(201);
		ApiClient otherTenant = this.anonymous
			.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT))
			.withHeader("Idempotency-Key", key);
		ApiClient.Response theirs = otherTenant.post("/api/v1/notes", Map.of("body", "ok"));
		assertThat(theirs.status()).isEqualTo(201);
		assertThat(theirs.header("Idempotent-Replayed")).isNull();
		assertThat(notesOfTenant()).isOne();
	}

	@Test
	void concurrentRetriesWithOneKeyCreateOneNote() throws Exception {
		ApiClient keyed = this.agent.withHeader("Idempotency-Key", "race-" + UUID.randomUUID());
		List<Thread> threads = new java.util.ArrayList<>();
		Set<Integer> statuses = java.util.Collections.synchronizedSet(new HashSet<>());
		for (int i = 0; i < 4; i++) {
			threads.add(Thread.ofVirtual()
				.start(() -> statuses.add(keyed.post("/api/v1/notes", Map.of("body", "raced")).status())));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(statuses).containsOnly(201);
		assertThat(notesOfTenant()).isOne();
	}

	@Test
	void listsPageWithCursors() {
		for (int i = 0; i < 5; i++) {
			assertThat(this.agent.post("/api/v1/notes", Map.of("body", "n" + i)).status()).isEqualTo(201);
		}
		Set<String> seen = new HashSet<>();
		String cursor = null;
		int pages = 0;
		do {
			ApiClient.Response page = this.agent
				.get("/api/v1/notes?limit=2" + ((cursor != null) ? "&cursor=" + cursor : ""));
			assertThat(page.status()).isEqualTo(200);
			page.json().get("items").forEach((item) -> seen.add(item.get("id").asString()));
			JsonNode next = page.json().get("nextCursor");
			cursor = next.isNull() ? null : next.asString();
			pages++;
		}
		while (cursor != null);
		assertThat(seen).hasSize(5);
		assertThat(pages).isEqualTo(3);
	}

	private long notesOfTenant() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT count(*) FROM sample.note WHERE tenant_id = '" + this.tenant + "'")) {
			rows.next();
			return rows.getLong(1);
		}
	}

}
