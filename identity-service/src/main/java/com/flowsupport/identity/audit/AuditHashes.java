package com.flowsupport.identity.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * The audit chain's hash, recomputed apart from the database that assigned it:
 * {@code SHA-256(prev_hash || UTF-8(canonical content))}, the canonical content being a
 * version tag and each field as its UTF-8 length, a colon and its text ({@code -} for
 * NULL). Must stay byte for byte what {@code audit_event_hash} in
 * {@code V4__audit_chain.sql} computes.
 */
final class AuditHashes {

	/** The {@code prev_hash} of a tenant's first entry. */
	static final byte[] GENESIS = new byte[32];

	private static final String VERSION = "flowsupport.audit.v1";

	private AuditHashes() {
	}

	static byte[] hash(byte[] previous, ChainEntry entry) {
		StringBuilder canonical = new StringBuilder(VERSION);
		field(canonical, entry.id().toString());
		field(canonical, entry.tenantId().toString());
		field(canonical, Long.toString(entry.seq()));
		field(canonical, Long.toString(epochMicros(entry.occurredAt())));
		field(canonical, entry.origin());
		field(canonical, (entry.actorId() != null) ? entry.actorId().toString() : null);
		field(canonical, entry.actorRole());
		field(canonical, entry.action());
		field(canonical, entry.targetType());
		field(canonical, entry.targetId());
		field(canonical, entry.clientIp());
		field(canonical, entry.details());
		MessageDigest sha256 = sha256();
		sha256.update(previous);
		sha256.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
		return sha256.digest();
	}

	private static void field(StringBuilder canonical, @Nullable String value) {
		if (value == null) {
			canonical.append('-');
		}
		else {
			canonical.append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
		}
	}

	/** Postgres keeps microseconds; so does the hash. */
	private static long epochMicros(Instant time) {
		return Math.addExact(Math.multiplyExact(time.getEpochSecond(), 1_000_000L), time.getNano() / 1_000);
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("Every Java platform has SHA-256", ex);
		}
	}

	/**
	 * One stored entry, as read back for verification.
	 *
	 * @param details the jsonb's text form, as Postgres prints it
	 */
	record ChainEntry(UUID id, UUID tenantId, long seq, Instant occurredAt, String origin, @Nullable UUID actorId,
			@Nullable String actorRole, String action, @Nullable String targetType, @Nullable String targetId,
			@Nullable String clientIp, String details, byte[] prevHash, byte[] hash) {
	}

}
