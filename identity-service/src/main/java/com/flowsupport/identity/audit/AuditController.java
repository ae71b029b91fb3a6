package com.flowsupport.identity.audit;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;

/**
 * The tenant's audit log for its admins, newest first, and the verification of its hash
 * chain.
 */
@RestController
class AuditController {

	private final JdbcTemplate jdbc;

	private final AuditVerifications verifications;

	AuditController(JdbcTemplate jdbc, AuditVerifications verifications) {
		this.jdbc = jdbc;
		this.verifications = verifications;
	}

	@GetMapping("/api/v1/audit")
	@Transactional(readOnly = true)
	CursorPage<AuditEntry> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String action) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		int size = Cursors.limit(limit);
		Position after = Cursors.decode(cursor, Position.class);
		List<AuditEntry> rows = this.jdbc.query(
				"""
						SELECT id, seq, occurred_at, origin, actor_id, actor_role, action, target_type, target_id, client_ip,
							details::text
						FROM audit_event
						WHERE tenant_id = ? AND (CAST(? AS bigint) IS NULL OR seq < ?) AND (CAST(? AS text) IS NULL OR action = ?)
						ORDER BY seq DESC LIMIT ?""",
				(rs, i) -> new AuditEntry(rs.getObject("id", UUID.class), rs.getLong("seq"),
						rs.getTimestamp("occurred_at").toInstant(), rs.getString("origin"),
						rs.getObject("actor_id", UUID.class), rs.getString("actor_role"), rs.getString("action"),
						rs.getString("target_type"), rs.getString("target_id"), rs.getString("client_ip"),
						rs.getString("details")),
				caller.requireTenantId(), (after != null) ? after.seq() : null, (after != null) ? after.seq() : null,
				action, action, size + 1);
		return CursorPage.fromLookahead(rows, size, (entry) -> new Position(entry.seq()));
	}

	/**
	 * Recomputes the whole hash chain of the caller's tenant, or, for a super admin, of
	 * the tenant named.
	 */
	@GetMapping("/api/v1/audit/verify")
	ChainVerification verify(@RequestParam(required = false) @Nullable UUID tenantId) {
		CallerIdentity caller = Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		UUID own = caller.requireTenantId();
		if (tenantId != null && !tenantId.equals(own) && caller.role() != AppRole.SUPER_ADMIN) {
			throw new AccessDeniedException("Only super admins verify another tenant's audit log");
		}
		return this.verifications.verifyNow((tenantId != null) ? tenantId : own);
	}

	record Position(long seq) {
	}

	/**
	 * @param seq the entry's place in the tenant's chain
	 * @param origin the service that recorded it
	 */
	record AuditEntry(UUID id, long seq, Instant occurredAt, String origin, @Nullable UUID actorId,
			@Nullable String actorRole, String action, @Nullable String targetType, @Nullable String targetId,
			@Nullable String clientIp, String details) {
	}

}
