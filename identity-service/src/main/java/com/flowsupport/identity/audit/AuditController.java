package com.flowsupport.identity.audit;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.CursorPage;
import com.flowsupport.shared.web.Cursors;

/** The tenant's security audit log for its admins, newest first. */
@RestController
class AuditController {

	private final JdbcTemplate jdbc;

	AuditController(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@GetMapping("/api/v1/audit")
	@Transactional(readOnly = true)
	CursorPage<AuditEntry> list(@RequestParam(required = false) @Nullable Integer limit,
			@RequestParam(required = false) @Nullable String cursor,
			@RequestParam(required = false) @Nullable String action) {
		Tenancy.requireRole(AppRole.ADMIN, AppRole.SUPER_ADMIN);
		int size = Cursors.limit(limit);
		Position after = Cursors.decode(cursor, Position.class);
		List<AuditEntry> rows = this.jdbc.query("""
				SELECT id, occurred_at, actor_id, actor_role, action, target_type, target_id, client_ip, details::text
				FROM audit_event
				WHERE (CAST(? AS timestamptz) IS NULL OR (occurred_at, id) < (CAST(? AS timestamptz), CAST(? AS uuid)))
					AND (CAST(? AS text) IS NULL OR action = ?)
				ORDER BY occurred_at DESC, id DESC LIMIT ?""",
				(rs, i) -> new AuditEntry(rs.getObject("id", UUID.class), rs.getTimestamp("occurred_at").toInstant(),
						rs.getObject("actor_id", UUID.class), rs.getString("actor_role"), rs.getString("action"),
						rs.getString("target_type"), rs.getString("target_id"), rs.getString("client_ip"),
						rs.getString("details")),
				(after != null) ? Timestamp.from(after.occurredAt()) : null,
				(after != null) ? Timestamp.from(after.occurredAt()) : null, (after != null) ? after.id() : null,
				action, action, size + 1);
		return CursorPage.fromLookahead(rows, size, (entry) -> new Position(entry.occurredAt(), entry.id()));
	}

	record Position(Instant occurredAt, UUID id) {
	}

	record AuditEntry(UUID id, Instant occurredAt, @Nullable UUID actorId, @Nullable String actorRole, String action,
			@Nullable String targetType, @Nullable String targetId, @Nullable String clientIp, String details) {
	}

}
