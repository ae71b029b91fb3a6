package com.flowsupport.shared.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;

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
	void aStreamUnderAnIdempotencyKeyStreamsAndIsReplayedWhole() throws Exception {
		HttpRequest request = streamedNote("streamed", "stream-" + UUID.randomUUID());
		HttpClient http = HttpClient.newHttpClient();
		NoteController.STREAM_GATE = new CountDownLatch(1);
		NoteController.STREAM_FINISHING = false;
		List<String> first = new java.util.ArrayList<>();
		try {
			HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
			assertThat(response.statusCode()).isEqualTo(200);
			Iterator<String> lines = response.body().iterator();
			// The first event arrives while the handler still waits: the body is not held
			// back until the transaction commits.
			String line;
			while (!(line = lines.next()).isEmpty()) {
				first.add(line);
			}
			assertThat(NoteController.STREAM_FINISHING).isFalse();
			NoteController.STREAM_GATE.countDown();
			lines.forEachRemaining((rest) -> {
				if (!rest.isEmpty()) {
					first.add(rest);
				}
			});
		}
		finally {
			NoteController.STREAM_GATE.countDown();
		}
		assertThat(first).first().isEqualTo("event: note");
		assertThat(first).contains("event: done");

		HttpResponse<String> retry = http.send(request, HttpResponse.BodyHandlers.ofString());
		assertThat(retry.statusCode()).isEqualTo(200);
		assertThat(retry.headers().firstValue("Idempotent-Replayed")).hasValue("true");
		assertThat(retry.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
		assertThat(retry.body().lines().filter((rest) -> !rest.isEmpty()).toList()).isEqualTo(first);
		assertThat(notesOfTenant()).isOne();
	}

	@Test
	void aStreamWhoseTransactionRollsBackEndsInAnErrorEventAndIsNotReplayed() throws Exception {
		HttpRequest request = streamedNote(NoteController.ROLLED_BACK, "rolled-back-" + UUID.randomUUID());
		HttpClient http = HttpClient.newHttpClient();
		for (int attempt = 0; attempt < 2; attempt++) {
			HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
			List<String> events = response.body().lines().filter((line) -> line.startsWith("event: ")).toList();
			assertThat(events).containsExactly("event: note", "event: done", "event: error");
			assertThat(response.body()).contains("nothing was changed");
		}
		assertThat(notesOfTenant()).isZero();
	}

	@Test
	void aStreamWhoseHandlerFailsAfterTheFirstEventIsNotKeptNorReplayed() throws Exception {
		HttpRequest request = streamedNote(NoteController.FAILS_MID_STREAM, "fails-" + UUID.randomUUID());
		HttpClient http = HttpClient.newHttpClient();
		for (int attempt = 0; attempt < 2; attempt++) {
			HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
			assertThat(response.headers().firstValue("Idempotent-Replayed")).isEmpty();
			// The server breaks the connection off: the stream never says done.
			List<String> lines = new java.util.ArrayList<>();
			try {
				response.body().forEach(lines::add);
			}
			catch (java.io.UncheckedIOException ex) {
				// Cut short, as a failed stream is.
			}
			assertThat(lines).first().isEqualTo("event: note");
			assertThat(lines).doesNotContain("event: done");
		}
		assertThat(notesOfTenant()).isZero();
	}

	@Test
	void aHeldBackAnswerRolledBackAtCommitIsAProblemWithoutTheHandlersHeaders() throws SQLException {
		ApiClient.Response response = this.agent.withHeader("Idempotency-Key", "held-" + UUID.randomUUID())
			.post("/api/v1/notes", Map.of("body", NoteController.ROLLED_BACK));
		assertThat(response.status()).isEqualTo(500);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.header("Location")).isNull();
		assertThat(response.json().get("detail").asString()).contains("nothing was changed");
		assertThat(notesOfTenant()).isZero();
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

	/** {@code POST /api/v1/notes/streamed} as the agent, with an Idempotency-Key. */
	private HttpRequest streamedNote(String body, String idempotencyKey) {
		return HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/notes/streamed"))
			.header("Authorization", "Bearer " + TestJwtIssuer.get().token(this.tenant, this.user, AppRole.AGENT))
			.header("Content-Type", "application/json")
			.header("Accept", "text/event-stream")
			.header("Idempotency-Key", idempotencyKey)
			.POST(HttpRequest.BodyPublishers.ofString("{\"body\":\"" + body + "\"}"))
			.build();
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
