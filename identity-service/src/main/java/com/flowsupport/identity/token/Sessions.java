package com.flowsupport.identity.token;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.events.Uuids;

/**
 * Login sessions as families of rotating refresh tokens ({@link OpaqueTokens} of kind
 * {@code rt1}). Each use marks the token used and issues the next one in the same family;
 * presenting a used token again means it was stolen (or replayed), and the whole family
 * is revoked.
 */
@Component
public class Sessions {

	private static final String PREFIX = "rt1";

	private final JdbcTemplate jdbc;

	private final IdentityProperties properties;

	Sessions(JdbcTemplate jdbc, IdentityProperties properties) {
		this.jdbc = jdbc;
		this.properties = properties;
	}

	/** The tenant a presented refresh token claims to belong to, if it is well formed. */
	public static Optional<UUID> tenantOf(String presented) {
		return OpaqueTokens.tenantOf(PREFIX, presented);
	}

	/** Opens a session and returns its first refresh token. */
	@Transactional(propagation = Propagation.MANDATORY)
	public Issued start(UUID tenantId, UUID userId) {
		return issue(tenantId, userId, Uuids.timeOrdered());
	}

	/**
	 * Uses a refresh token: the next token of its family, or why it was refused. A reused
	 * token revokes its family as a side effect, which the caller's transaction must
	 * commit.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Rotation rotate(String presented) {
		Optional<UUID> tenant = tenantOf(presented);
		if (tenant.isEmpty()) {
			return Rotation.refused(false);
		}
		List<Row> rows = this.jdbc.query("""
				SELECT id, user_id, family_id, expires_at, used_at, revoked_at FROM refresh_token
				WHERE token_hash = ? FOR UPDATE""",
				(rs, i) -> new Row(rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class),
						rs.getObject("family_id", UUID.class), rs.getTimestamp("expires_at").toInstant(),
						rs.getTimestamp("used_at") != null, rs.getTimestamp("revoked_at") != null),
				hash(presented));
		if (rows.isEmpty()) {
			return Rotation.refused(false);
		}
		Row row = rows.get(0);
		if (row.revoked() || row.expiresAt().isBefore(Instant.now())) {
			return Rotation.refused(false);
		}
		if (row.used()) {
			revokeFamily(row.familyId());
			return Rotation.refused(true);
		}
		this.jdbc.update("UPDATE refresh_token SET used_at = now() WHERE id = ?", row.id());
		Issued next = issue(tenant.get(), row.userId(), row.familyId());
		return new Rotation(next, row.userId(), false);
	}

	/** Ends the session the token belongs to (logout). Unknown tokens are ignored. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void end(String presented) {
		this.jdbc.update("""
				UPDATE refresh_token SET revoked_at = now()
				WHERE revoked_at IS NULL AND family_id = (SELECT family_id FROM refresh_token WHERE token_hash = ?)""",
				hash(presented));
	}

	/**
	 * Ends every session of a user, but the one given (password change, role change,
	 * disabling).
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public int endAll(UUID userId, @Nullable UUID except) {
		return this.jdbc.update("""
				UPDATE refresh_token SET revoked_at = now()
				WHERE user_id = ? AND revoked_at IS NULL AND family_id IS DISTINCT FROM ?""", userId, except);
	}

	private void revokeFamily(UUID familyId) {
		this.jdbc.update("UPDATE refresh_token SET revoked_at = now() WHERE family_id = ? AND revoked_at IS NULL",
				familyId);
	}

	private Issued issue(UUID tenantId, UUID userId, UUID familyId) {
		String token = OpaqueTokens.create(PREFIX, tenantId);
		this.jdbc.update("""
				INSERT INTO refresh_token (id, tenant_id, user_id, family_id, token_hash, expires_at)
				VALUES (?, ?, ?, ?, ?, ?)""", Uuids.timeOrdered(), tenantId, userId, familyId, hash(token),
				Timestamp.from(Instant.now().plus(this.properties.refreshTokenTtl())));
		return new Issued(token, familyId);
	}

	private static byte[] hash(String token) {
		return OpaqueTokens.hash(token);
	}

	/**
	 * @param refreshToken the raw token, shown to the client once
	 * @param sessionId the family it belongs to
	 */
	public record Issued(String refreshToken, UUID sessionId) {
	}

	/**
	 * @param next the next token, when the rotation succeeded
	 * @param userId whose session it is
	 * @param reuseDetected a used token was presented again and the family is now revoked
	 */
	public record Rotation(@Nullable Issued next, @Nullable UUID userId, boolean reuseDetected) {

		static Rotation refused(boolean reuseDetected) {
			return new Rotation(null, null, reuseDetected);
		}

	}

	private record Row(UUID id, UUID userId, UUID familyId, Instant expiresAt, boolean used, boolean revoked) {
	}

}
