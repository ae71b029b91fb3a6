package com.flowsupport.rag.autoresponder;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

/** The bot's standing on each ticket it took part in. */
@Repository
class TicketStates {

	private final JdbcClient jdbc;

	TicketStates(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * @param awaitingCustomer the bot answered publicly and waits for the customer's word
	 * @param stoppedReason why the bot stepped back ({@code handover}, {@code suggested},
	 * {@code resolved}), or {@code null} while it takes part
	 */
	record State(int replies, boolean awaitingCustomer, @Nullable String stoppedReason, boolean resolvedByAi) {

		boolean active() {
			return this.stoppedReason == null;
		}

	}

	Optional<State> find(UUID tenantId, UUID ticketId) {
		return this.jdbc.sql("""
				SELECT replies, awaiting_customer, stopped_reason, resolved_by_ai FROM ticket_state
				WHERE tenant_id = ? AND ticket_id = ?""")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(ticketId))
			.query((rs, row) -> new State(rs.getInt(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4)))
			.optional();
	}

	void replied(UUID tenantId, UUID ticketId, UUID answerId, Instant now) {
		this.jdbc
			.sql("""
					INSERT INTO ticket_state (tenant_id, ticket_id, replies, last_answer_id, awaiting_customer, updated_at)
					VALUES (?, ?, 1, ?, true, ?)
					ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET replies = ticket_state.replies + 1,
					    last_answer_id = excluded.last_answer_id, awaiting_customer = true, updated_at = excluded.updated_at""")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(ticketId), SqlValues.uuid(answerId), SqlValues.time(now))
			.update();
	}

	void stop(UUID tenantId, UUID ticketId, String reason, boolean resolvedByAi, Instant now) {
		this.jdbc.sql("""
				INSERT INTO ticket_state (tenant_id, ticket_id, stopped_reason, resolved_by_ai, updated_at)
				VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (tenant_id, ticket_id) DO UPDATE SET stopped_reason = excluded.stopped_reason,
				    resolved_by_ai = ticket_state.resolved_by_ai OR excluded.resolved_by_ai, awaiting_customer = false,
				    updated_at = excluded.updated_at""")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(ticketId), reason, resolvedByAi, SqlValues.time(now))
			.update();
	}

}
