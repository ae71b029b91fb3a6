package com.flowsupport.rag.insights;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
class InsightsRepository {

	private final JdbcClient jdbc;

	InsightsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Counts(long answers, long abstentions, long handoffs, long aiResolutions, long thumbsUp, long thumbsDown) {
	}

	Counts counts(UUID tenantId, Instant from, Instant to) {
		return this.jdbc.sql("""
				SELECT
				  (SELECT count(*) FROM answer WHERE tenant_id = :t AND created_at >= :from AND created_at < :to
				      AND NOT abstained),
				  (SELECT count(*) FROM answer WHERE tenant_id = :t AND created_at >= :from AND created_at < :to
				      AND abstained),
				  (SELECT count(*) FROM handoff WHERE tenant_id = :t AND created_at >= :from AND created_at < :to),
				  (SELECT count(*) FROM ticket_state WHERE tenant_id = :t AND resolved_by_ai
				      AND updated_at >= :from AND updated_at < :to),
				  (SELECT count(*) FROM answer_feedback WHERE tenant_id = :t AND rating = 'up'
				      AND created_at >= :from AND created_at < :to),
				  (SELECT count(*) FROM answer_feedback WHERE tenant_id = :t AND rating = 'down'
				      AND created_at >= :from AND created_at < :to)""")
			.param("t", SqlValues.uuid(tenantId))
			.param("from", SqlValues.time(from))
			.param("to", SqlValues.time(to))
			.query((rs, row) -> new Counts(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5),
					rs.getLong(6)))
			.single();
	}

	record AnswerRef(UUID id, @Nullable UUID askedBy) {
	}

	Optional<AnswerRef> answer(UUID tenantId, UUID answerId) {
		return this.jdbc.sql("SELECT id, asked_by FROM answer WHERE tenant_id = ? AND id = ?")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(answerId))
			.query((rs, row) -> new AnswerRef(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)))
			.optional();
	}

	void feedback(UUID tenantId, UUID answerId, UUID userId, String rating, @Nullable String comment, Instant now) {
		this.jdbc.sql("""
				INSERT INTO answer_feedback (tenant_id, answer_id, user_id, rating, comment, created_at)
				VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (tenant_id, answer_id, user_id) DO UPDATE SET rating = excluded.rating,
				    comment = excluded.comment, created_at = excluded.created_at""")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(answerId), SqlValues.uuid(userId), rating,
					SqlValues.text(comment), SqlValues.time(now))
			.update();
	}

	/**
	 * One feedback with the answer it is on.
	 */
	record Feedback(UUID answerId, UUID userId, String rating, @Nullable String comment, Instant createdAt,
			String question, String answer, boolean abstained, double confidence) {
	}

	/** Newest first, after the cursor's (created_at, answer_id, user_id). */
	List<Feedback> feedback(UUID tenantId, @Nullable FeedbackCursor after, int limit) {
		return this.jdbc.sql("""
				SELECT f.answer_id, f.user_id, f.rating, f.comment, f.created_at, a.question, a.answer, a.abstained,
				       a.confidence
				FROM answer_feedback f JOIN answer a ON a.tenant_id = f.tenant_id AND a.id = f.answer_id
				WHERE f.tenant_id = ? AND (?::timestamptz IS NULL OR (f.created_at, f.answer_id, f.user_id) < (?, ?, ?))
				ORDER BY f.created_at DESC, f.answer_id DESC, f.user_id DESC LIMIT ?""")
			.params(SqlValues.uuid(tenantId), SqlValues.time((after != null) ? after.at() : null),
					SqlValues.time((after != null) ? after.at() : null),
					SqlValues.uuid((after != null) ? after.answerId() : null),
					SqlValues.uuid((after != null) ? after.userId() : null), limit)
			.query((rs, row) -> new Feedback(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
					rs.getString(4), SqlValues.instant(rs, "created_at"), rs.getString(6), rs.getString(7),
					rs.getBoolean(8), rs.getDouble(9)))
			.list();
	}

	record FeedbackCursor(Instant at, UUID answerId, UUID userId) {
	}

}
