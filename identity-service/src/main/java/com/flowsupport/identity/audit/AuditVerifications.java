package com.flowsupport.identity.audit;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.identity.audit.AuditChainVerifier.Checked;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.web.Problems;

/**
 * Verifies tenants' audit chains, each in a transaction of its own as identity-service
 * acting for that tenant (so a super admin can have another tenant verified without
 * reading its log): on demand from the first entry, or incrementally from where the last
 * scheduled run left off, remembering how far the chain was found intact.
 */
@Component
class AuditVerifications {

	/** First key of the advisory locks that keep two replicas off one tenant's chain. */
	private static final int VERIFICATION_LOCK = 0x41756469;

	private final AuditChainVerifier verifier;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final String service;

	AuditVerifications(AuditChainVerifier verifier, JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
			@Value("${spring.application.name}") String service) {
		this.verifier = verifier;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.service = service;
	}

	/** Verifies the tenant's whole chain now; a 404 problem for an unknown tenant. */
	ChainVerification verifyNow(UUID tenantId) {
		return asTenant(tenantId, () -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM tenant WHERE id = ?)",
					Boolean.class, tenantId))) {
				throw Problems.notFound("tenant");
			}
			return this.verifier.verify(tenantId, 0, AuditHashes.GENESIS).result();
		});
	}

	/** The tenants that have an audit chain, as the platform sees them. */
	List<UUID> tenantsWithChains() {
		return Tenancy.callAs(CallerIdentity.platform(this.service), () -> this.transactions.execute(
				(tx) -> this.jdbc.queryForList("SELECT tenant_id FROM audit_chain ORDER BY tenant_id", UUID.class)));
	}

	/**
	 * Verifies what was added to the tenant's chain since the last run (or all of it,
	 * once {@code fullInterval} has passed since it was last verified whole) and records
	 * the outcome.
	 * @return empty when another replica is verifying this tenant right now
	 */
	Optional<ChainVerification> verifyIncrementally(UUID tenantId, Duration fullInterval) {
		return asTenant(tenantId, () -> {
			if (!Boolean.TRUE.equals(this.jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?, hashtext(?))",
					Boolean.class, VERIFICATION_LOCK, tenantId.toString()))) {
				return Optional.empty();
			}
			Instant now = Instant.now();
			Checkpoint checkpoint = this.jdbc.query(
					"SELECT verified_seq, verified_hash, full_verified_at FROM audit_verification WHERE tenant_id = ?",
					(rs, i) -> new Checkpoint(rs.getLong("verified_seq"), rs.getBytes("verified_hash"),
							rs.getTimestamp("full_verified_at")),
					tenantId)
				.stream()
				.findFirst()
				.orElse(Checkpoint.NONE);
			Timestamp fullVerifiedAt = checkpoint.fullVerifiedAt();
			boolean full = fullVerifiedAt == null || fullVerifiedAt.toInstant().isBefore(now.minus(fullInterval));
			Checked checked = full ? this.verifier.verify(tenantId, 0, AuditHashes.GENESIS)
					: this.verifier.verify(tenantId, checkpoint.seq(), checkpoint.hash());
			record(tenantId, checked, full, now);
			return Optional.of(checked.result());
		});
	}

	private void record(UUID tenantId, Checked checked, boolean full, Instant now) {
		ChainVerification result = checked.result();
		Timestamp at = Timestamp.from(now);
		if (result.intact()) {
			this.jdbc.update(
					"""
							INSERT INTO audit_verification AS v (tenant_id, verified_seq, verified_hash, verified_at, full_verified_at)
							VALUES (?, ?, ?, ?, ?)
							ON CONFLICT (tenant_id) DO UPDATE SET verified_seq = excluded.verified_seq,
								verified_hash = excluded.verified_hash, verified_at = excluded.verified_at,
								full_verified_at = coalesce(excluded.full_verified_at, v.full_verified_at),
								broken_seq = NULL, broken_reason = NULL, broken_at = NULL""",
					tenantId, result.verifiedThrough(), checked.lastHash(), at, full ? at : null);
		}
		else {
			this.jdbc.update("""
					INSERT INTO audit_verification AS v (tenant_id, verified_hash, broken_seq, broken_reason, broken_at)
					VALUES (?, ?, ?, ?, ?)
					ON CONFLICT (tenant_id) DO UPDATE SET broken_seq = excluded.broken_seq,
						broken_reason = excluded.broken_reason, broken_at = excluded.broken_at""", tenantId,
					AuditHashes.GENESIS, result.firstBrokenSeq(), result.reason(), at);
		}
	}

	private <T> T asTenant(UUID tenantId, Supplier<T> work) {
		return Tenancy.callAs(CallerIdentity.service(tenantId, this.service),
				() -> this.transactions.execute((tx) -> work.get()));
	}

	private record Checkpoint(long seq, byte[] hash, @Nullable Timestamp fullVerifiedAt) {

		static final Checkpoint NONE = new Checkpoint(0, AuditHashes.GENESIS, null);

	}

}
