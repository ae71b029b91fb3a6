package com.flowsupport.ticket.privacy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.tenancy.Tenancy;

/** The tenants' retention policies; each call is confined to the tenant in scope. */
@Repository
class RetentionPolicies {

	private final JdbcClient jdbc;

	RetentionPolicies(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The policy of the tenant in scope, or keeping everything when none was set. */
	RetentionPolicy current() {
		return this.jdbc.sql("""
				SELECT closed_tickets_days, version, updated_at FROM retention_policy WHERE tenant_id = ?""")
			.param(Tenancy.require().requireTenantId())
			.query((rs, row) -> new RetentionPolicy(rs.getObject("closed_tickets_days", Integer.class),
					rs.getLong("version"), SqlValues.instant(rs, "updated_at")))
			.optional()
			.orElse(RetentionPolicy.KEEP_EVERYTHING);
	}

	RetentionPolicy save(@Nullable Integer closedTicketsDays, @Nullable UUID updatedBy, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO retention_policy (tenant_id, closed_tickets_days, updated_by, updated_at)
				VALUES (?, ?, ?, ?)
				ON CONFLICT (tenant_id) DO UPDATE SET closed_tickets_days = excluded.closed_tickets_days,
					updated_by = excluded.updated_by, updated_at = excluded.updated_at,
					version = retention_policy.version + 1
				RETURNING closed_tickets_days, version, updated_at""")
			.params(Tenancy.require().requireTenantId(), closedTicketsDays, SqlValues.uuid(updatedBy),
					SqlValues.time(at))
			.query((rs, row) -> new RetentionPolicy(rs.getObject("closed_tickets_days", Integer.class),
					rs.getLong("version"), SqlValues.instant(rs, "updated_at")))
			.single();
	}

	/** A tenant whose closed tickets expire, and after how many days. */
	record Expiring(UUID tenantId, int closedTicketsDays) {
	}

	/** Every tenant with a retention period; for the platform identity only. */
	List<Expiring> expiring() {
		return this.jdbc.sql("SELECT tenant_id, closed_tickets_days FROM retention_policy ORDER BY tenant_id")
			.query((rs, row) -> new Expiring(rs.getObject("tenant_id", UUID.class), rs.getInt("closed_tickets_days")))
			.list();
	}

	/** The tenant's closed tickets closed before {@code cutoff}, oldest first. */
	List<UUID> closedBefore(UUID tenantId, Instant cutoff, int limit) {
		return this.jdbc.sql("""
				SELECT id FROM ticket WHERE tenant_id = ? AND status = 'closed' AND closed_at < ?
				ORDER BY closed_at, id LIMIT ?""")
			.params(tenantId, SqlValues.time(cutoff), limit)
			.query(UUID.class)
			.list();
	}

	/**
	 * Deletes the tickets, which must be closed, with their history and comments (their
	 * SLA state goes with them).
	 * @return the tickets deleted, each with its number
	 */
	List<Deleted> delete(UUID tenantId, List<UUID> tickets) {
		String ids = "{" + String.join(",", tickets.stream().map(UUID::toString).toList()) + "}";
		this.jdbc.sql("SELECT purge_closed_ticket_audit(CAST(? AS uuid[]))").param(ids).query(Integer.class).single();
		this.jdbc.sql("DELETE FROM ticket_comment WHERE tenant_id = ? AND ticket_id = ANY (CAST(? AS uuid[]))")
			.params(tenantId, ids)
			.update();
		return this.jdbc.sql("""
				DELETE FROM ticket WHERE tenant_id = ? AND status = 'closed' AND id = ANY (CAST(? AS uuid[]))
				RETURNING id, number""")
			.params(tenantId, ids)
			.query((rs, row) -> new Deleted(rs.getObject("id", UUID.class), rs.getLong("number")))
			.list();
	}

	/** A ticket retention deleted. */
	record Deleted(UUID id, long number) {
	}

}
