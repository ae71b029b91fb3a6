package com.flowsupport.identity.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.audit.AuditRecorded;
import com.flowsupport.shared.events.Uuids;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.ClientAddress;

/**
 * Records security events (logins, failures, role changes, keys, tenant changes) in the
 * tenant's append-only, tamper-evident audit log, in the transaction of the change
 * itself, with the client's address as the gateway saw it. The database chains each entry
 * to the tenant's previous one (seq, prev_hash, hash; see {@code V4__audit_chain.sql});
 * appends of one tenant queue on its chain's head until the appending transaction ends.
 */
@Component
public class AuditLog {

	private final JdbcTemplate jdbc;

	private final JsonMapper json;

	AuditLog(JdbcTemplate jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * @param action dotted past tense, e.g. {@code user.role_changed}
	 * @param actor who did it, when it is not the caller in scope (e.g. a login before
	 * any token)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String action, @Nullable String targetType, @Nullable Object targetId, Map<String, ?> details,
			@Nullable UUID actor) {
		CallerIdentity caller = Tenancy.require();
		UUID actorId = (actor != null) ? actor : caller.userId();
		this.jdbc.update("""
				INSERT INTO audit_event (id, tenant_id, actor_id, actor_role, action, target_type, target_id,
					client_ip, details)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""", Uuids.timeOrdered(), caller.requireTenantId(), actorId,
				caller.role().claimValue(), action, targetType, (targetId != null) ? targetId.toString() : null,
				ClientAddress.current().orElse(null), this.json.writeValueAsString(details));
	}

	@Transactional(propagation = Propagation.MANDATORY)
	public void record(String action, @Nullable String targetType, @Nullable Object targetId, Map<String, ?> details) {
		record(action, targetType, targetId, details, null);
	}

	/**
	 * Appends an admin action another service recorded, as that service described it,
	 * unless the entry is there already (it takes the event's id).
	 * @param eventId the {@code audit.recorded} event's id
	 * @param occurredAt when the recording transaction wrote the event
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	void appendRecorded(UUID eventId, Instant occurredAt, AuditRecorded recorded) {
		UUID tenantId = Tenancy.require().requireTenantId();
		if (Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM audit_event WHERE id = ?)",
				Boolean.class, eventId))) {
			return;
		}
		this.jdbc.update("""
				INSERT INTO audit_event (id, tenant_id, occurred_at, origin, actor_id, actor_role, action, target_type,
					target_id, client_ip, details)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)""", eventId, tenantId, Timestamp.from(occurredAt),
				recorded.service(), recorded.actorId(), recorded.actorRole(), recorded.action(), recorded.targetType(),
				recorded.targetId(), recorded.clientIp(), this.json.writeValueAsString(recorded.details()));
	}

}
