package com.flowsupport.identity.audit;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What a verification of one tenant's audit chain found.
 *
 * @param tenantId whose chain
 * @param entries how many entries were checked
 * @param verifiedThrough the last seq up to which the chain is intact (0 if none)
 * @param intact whether every checked entry follows its predecessor and matches its hash,
 * and the chain ends where its head says
 * @param firstBrokenSeq the first entry that is missing, changed or out of place
 * @param reason what is wrong there, for people
 */
record ChainVerification(UUID tenantId, long entries, long verifiedThrough, boolean intact,
		@Nullable Long firstBrokenSeq, @Nullable String reason) {

	static ChainVerification intact(UUID tenantId, long entries, long verifiedThrough) {
		return new ChainVerification(tenantId, entries, verifiedThrough, true, null, null);
	}

	static ChainVerification broken(UUID tenantId, long entries, long firstBrokenSeq, String reason) {
		return new ChainVerification(tenantId, entries, firstBrokenSeq - 1, false, firstBrokenSeq, reason);
	}

}
