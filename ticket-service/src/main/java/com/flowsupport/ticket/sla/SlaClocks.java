package com.flowsupport.ticket.sla;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.ticket.sla.WorkingHours.Span;
import com.flowsupport.shared.db.SqlValues;

/**
 * What a ticket's SLA clocks need beyond its own columns: when they were paused, and
 * since when a customer has waited for the next reply. Due times are always derived from
 * this, the policy and the schedule, so a priority change or a resumed pause simply
 * recomputes them.
 */
@Repository
class SlaClocks {

	/**
	 * @param pausedAt since when the clocks have stood still (ticket pending or solved),
	 * {@code null} while they run
	 * @param pauses the finished pauses
	 * @param nextReplySince the customer comment the next reply is owed for, if any
	 */
	record State(@Nullable Instant pausedAt, List<Span> pauses, @Nullable Instant nextReplySince) {

		static final State NEW = new State(null, List.of(), null);

		State {
			pauses = List.copyOf(pauses);
		}

		State pause(Instant at) {
			return (this.pausedAt != null) ? this : new State(at, this.pauses, this.nextReplySince);
		}

		State resume(Instant at) {
			if (this.pausedAt == null) {
				return this;
			}
			List<Span> all = new ArrayList<>(this.pauses);
			if (this.pausedAt.isBefore(at)) {
				all.add(new Span(this.pausedAt, at));
			}
			return new State(null, all, this.nextReplySince);
		}

		State awaitingReplySince(@Nullable Instant since) {
			return new State(this.pausedAt, this.pauses, since);
		}

	}

	private static final TypeReference<List<Span>> SPANS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	SlaClocks(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<State> find(UUID tenantId, UUID ticketId) {
		return this.jdbc
			.sql("SELECT paused_at, pauses, next_reply_since FROM ticket_sla WHERE tenant_id = ? AND ticket_id = ?")
			.params(tenantId, ticketId)
			.query((rs, row) -> new State(SqlValues.instant(rs, "paused_at"),
					this.json.readValue(rs.getString("pauses"), SPANS), SqlValues.instant(rs, "next_reply_since")))
			.optional();
	}

	void save(UUID tenantId, UUID ticketId, State state) {
		this.jdbc.sql("""
				INSERT INTO ticket_sla (ticket_id, tenant_id, paused_at, pauses, next_reply_since)
				VALUES (?, ?, ?, ?::jsonb, ?)
				ON CONFLICT (ticket_id) DO UPDATE SET paused_at = excluded.paused_at, pauses = excluded.pauses,
					next_reply_since = excluded.next_reply_since""")
			.params(ticketId, tenantId, SqlValues.time(state.pausedAt()), this.json.writeValueAsString(state.pauses()),
					SqlValues.time(state.nextReplySince()))
			.update();
	}

}
