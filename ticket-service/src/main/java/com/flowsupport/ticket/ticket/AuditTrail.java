package com.flowsupport.ticket.ticket;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * The append-only history of a ticket: one entry per path of change in an update (the
 * caller's own edit, each trigger that fired, a merge...).
 */
@Repository
class AuditTrail {

	/** One entry of a ticket's history. */
	record Entry(UUID id, UUID ticketId, @Nullable UUID actorId, String actorRole, String via,
			List<FieldChange> changes, Instant occurredAt) {
	}

	private static final TypeReference<List<FieldChange>> CHANGES = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	AuditTrail(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void record(Ticket ticket, CallerIdentity actor, String via, List<FieldChange> changes, Instant at) {
		this.jdbc.sql("""
				INSERT INTO ticket_audit (id, tenant_id, ticket_id, actor_id, actor_role, via, changes, occurred_at)
				VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
			.params(Uuids.timeOrdered(), ticket.tenantId(), ticket.id(), SqlValues.uuid(actor.userId()),
					actor.role().claimValue(), via, this.json.writeValueAsString(changes), SqlValues.time(at))
			.update();
	}

	List<Entry> page(UUID tenantId, UUID ticketId, @Nullable UUID after, int limit) {
		return this.jdbc.sql("""
				SELECT id, ticket_id, actor_id, actor_role, via, changes, occurred_at FROM ticket_audit
				WHERE tenant_id = ? AND ticket_id = ? AND id > coalesce(?, '00000000-0000-0000-0000-000000000000'::uuid)
				ORDER BY id LIMIT ?""")
			.params(tenantId, ticketId, SqlValues.uuid(after), limit)
			.query(this::map)
			.list();
	}

	private Entry map(ResultSet rs, int row) throws SQLException {
		return new Entry(rs.getObject("id", UUID.class), rs.getObject("ticket_id", UUID.class),
				rs.getObject("actor_id", UUID.class), rs.getString("actor_role"), rs.getString("via"),
				this.json.readValue(rs.getString("changes"), CHANGES),
				Objects.requireNonNull(SqlValues.instant(rs, "occurred_at")));
	}

}
