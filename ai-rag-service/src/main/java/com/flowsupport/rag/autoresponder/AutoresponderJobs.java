package com.flowsupport.rag.autoresponder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;

/**
 * The autoresponder's work: one job per event taken on (an event delivered again finds
 * its job and adds none), taken by a worker for a lease, finished with an outcome.
 */
@Repository
class AutoresponderJobs {

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AutoresponderJobs(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @param traceparent the trace it was queued in, when there was one
	 */
	record Job(UUID id, UUID tenantId, String kind, UUID ticketId, JsonNode payload, int attempts,
			@Nullable String traceparent) {
	}

	record Due(UUID tenantId, UUID id) {
	}

	/** For the tenant in scope; false when the event already has its job. */
	boolean enqueue(UUID tenantId, UUID eventId, String kind, UUID ticketId, JsonNode payload,
			@Nullable String traceparent, Instant now) {
		return this.jdbc.sql("""
				INSERT INTO autoresponder_job (id, tenant_id, event_id, kind, ticket_id, payload, status, run_after,
				    created_at, traceparent)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, 'pending', ?, ?, ?)
				ON CONFLICT (tenant_id, event_id) DO NOTHING""")
			.params(SqlValues.uuid(Uuids.timeOrdered()), SqlValues.uuid(tenantId), SqlValues.uuid(eventId), kind,
					SqlValues.uuid(ticketId), this.json.writeValueAsString(payload), SqlValues.time(now),
					SqlValues.time(now), SqlValues.text(traceparent))
			.update() == 1;
	}

	/** Pending jobs of every tenant that are due, oldest first (as the platform). */
	List<Due> due(Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM autoresponder_job
				WHERE status = 'pending' AND run_after <= ? ORDER BY run_after LIMIT ?""")
			.params(SqlValues.time(now), limit)
			.query((rs, row) -> new Due(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.list();
	}

	/**
	 * Takes a due job for {@code lease}: no other worker takes it meanwhile, and if this
	 * one dies, the job is due again when the lease ends.
	 */
	Optional<Job> take(UUID tenantId, UUID id, Instant now, Duration lease) {
		return this.jdbc.sql("""
				UPDATE autoresponder_job SET attempts = attempts + 1, run_after = ?
				WHERE tenant_id = ? AND id = ? AND status = 'pending' AND run_after <= ?
				RETURNING id, tenant_id, kind, ticket_id, payload::text, attempts, traceparent""")
			.params(SqlValues.time(now.plus(lease)), SqlValues.uuid(tenantId), SqlValues.uuid(id), SqlValues.time(now))
			.query((rs, row) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getObject(4, UUID.class), this.json.readTree(rs.getString(5)), rs.getInt(6), rs.getString(7)))
			.optional();
	}

	void finish(UUID tenantId, UUID id, String outcome, Instant now) {
		this.jdbc.sql("""
				UPDATE autoresponder_job SET status = 'done', outcome = ?, finished_at = ?
				WHERE tenant_id = ? AND id = ?""")
			.params(outcome, SqlValues.time(now), SqlValues.uuid(tenantId), SqlValues.uuid(id))
			.update();
	}

	void retryAt(UUID tenantId, UUID id, Instant at, String outcome) {
		this.jdbc.sql("UPDATE autoresponder_job SET run_after = ?, outcome = ? WHERE tenant_id = ? AND id = ?")
			.params(SqlValues.time(at), outcome, SqlValues.uuid(tenantId), SqlValues.uuid(id))
			.update();
	}

	Optional<String> outcome(UUID tenantId, UUID eventId) {
		return this.jdbc
			.sql("SELECT coalesce(outcome, status) FROM autoresponder_job WHERE tenant_id = ? AND event_id = ?")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(eventId))
			.query(String.class)
			.optional();
	}

}
