package com.flowsupport.shared.privacy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.connection.stream.MapRecord;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import com.flowsupport.shared.events.OutboxRelay;

/**
 * The copies of personal data a service's platform machinery keeps beside its own model:
 * event payloads in the outbox (and the Redis streams they were relayed to) and stored
 * answers of idempotent requests. An erasure redacts the subject out of the outbox
 * payloads, as {@link Redaction} does for the service's own text, and queues those events
 * again, so that a consumer that has not handled one yet gets the redacted copy (those
 * that have, skip it: they dedupe by event id); once the erasure has committed, the
 * stream entries holding the old copies are deleted. Stored answers that mention the
 * subject are forgotten (a retry of such a request after the erasure runs it anew). The
 * inbox keeps event ids and types only.
 */
class PlatformPersonalData implements PersonalDataParticipant {

	private static final Logger log = LoggerFactory.getLogger(PlatformPersonalData.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int STREAM_PAGE = 500;

	private final JdbcClient jdbc;

	private final ObjectProvider<StringRedisTemplate> redis;

	PlatformPersonalData(JdbcClient jdbc, ObjectProvider<StringRedisTemplate> redis) {
		this.jdbc = jdbc;
		this.redis = redis;
	}

	@Override
	public String section() {
		return "platformRecords";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		ObjectNode section = JsonNodeFactory.instance.objectNode();
		section.set("events", JSON.valueToTree(mentioningEvents(subject).stream()
			.map((event) -> Map.of("id", event.id().toString(), "type", event.type(), "payload", event.payload()))
			.toList()));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		Instant started = Instant.now();
		Redaction redaction = Redaction.of(subject.identifiers());
		Map<String, String> replacements = Map.of(subject.subjectId().toString(), tombstoneId.toString());
		Map<String, Set<UUID>> redactedByStream = new LinkedHashMap<>();
		int events = 0;
		for (Event event : mentioningEvents(subject)) {
			JsonNode redacted = redaction.apply(event.payload(), replacements);
			if (redacted.equals(event.payload())) {
				continue;
			}
			this.jdbc.sql("UPDATE outbox_event SET payload = CAST(? AS jsonb), published_at = NULL WHERE id = ?")
				.params(JSON.writeValueAsString(redacted), event.id())
				.update();
			if (event.published()) {
				redactedByStream.computeIfAbsent(event.stream(), (stream) -> new HashSet<>()).add(event.id());
			}
			events++;
		}
		int responses = 0;
		List<StoredResponse> stored = this.jdbc.sql("""
				SELECT principal, idempotency_key, response_body FROM idempotency_key WHERE tenant_id = ?""")
			.param(subject.tenantId())
			.query((rs, row) -> new StoredResponse(rs.getString(1), rs.getString(2),
					new String(rs.getBytes(3), StandardCharsets.UTF_8)))
			.list();
		for (StoredResponse response : stored) {
			if (response.principal().equals(subject.subjectId().toString())
					|| response.body().contains(subject.subjectId().toString())
					|| !redaction.apply(response.body()).equals(response.body())) {
				responses += this.jdbc
					.sql("DELETE FROM idempotency_key WHERE tenant_id = ? AND principal = ? AND idempotency_key = ?")
					.params(subject.tenantId(), response.principal(), response.key())
					.update();
			}
		}
		if (!redactedByStream.isEmpty()) {
			deleteStreamCopiesAfterCommit(redactedByStream, started);
		}
		return Map.of("outboxEvents", events, "storedResponses", responses);
	}

	@Override
	public ProcessingRecord processing() {
		return new ProcessingRecord("event and request records",
				List.of("deliver changes to the other services at least once",
						"answer a retried request as it was answered the first time"),
				List.of("copies of the service's own data in events and stored answers"),
				List.of("everyone the service holds data about"),
				"events: the outbox retention window (flowsupport.events.outbox-retention); stored answers: the idempotency TTL",
				List.of("Redis (event streams)"));
	}

	/**
	 * The tenant's outbox events whose payload names the subject's id or one of their
	 * identifiers (a superset: the redaction decides what is really theirs).
	 */
	private List<Event> mentioningEvents(DataSubject subject) {
		List<String> needles = new ArrayList<>(subject.identifiers());
		needles.add(subject.subjectId().toString());
		return this.jdbc.sql("""
				SELECT id, type, stream, payload::text AS payload, published_at IS NOT NULL AS published
				FROM outbox_event e WHERE tenant_id = ? AND EXISTS (
					SELECT FROM jsonb_array_elements_text(CAST(? AS jsonb)) AS n(value)
					WHERE strpos(lower(e.payload::text), lower(n.value)) > 0)
				ORDER BY occurred_at""")
			.params(subject.tenantId(), JSON.writeValueAsString(needles))
			.query((rs, row) -> new Event(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("stream"),
					JSON.readTree(rs.getString("payload")), rs.getBoolean("published")))
			.list();
	}

	/**
	 * Deletes, once the erasure has committed (a rolled-back erasure must leave the
	 * streams as they were), the entries relayed before it began that carry one of the
	 * redacted events: the redacted copies the relay queues afterwards stay.
	 */
	private void deleteStreamCopiesAfterCommit(Map<String, Set<UUID>> redactedByStream, Instant before) {
		StringRedisTemplate streams = this.redis.getIfAvailable();
		if (streams == null || !TransactionSynchronizationManager.isSynchronizationActive()) {
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				redactedByStream.forEach((stream, ids) -> {
					try {
						deleteCopies(streams, stream, ids, before);
						deleteCopies(streams, stream + ":dead-letter", ids, before);
					}
					catch (RuntimeException ex) {
						// The streams are capped, so what stays is trimmed away in
						// time; logged, so an operator sees copies were left behind.
						log.warn("Could not delete erased events' copies from {}: {}", stream, ex.toString());
					}
				});
			}
		});
	}

	private static void deleteCopies(StringRedisTemplate redis, String stream, Set<UUID> ids, Instant before) {
		Range.Bound<String> upTo = Range.Bound.inclusive(before.toEpochMilli() + "-0");
		Range.Bound<String> after = Range.Bound.unbounded();
		while (true) {
			List<MapRecord<String, Object, Object>> page = redis.opsForStream()
				.range(stream, Range.of(after, upTo), Limit.limit().count(STREAM_PAGE));
			if (page == null || page.isEmpty()) {
				return;
			}
			for (MapRecord<String, Object, Object> entry : page) {
				Object envelope = entry.getValue().get(OutboxRelay.ENVELOPE_FIELD);
				if (envelope != null && ids.stream().anyMatch((id) -> envelope.toString().contains(id.toString()))) {
					redis.opsForStream().delete(stream, entry.getId());
				}
			}
			if (page.size() < STREAM_PAGE) {
				return;
			}
			after = Range.Bound.exclusive(page.getLast().getId().getValue());
		}
	}

	private record Event(UUID id, String type, String stream, JsonNode payload, boolean published) {
	}

	private record StoredResponse(String principal, String key, String body) {
	}

}
