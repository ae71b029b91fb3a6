package com.flowsupport.identity.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.events.PollingWorker;

/**
 * The scheduled verification of every tenant's audit chain: each run verifies what each
 * chain gained since the last one (replicas share the tenants, one at a time each). A
 * broken chain is logged as an error and counted in
 * {@code flowsupport.audit.chain.broken}, for an alert.
 */
@Component
@ConditionalOnProperty(name = "flowsupport.identity.audit.verification.enabled", matchIfMissing = true)
class AuditChainMonitor extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(AuditChainMonitor.class);

	private final AuditVerifications verifications;

	private final AuditProperties.Verification settings;

	private final Counter broken;

	private final Counter verified;

	private final AtomicLong brokenTenants = new AtomicLong();

	AuditChainMonitor(AuditVerifications verifications, AuditProperties properties, MeterRegistry meters) {
		super("audit-chain-monitor", properties.verification().interval());
		this.verifications = verifications;
		this.settings = properties.verification();
		this.broken = Counter.builder("flowsupport.audit.chain.broken")
			.description("Verifications that found a tenant's audit chain broken")
			.register(meters);
		this.verified = Counter.builder("flowsupport.audit.chain.verified")
			.description("Audit entries verified by the scheduled verification")
			.baseUnit("entries")
			.register(meters);
		Gauge.builder("flowsupport.audit.chain.broken.tenants", this.brokenTenants, AtomicLong::get)
			.description("Tenants whose audit chain the last run found broken")
			.register(meters);
	}

	@Override
	protected boolean runCycle() {
		verifyAll();
		return false;
	}

	/**
	 * One run over every tenant's chain.
	 * @return what was found for each tenant this replica verified
	 */
	List<ChainVerification> verifyAll() {
		List<ChainVerification> results = new ArrayList<>();
		for (UUID tenantId : this.verifications.tenantsWithChains()) {
			try {
				this.verifications.verifyIncrementally(tenantId, this.settings.fullInterval()).ifPresent(results::add);
			}
			catch (RuntimeException ex) {
				log.warn("Could not verify the audit chain of tenant {}, next run retries: {}", tenantId,
						ex.toString());
			}
		}
		long brokenNow = 0;
		for (ChainVerification result : results) {
			this.verified.increment(result.entries());
			if (!result.intact()) {
				brokenNow++;
				this.broken.increment();
				log.error("Audit chain of tenant {} is broken at entry {}: {} (intact through entry {})",
						result.tenantId(), result.firstBrokenSeq(), result.reason(), result.verifiedThrough());
			}
		}
		this.brokenTenants.set(brokenNow);
		return results;
	}

}
