package com.flowsupport.shared.events;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Moves committed outbox events to their Redis streams, at least once. Rows are locked
 * with {@code SKIP LOCKED} so several replicas share the work; an event is marked
 * published only after its {@code XADD}, in the same transaction, so a crash in between
 * re-publishes it (consumers dedupe). When Redis comes back empty (its epoch key is
 * gone), every event still in the retention window is queued again: what consumers had
 * not handled reaches them, the rest is deduplicated.
 */
public class OutboxRelay extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	public static final String ENVELOPE_FIELD = "envelope";

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final EventStreams streams;

	private final EventsProperties properties;

	private final CallerIdentity platform;

	private final String service;

	private final Counter published;

	private final AtomicLong backlog = new AtomicLong();

	private Instant nextMetricsRefresh = Instant.MIN;

	public OutboxRelay(JdbcTemplate jdbc, TransactionTemplate transactions, StringRedisTemplate redis, JsonMapper json,
			EventStreams streams, EventsProperties properties, String service, MeterRegistry meters) {
		super("outbox-relay", properties.relayInterval());
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.redis = redis;
		this.json = json;
		this.streams = streams;
		this.properties = properties;
		this.service = service;
		this.platform = CallerIdentity.platform(service);
		this.published = Counter.builder("flowsupport.events.published")
			.description("Events relayed from the outbox to their streams")
			.register(meters);
		Gauge.builder("flowsupport.events.outbox.backlog", this.backlog, AtomicLong::get)
			.description("Committed events not yet relayed")
			.register(meters);
	}

	@Override
	protected boolean runCycle() {
		return Tenancy.callAs(this.platform, () -> {
			requeueIfStreamsWereLost();
			refreshBacklog();
			return relayBatch() == this.properties.batchSize();
		});
	}

	/** Relays one batch; returns how many events it published. */
	int relayBatch() {
		Integer count = Tenancy.callAs(this.platform, () -> this.transactions.execute((tx) -> {
			List<OutboxRow> rows = this.jdbc.query("""
					SELECT id, tenant_id, type, stream, payload::text AS payload, trace, occurred_at
					FROM outbox_event WHERE published_at IS NULL
					ORDER BY occurred_at LIMIT ? FOR UPDATE SKIP LOCKED""",
					(rs, i) -> new OutboxRow(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
							rs.getString("type"), rs.getString("stream"), rs.getString("payload"),
							rs.getString("trace"), rs.getTimestamp("occurred_at").toInstant()),
					this.properties.batchSize());
			if (rows.isEmpty()) {
				return 0;
			}
			List<UUID> ids = new ArrayList<>(rows.size());
			for (OutboxRow row : rows) {
				this.redis.opsForStream()
					.add(StreamRecords.string(fields(row)).withStreamKey(row.stream()),
							XAddOptions.maxlen(this.properties.streamMaxLength()).approximateTrimming(true));
				ids.add(row.id());
			}
			this.jdbc.update("""
					UPDATE outbox_event SET published_at = now(), publish_attempts = publish_attempts + 1
					WHERE id = ANY (?)""",
					(ps) -> ps.setArray(1, ps.getConnection().createArrayOf("uuid", ids.toArray())));
			return rows.size();
		}));
		this.published.increment(count);
		return count;
	}

	private Map<String, String> fields(OutboxRow row) {
		Map<String, Object> envelope = new LinkedHashMap<>();
		envelope.put("id", row.id());
		envelope.put("type", row.type());
		envelope.put("tenant_id", row.tenantId());
		envelope.put("occurred_at", row.occurredAt().toString());
		envelope.put("trace", row.trace());
		envelope.put("data", this.json.readTree(row.payload()));
		Map<String, String> fields = new LinkedHashMap<>();
		fields.put("type", row.type());
		fields.put("tenant_id", row.tenantId().toString());
		fields.put(ENVELOPE_FIELD, this.json.writeValueAsString(envelope));
		return fields;
	}

	private void requeueIfStreamsWereLost() {
		String epochKey = this.streams.relayEpochKey(this.service);
		if (this.redis.hasKey(epochKey)) {
			return;
		}
		// Only the replica that sets the new epoch re-queues; the reset itself is durable
		// in Postgres.
		if (Boolean.TRUE.equals(this.redis.opsForValue().setIfAbsent(epochKey, Instant.now().toString()))) {
			Integer requeued = this.transactions.execute((tx) -> this.jdbc.update("""
					UPDATE outbox_event SET published_at = NULL
					WHERE published_at IS NOT NULL AND occurred_at > ?""",
					Timestamp.from(Instant.now().minus(this.properties.outboxRetention()))));
			if (requeued != null && requeued > 0) {
				log.warn("Redis lost its event streams; re-publishing {} events of the last {}", requeued,
						this.properties.outboxRetention());
			}
		}
	}

	private void refreshBacklog() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextMetricsRefresh)) {
			return;
		}
		this.nextMetricsRefresh = now.plus(this.properties.metricsInterval());
		Long pending = this.transactions.execute((tx) -> this.jdbc
			.queryForObject("SELECT count(*) FROM outbox_event WHERE published_at IS NULL", Long.class));
		this.backlog.set((pending != null) ? pending : 0);
	}

	@Override
	public int getPhase() {
		// Stops after the web server stopped taking requests, so late writes still get
		// relayed.
		return DEFAULT_PHASE - 100;
	}

	private record OutboxRow(UUID id, UUID tenantId, String type, String stream, String payload, String trace,
			Instant occurredAt) {
	}

}
