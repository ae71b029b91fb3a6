package com.flowsupport.shared.sample;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.events.EventStreams;
import com.flowsupport.shared.events.OutboxRelay;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event pipeline under failure: a relay that dies before publishing, a relay that
 * dies after publishing but before recording it, a Redis that loses its streams, poison
 * messages and a handler that keeps failing.
 */
@ServiceIntegrationTest
class EventsTest {

	private static final Duration PATIENCE = Duration.ofSeconds(20);

	@LocalServerPort
	int port;

	@Autowired
	OutboxRelay relay;

	@Autowired
	StringRedisTemplate redis;

	@Autowired
	EventStreams streams;

	private ApiClient agent;

	private String stream;

	@BeforeEach
	void setUp() {
		this.agent = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.AGENT));
		this.stream = this.streams.forType(SampleApplication.NOTE_CREATED);
		this.relay.start();
	}

	@Test
	void eventCommittedWhileTheRelayIsDownIsDeliveredOnceAfterRestart() throws SQLException {
		this.relay.stop();
		UUID note = createNote("written while the relay is down");
		UUID event = eventIdOf(note);

		await().during(Duration.ofMillis(700)).atMost(PATIENCE).until(() -> handledCount(note) == 0);
		assertThat(publishedAt(event)).isNull();
		assertThat(streamEntriesOf(event)).isZero();

		this.relay.start();
		await().atMost(PATIENCE).until(() -> handledCount(note) == 1);
		assertThat(publishedAt(event)).isNotNull();

		// A relay that crashed after XADD but before its commit publishes the same event
		// again.
		admin("UPDATE sample.outbox_event SET published_at = NULL WHERE id = '" + event + "'");
		await().atMost(PATIENCE).until(() -> streamEntriesOf(event) == 2);
		await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> handledCount(note) == 1);
		assertThat(count("SELECT count(*) FROM sample.inbox_event WHERE event_id = '" + event + "'")).isOne();
	}

	@Test
	void redisLosingItsStreamsLosesNoEventAndHandlesNoneTwice() throws SQLException {
		UUID before = createNote("handled before the loss");
		await().atMost(PATIENCE).until(() -> handledCount(before) == 1);

		this.relay.stop();
		UUID during = createNote("committed, never relayed, then Redis restarts empty");
		this.redis.delete(this.redis.keys(TestInfrastructure.get().keyPrefix() + "*"));
		this.relay.start();

		await().atMost(PATIENCE).until(() -> handledCount(during) == 1);
		await().during(Duration.ofSeconds(1)).atMost(PATIENCE).until(() -> handledCount(before) == 1);
		UUID after = createNote("after recovery");
		await().atMost(PATIENCE).until(() -> handledCount(after) == 1);
	}

	@Test
	void unreadableMessageIsParkedInTheDeadLetterStream() {
		String marker = "garbage-" + UUID.randomUUID();
		this.redis.opsForStream()
			.add(StreamRecords.string(Map.of("envelope", "{" + marker)).withStreamKey(this.stream));
		await().atMost(PATIENCE).until(() -> deadLetters().stream().anyMatch((record) -> {
			String envelope = String.valueOf(record.getValue().get("envelope"));
			return envelope.contains(marker)
					&& String.valueOf(record.getValue().get("dead_letter.error")).contains("unreadable");
		}));
	}

	@Test
	void handlerThatKeepsFailingIsRetriedThenDeadLettered() throws SQLException {
		UUID note = createNote("poison pill");
		UUID event = eventIdOf(note);
		await().atMost(PATIENCE)
			.until(() -> deadLetters().stream()
				.anyMatch((record) -> String.valueOf(record.getValue().get("envelope")).contains(event.toString())));
		MapRecord<String, Object, Object> parked = deadLetters().stream()
			.filter((record) -> String.valueOf(record.getValue().get("envelope")).contains(event.toString()))
			.findFirst()
			.orElseThrow();
		assertThat(Integer.parseInt(String.valueOf(parked.getValue().get("dead_letter.attempts")))).isGreaterThan(3);
		assertThat(String.valueOf(parked.getValue().get("dead_letter.error"))).contains("refuses poison");
		assertThat(handledCount(note)).isZero();
		assertThat(count("SELECT count(*) FROM sample.inbox_event WHERE event_id = '" + event + "'")).isZero();
	}

	private UUID createNote(String body) {
		ApiClient.Response response = this.agent.post("/api/v1/notes", Map.of("body", body));
		assertThat(response.status()).isEqualTo(201);
		return UUID.fromString(response.json().get("id").asString());
	}

	private List<MapRecord<String, Object, Object>> deadLetters() {
		return this.redis.opsForStream().range(this.streams.deadLetterOf(this.stream), Range.unbounded());
	}

	private long streamEntriesOf(UUID event) {
		List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
			.range(this.stream, Range.unbounded());
		return (records == null) ? 0
				: records.stream()
					.filter((record) -> String.valueOf(record.getValue().get("envelope")).contains(event.toString()))
					.count();
	}

	private UUID eventIdOf(UUID note) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT id FROM sample.outbox_event WHERE payload ->> 'id' = '" + note + "'")) {
			assertThat(rows.next()).isTrue();
			return rows.getObject(1, UUID.class);
		}
	}

	private Object publishedAt(UUID event) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement
					.executeQuery("SELECT published_at FROM sample.outbox_event WHERE id = '" + event + "'")) {
			rows.next();
			return rows.getObject(1);
		}
	}

	private long handledCount(UUID note) throws SQLException {
		return count("SELECT handled_count FROM sample.note WHERE id = '" + note + "'");
	}

	private static long count(String sql) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void admin(String sql) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement()) {
			statement.execute(sql);
		}
	}

}
