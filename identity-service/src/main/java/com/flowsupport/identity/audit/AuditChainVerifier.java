package com.flowsupport.identity.audit;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.identity.audit.AuditHashes.ChainEntry;

/**
 * Walks a tenant's audit chain in seq order and recomputes every hash: each entry must be
 * the next seq, name its predecessor's hash, and hash to what it stores, and the chain
 * must end at its head. Reads run in the caller's transaction, as the tenant.
 */
@Component
class AuditChainVerifier {

	private static final int PAGE_SIZE = 500;

	private static final RowMapper<ChainEntry> ENTRY = (rs, i) -> new ChainEntry(rs.getObject("id", UUID.class),
			rs.getObject("tenant_id", UUID.class), rs.getLong("seq"),
			rs.getObject("occurred_at", OffsetDateTime.class).toInstant(), rs.getString("origin"),
			rs.getObject("actor_id", UUID.class), rs.getString("actor_role"), rs.getString("action"),
			rs.getString("target_type"), rs.getString("target_id"), rs.getString("client_ip"), rs.getString("details"),
			rs.getBytes("prev_hash"), rs.getBytes("hash"));

	private static final String ENTRY_COLUMNS = """
			SELECT id, tenant_id, seq, occurred_at, origin, actor_id, actor_role, action, target_type, target_id,
				client_ip, details::text AS details, prev_hash, hash
			FROM audit_event""";

	private final JdbcTemplate jdbc;

	AuditChainVerifier(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Verifies the entries after a point already verified, up to the chain's head as it
	 * is now. The entry at {@code afterSeq} must still hash to {@code afterHash}, so a
	 * rewrite of verified history that reaches it is caught too.
	 * @param afterSeq 0 to verify the whole chain
	 * @param afterHash the hash of entry {@code afterSeq} ({@link AuditHashes#GENESIS}
	 * for 0)
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public Checked verify(UUID tenantId, long afterSeq, byte[] afterHash) {
		// The head is read first: appends committed later have a higher seq and are left
		// for the next run, and every entry up to the head is already visible.
		Head head = this.jdbc
			.query("SELECT seq, hash FROM audit_chain WHERE tenant_id = ?",
					(rs, i) -> new Head(rs.getLong("seq"), rs.getBytes("hash")), tenantId)
			.stream()
			.findFirst()
			.orElse(new Head(0, AuditHashes.GENESIS));
		if (afterSeq > 0) {
			String anchorProblem = anchorProblem(tenantId, afterSeq, afterHash);
			if (anchorProblem != null) {
				return broken(tenantId, 0, afterSeq, afterHash, anchorProblem);
			}
		}
		long expected = afterSeq + 1;
		byte[] previous = afterHash;
		long checked = 0;
		List<ChainEntry> page;
		do {
			page = this.jdbc.query(
					ENTRY_COLUMNS + " WHERE tenant_id = ? AND seq >= ? AND seq <= ? ORDER BY seq LIMIT ?", ENTRY,
					tenantId, expected, head.seq(), PAGE_SIZE);
			for (ChainEntry entry : page) {
				String problem = problem(entry, expected, previous);
				if (problem != null) {
					return broken(tenantId, checked, expected, previous, problem);
				}
				previous = entry.hash();
				expected++;
				checked++;
			}
		}
		while (page.size() == PAGE_SIZE);
		long last = expected - 1;
		if (last < head.seq()) {
			return broken(tenantId, checked, expected, previous,
					"entries %d to %d are missing".formatted(expected, head.seq()));
		}
		if (!Arrays.equals(previous, head.hash())) {
			return broken(tenantId, checked, last, previous,
					"entry %d is not the entry the chain's head recorded".formatted(last));
		}
		return new Checked(ChainVerification.intact(tenantId, checked, last), previous);
	}

	private @Nullable String anchorProblem(UUID tenantId, long seq, byte[] expectedHash) {
		List<ChainEntry> anchor = this.jdbc.query(ENTRY_COLUMNS + " WHERE tenant_id = ? AND seq = ?", ENTRY, tenantId,
				seq);
		if (anchor.isEmpty()) {
			return "entry %d, verified before, is missing".formatted(seq);
		}
		ChainEntry entry = anchor.get(0);
		if (!Arrays.equals(entry.hash(), expectedHash)
				|| !Arrays.equals(AuditHashes.hash(entry.prevHash(), entry), expectedHash)) {
			return "entry %d changed since it was verified".formatted(seq);
		}
		return null;
	}

	private static @Nullable String problem(ChainEntry entry, long expected, byte[] previous) {
		if (entry.seq() != expected) {
			return "entry %d is missing".formatted(expected);
		}
		if (!Arrays.equals(entry.prevHash(), previous)) {
			return "entry %d does not follow entry %d".formatted(expected, expected - 1);
		}
		if (!Arrays.equals(AuditHashes.hash(previous, entry), entry.hash())) {
			return "entry %d does not match its hash: its content was changed".formatted(expected);
		}
		return null;
	}

	private static Checked broken(UUID tenantId, long checked, long seq, byte[] lastGoodHash, String reason) {
		return new Checked(ChainVerification.broken(tenantId, checked, seq, reason), lastGoodHash);
	}

	private record Head(long seq, byte[] hash) {
	}

	/**
	 * @param result what was found
	 * @param lastHash the hash of entry {@code result.verifiedThrough()}
	 */
	record Checked(ChainVerification result, byte[] lastHash) {
	}

}
