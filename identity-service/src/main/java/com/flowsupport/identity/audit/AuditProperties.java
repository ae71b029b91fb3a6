package com.flowsupport.identity.audit;

import java.time.Duration;

import jakarta.validation.Valid;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The audit log's settings.
 *
 * @param verification the scheduled verification of every tenant's chain
 */
@Validated
@ConfigurationProperties("flowsupport.identity.audit")
record AuditProperties(@DefaultValue @Valid Verification verification) {

	/**
	 * @param enabled whether this replica takes part in verifying chains (replicas share
	 * the work; each tenant is verified by one at a time)
	 * @param interval pause between runs; each run verifies only entries added since the
	 * last, after re-checking the last verified one
	 * @param fullInterval how often a tenant's whole chain is verified again from its
	 * first entry, so that a change to old history is found even without a rewrite that
	 * reaches the last verified entry
	 */
	record Verification(@DefaultValue("true") boolean enabled, @DefaultValue("5m") Duration interval,
			@DefaultValue("1d") Duration fullInterval) {

		Verification {
			if (interval.isNegative() || interval.isZero() || fullInterval.isNegative()) {
				throw new IllegalArgumentException(
						"flowsupport.identity.audit.verification.interval must be positive and full-interval not negative");
			}
		}

	}

}
