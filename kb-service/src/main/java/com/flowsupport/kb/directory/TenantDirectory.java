package com.flowsupport.kb.directory;

import java.util.Optional;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.EventEnvelope;

/**
 * Tenant slugs as identity-service (which owns tenants) announces them in
 * {@code tenant.created} and {@code tenant.updated}. A suspended tenant keeps its entry
 * but its help center closes.
 */
@Repository
public class TenantDirectory {

	private final JdbcClient jdbc;

	TenantDirectory(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** The active tenant with this slug. */
	@Transactional(readOnly = true)
	public Optional<UUID> activeTenant(String slug) {
		return this.jdbc.sql("SELECT tenant_id FROM tenant_directory WHERE slug = ? AND active")
			.param(slug)
			.query(UUID.class)
			.optional();
	}

	@Transactional(readOnly = true)
	public Optional<String> slugOf(UUID tenantId) {
		return this.jdbc.sql("SELECT slug FROM tenant_directory WHERE tenant_id = ?")
			.param(tenantId)
			.query(String.class)
			.optional();
	}

	/**
	 * Keeps what a tenant event says: the slug (created, renamed) and the status
	 * (suspended, reactivated). An event older than what is stored changes nothing:
	 * redeliveries may come out of order.
	 */
	void remember(EventEnvelope event) {
		JsonNode data = event.data();
		JsonNode slug = data.get("slug");
		JsonNode status = data.get("status");
		if (slug != null && slug.isString()) {
			this.jdbc.sql("""
					INSERT INTO tenant_directory (tenant_id, slug, active, changed_at) VALUES (?, ?, true, ?)
					ON CONFLICT (tenant_id) DO UPDATE SET slug = excluded.slug, changed_at = excluded.changed_at
					WHERE tenant_directory.changed_at <= excluded.changed_at""")
				.params(event.tenantId(), slug.asString(), SqlValues.time(event.occurredAt()))
				.update();
		}
		if (status != null && status.isString()) {
			this.jdbc.sql("""
					UPDATE tenant_directory SET active = ?, changed_at = ?
					WHERE tenant_id = ? AND changed_at <= ?""")
				.params("active".equals(status.asString()), SqlValues.time(event.occurredAt()), event.tenantId(),
						SqlValues.time(event.occurredAt()))
				.update();
		}
	}

}
