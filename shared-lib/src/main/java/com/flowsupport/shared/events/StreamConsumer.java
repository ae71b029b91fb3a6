package com.flowsupport.shared.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.api.async.RedisStreamAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.RedisStreamCommands.XAddOptions;
import org.springframework.data.redis.connection.stream.Consumer;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.connection.stream.PendingMessages;
import org.springframework.data.redis.connection.stream.ReadOffset;
import org.springframework.data.redis.connection.stream.StreamOffset;
import org.springframework.data.redis.connection.stream.StreamReadOptions;
import org.springframework.data.redis.connection.stream.StreamRecords;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.observability.TraceContexts;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Delivers one stream to one subscription through a Redis consumer group: at least once
 * from Redis, exactly once into the handler's transaction thanks to the inbox. Messages
 * left pending by a failed handler or a dead replica are taken over with
 * {@code XAUTOCLAIM}; after {@code max-attempts} deliveries, or if unreadable, a message
 * is parked in the dead-letter stream.
 */
class StreamConsumer extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(StreamConsumer.class);

	private final StringRedisTemplate redis;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final JsonMapper json;

	private final EventSubscription subscription;

	private final EventsProperties properties;

	private final String stream;

	private final String deadLetterStream;

	private final String service;

	private final String consumerName;

	private final TraceContexts traces;

	private final Map<String, String> lastErrors = new ConcurrentHashMap<>();

	private final Counter handled;

	private final Counter failed;

	private final Counter deadLettered;

	private final AtomicLong lag = new AtomicLong();

	private final AtomicLong deadLetterSize = new AtomicLong();

	private boolean groupReady;

	private String reclaimCursor = "0-0";

	private Instant nextReclaim = Instant.MIN;

	private Instant nextMetricsRefresh = Instant.MIN;

	StreamConsumer(StringRedisTemplate redis, JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json,
			EventStreams streams, EventSubscription subscription, String family, EventsProperties properties,
			String service, MeterRegistry meters, TraceContexts traces) {
		super("events-" + subscription.name() + "-" + family, Duration.ZERO);
		this.redis = redis;
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.json = json;
		this.subscription = subscription;
		this.properties = properties;
		this.stream = streams.forFamily(family);
		this.deadLetterStream = streams.deadLetterOf(this.stream);
		this.service = service;
		this.consumerName = service + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.traces = traces;
		String[] tags = { "stream", family, "group", subscription.name() };
		this.handled = Counter.builder("flowsupport.events.handled").tags(tags).register(meters);
		this.failed = Counter.builder("flowsupport.events.failed").tags(tags).register(meters);
		this.deadLettered = Counter.builder("flowsupport.events.dead_lettered").tags(tags).register(meters);
		Gauge.builder("flowsupport.events.consumer.lag", this.lag, AtomicLong::get)
			.description("Entries in the stream not yet delivered to, or not yet acknowledged by, this group")
			.tags(tags)
			.register(meters);
		Gauge.builder("flowsupport.events.dead_letter.size", this.deadLetterSize, AtomicLong::get)
			.description("Messages parked in the dead-letter stream")
			.tags(tags)
			.register(meters);
	}

	@Override
	protected boolean runCycle() {
		try {
			if (!this.groupReady) {
				createGroup();
			}
			refreshMetrics();
			boolean more = false;
			if (!Instant.now().isBefore(this.nextReclaim)) {
				more = reclaim();
			}
			List<MapRecord<String, Object, Object>> records = this.redis.opsForStream()
				.read(Consumer.from(this.subscription.name(), this.consumerName),
						StreamReadOptions.empty()
							.count(this.properties.batchSize())
							.block(this.properties.blockTimeout()),
						StreamOffset.create(this.stream, ReadOffset.lastConsumed()));
			if (records != null) {
				for (MapRecord<String, Object, Object> record : records) {
					deliver(record.getId().getValue(), stringFields(record.getValue()));
				}
			}
			return more;
		}
		catch (RuntimeException ex) {
			if (RedisReplies.isError(ex, "NOGROUP")) {
				// Redis restarted empty: the group comes back, reading the stream from
				// its start.
				this.groupReady = false;
				return true;
			}
			throw ex;
		}
	}

	private void createGroup() {
		try {
			this.redis.execute((RedisCallback<String>) (connection) -> connection.streamCommands()
				.xGroupCreate(bytes(this.stream), this.subscription.name(), ReadOffset.from("0-0"), true));
		}
		catch (RuntimeException ex) {
			if (!RedisReplies.isError(ex, "BUSYGROUP")) {
				throw ex;
			}
		}
		this.groupReady = true;
	}

	/**
	 * Takes over messages idle past the reclaim threshold; returns whether more may be
	 * waiting.
	 */
	private boolean reclaim() {
		ClaimedMessages<byte[], byte[]> claimed = this.redis
			.execute((RedisCallback<ClaimedMessages<byte[], byte[]>>) (connection) -> {
				@SuppressWarnings("unchecked")
				RedisStreamAsyncCommands<byte[], byte[]> commands = (RedisStreamAsyncCommands<byte[], byte[]>) connection
					.getNativeConnection();
				XAutoClaimArgs<byte[]> args = XAutoClaimArgs.Builder
					.xautoclaim(
							io.lettuce.core.Consumer.from(bytes(this.subscription.name()), bytes(this.consumerName)),
							this.properties.reclaimIdle(), this.reclaimCursor)
					.count(this.properties.batchSize());
				try {
					return commands.xautoclaim(bytes(this.stream), args).get(10, TimeUnit.SECONDS);
				}
				catch (Exception ex) {
					throw new IllegalStateException("XAUTOCLAIM failed on " + this.stream, ex);
				}
			});
		if (claimed == null) {
			return false;
		}
		for (StreamMessage<byte[], byte[]> message : claimed.getMessages()) {
			Map<String, String> fields = new LinkedHashMap<>();
			message.getBody()
				.forEach((key, value) -> fields.put(new String(key, StandardCharsets.UTF_8),
						new String(value, StandardCharsets.UTF_8)));
			String id = message.getId();
			long deliveries = deliveryCount(id);
			if (deliveries > this.properties.maxAttempts()) {
				deadLetter(id, fields, deliveries, this.lastErrors.getOrDefault(id, "handler kept failing"));
			}
			else {
				deliver(id, fields);
			}
		}
		this.reclaimCursor = claimed.getId();
		boolean wrapped = "0-0".equals(this.reclaimCursor);
		if (wrapped) {
			this.nextReclaim = Instant.now().plus(this.properties.reclaimIdle().dividedBy(2));
		}
		return !wrapped;
	}

	private long deliveryCount(String id) {
		PendingMessages pending = this.redis.opsForStream()
			.pending(this.stream, this.subscription.name(), Range.closed(id, id), 1);
		return pending.isEmpty() ? 1 : pending.get(0).getTotalDeliveryCount();
	}

	private void deliver(String id, Map<String, String> fields) {
		EventEnvelope event;
		try {
			event = parse(fields);
		}
		catch (RuntimeException ex) {
			deadLetter(id, fields, 1, "unreadable envelope: " + ex.getMessage());
			return;
		}
		if (!this.subscription.types().contains(event.type())) {
			acknowledge(id);
			return;
		}
		try {
			this.traces.consumeEvent(event.trace(), event.type(), this.subscription.name(), event.tenantId(),
					() -> handleOnce(event));
			acknowledge(id);
			this.lastErrors.remove(id);
			this.handled.increment();
		}
		catch (RuntimeException ex) {
			this.failed.increment();
			this.lastErrors.put(id, ex.toString());
			log.warn("Handler {} failed on event {} ({}), will retry: {}", this.subscription.name(), event.id(),
					event.type(), ex.toString());
		}
	}

	/**
	 * Runs the handler as the service for the event's tenant, in the transaction that
	 * records the event in the inbox: a redelivered event is recognised and skipped.
	 */
	private void handleOnce(EventEnvelope event) {
		Tenancy.runAs(CallerIdentity.service(event.tenantId(), this.service),
				() -> this.transactions.executeWithoutResult((tx) -> {
					int fresh = this.jdbc.update("""
							INSERT INTO inbox_event (consumer, event_id, tenant_id, type) VALUES (?, ?, ?, ?)
							ON CONFLICT DO NOTHING""", this.subscription.name(), event.id(), event.tenantId(),
							event.type());
					if (fresh == 1) {
						invokeHandler(event);
						log.info("Handled event {} ({}) as {}", event.id(), event.type(), this.subscription.name());
					}
				}));
	}

	private void invokeHandler(EventEnvelope event) {
		try {
			this.subscription.handler().handle(event);
		}
		catch (RuntimeException ex) {
			throw ex;
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private EventEnvelope parse(Map<String, String> fields) {
		String envelope = fields.get(OutboxRelay.ENVELOPE_FIELD);
		if (envelope == null) {
			throw new IllegalArgumentException("no envelope field");
		}
		JsonNode node = this.json.readTree(envelope);
		JsonNode trace = node.get("trace");
		return new EventEnvelope(UUID.fromString(node.required("id").asString()), node.required("type").asString(),
				UUID.fromString(node.required("tenant_id").asString()),
				Instant.parse(node.required("occurred_at").asString()),
				(trace == null || trace.isNull()) ? null : trace.asString(), node.required("data"));
	}

	private void deadLetter(String id, Map<String, String> fields, long attempts, String error) {
		Map<String, String> parked = new LinkedHashMap<>(fields);
		parked.put("dead_letter.source_id", id);
		parked.put("dead_letter.group", this.subscription.name());
		parked.put("dead_letter.attempts", Long.toString(attempts));
		parked.put("dead_letter.error", error);
		parked.put("dead_letter.at", Instant.now().toString());
		this.redis.opsForStream()
			.add(StreamRecords.string(parked).withStreamKey(this.deadLetterStream),
					XAddOptions.maxlen(this.properties.streamMaxLength()).approximateTrimming(true));
		acknowledge(id);
		this.lastErrors.remove(id);
		this.deadLettered.increment();
		log.error("Event {} on {} parked in {} after {} deliveries: {}", id, this.stream, this.deadLetterStream,
				attempts, error);
	}

	private void acknowledge(String id) {
		this.redis.opsForStream().acknowledge(this.stream, this.subscription.name(), id);
	}

	private void refreshMetrics() {
		Instant now = Instant.now();
		if (now.isBefore(this.nextMetricsRefresh)) {
			return;
		}
		this.nextMetricsRefresh = now.plus(this.properties.metricsInterval());
		this.redis.opsForStream().groups(this.stream).forEach((group) -> {
			if (group.groupName().equals(this.subscription.name())) {
				Object lagValue = group.getRaw().get("lag");
				long undelivered = (lagValue instanceof Number number) ? number.longValue() : 0;
				this.lag.set(undelivered + group.pendingCount());
			}
		});
		Long size = this.redis.opsForStream().size(this.deadLetterStream);
		this.deadLetterSize.set((size != null) ? size : 0);
	}

	private static Map<String, String> stringFields(Map<Object, Object> raw) {
		Map<String, String> fields = new LinkedHashMap<>();
		raw.forEach((key, value) -> fields.put(String.valueOf(key), String.valueOf(value)));
		return fields;
	}

	private static byte[] bytes(String value) {
		return value.getBytes(StandardCharsets.UTF_8);
	}

	@Override
	public int getPhase() {
		return DEFAULT_PHASE - 100;
	}

}
