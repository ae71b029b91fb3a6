package com.flowsupport.identity.privacy;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.events.PollingWorker;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Finds due privacy jobs (as the platform identity, which may see only those) and works
 * them one by one; woken when a job is requested, and otherwise looking every
 * {@code flowsupport.identity.privacy.poll-interval}, which also picks up jobs a crashed
 * worker left once their lease runs out. Drops export archives past their expiry.
 */
@Component
class PrivacyWorker extends PollingWorker {

	static final int BATCH = 10;

	private final PrivacyJobs jobs;

	private final PrivacyJobRunner runner;

	private final TransactionTemplate reads;

	private final TransactionTemplate writes;

	private final Clock clock;

	PrivacyWorker(PrivacyJobs jobs, PrivacyJobRunner runner, PlatformTransactionManager transactions,
			PrivacyJobProperties properties, ObjectProvider<Clock> clock) {
		super("privacy-jobs", properties.pollInterval());
		this.jobs = jobs;
		this.runner = runner;
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
		this.writes = new TransactionTemplate(transactions);
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	@Override
	protected boolean runCycle() {
		Instant now = this.clock.instant();
		CallerIdentity platform = CallerIdentity.platform(PrivacyPeers.SELF);
		List<PrivacyJob.Due> expired = Objects.requireNonNull(
				Tenancy.callAs(platform, () -> this.reads.execute((tx) -> this.jobs.expiredArchives(now, BATCH))));
		expired.forEach((job) -> Tenancy.runAs(CallerIdentity.service(job.tenantId(), PrivacyPeers.SELF),
				() -> this.writes.executeWithoutResult((tx) -> this.jobs.dropArchive(job.tenantId(), job.jobId()))));
		List<PrivacyJob.Due> due = Objects
			.requireNonNull(Tenancy.callAs(platform, () -> this.reads.execute((tx) -> this.jobs.due(now, BATCH))));
		due.forEach((job) -> this.runner.run(job.tenantId(), job.jobId()));
		return due.size() == BATCH || expired.size() == BATCH;
	}

}
