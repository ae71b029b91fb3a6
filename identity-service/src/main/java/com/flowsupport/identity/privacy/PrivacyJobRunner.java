package com.flowsupport.identity.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.identity.audit.AuditLog;
import com.flowsupport.shared.privacy.DataSubject;
import com.flowsupport.shared.privacy.PersonalData;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Works one privacy job as its tenant: asks each service whose step is not done yet, in
 * order, and records each answer as it comes, so that a crash or an unavailable service
 * costs a retry of what is left, never the job. An erasure stops at the first service
 * that fails, so identity, asked last, anonymises the account only once every other
 * service has erased the person. When every step is done, an export's archive is built;
 * an erasure forgets the identifiers it carried. Both are recorded in the audit log.
 */
@Component
class PrivacyJobRunner {

	private static final Logger log = LoggerFactory.getLogger(PrivacyJobRunner.class);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Duration FIRST_RETRY = Duration.ofSeconds(5);

	private final PrivacyJobs jobs;

	private final PrivacyPeers peers;

	private final PersonalData local;

	private final AuditLog audit;

	private final TransactionTemplate transactions;

	private final PrivacyJobProperties properties;

	private final Clock clock;

	PrivacyJobRunner(PrivacyJobs jobs, PrivacyPeers peers, PersonalData local, AuditLog audit,
			PlatformTransactionManager transactions, PrivacyJobProperties properties, ObjectProvider<Clock> clock) {
		this.jobs = jobs;
		this.peers = peers;
		this.local = local;
		this.audit = audit;
		this.transactions = new TransactionTemplate(transactions);
		this.properties = properties;
		this.clock = clock.getIfAvailable(Clock::systemUTC);
	}

	/**
	 * @return whether this call worked the job (another worker may hold it, or it may be
	 * done already)
	 */
	boolean run(UUID tenantId, UUID jobId) {
		return Tenancy.callAs(CallerIdentity.service(tenantId, PrivacyPeers.SELF), () -> runAsTenant(tenantId, jobId));
	}

	private boolean runAsTenant(UUID tenantId, UUID jobId) {
		Instant now = this.clock.instant();
		boolean claimed = Boolean.TRUE.equals(this.transactions
			.execute((tx) -> this.jobs.claim(tenantId, jobId, now, now.plus(this.properties.lease()))));
		if (!claimed) {
			return false;
		}
		PrivacyJob job = Objects
			.requireNonNull(this.transactions.execute((tx) -> this.jobs.find(tenantId, jobId).orElseThrow()));
		boolean failed = false;
		for (PrivacyJob.Step step : steps(job)) {
			if (step.done()) {
				continue;
			}
			try {
				JsonNode result = ask(step.service(), job);
				this.transactions.executeWithoutResult((tx) -> this.jobs.stepDone(tenantId, jobId, step.service(),
						JSON.writeValueAsString(result), this.clock.instant()));
			}
			catch (RuntimeException ex) {
				failed = true;
				log.warn("Privacy job {} ({}): {} failed: {}", jobId, job.kind().value(), step.service(),
						ex.toString());
				this.transactions
					.executeWithoutResult((tx) -> this.jobs.stepFailed(tenantId, jobId, step.service(), describe(ex)));
				if (job.kind() == PrivacyJob.Kind.ERASURE) {
					break;
				}
			}
		}
		if (failed) {
			Instant next = this.clock.instant().plus(backoff(job.attempts()));
			this.transactions.executeWithoutResult((tx) -> this.jobs.retryAt(tenantId, jobId, next));
		}
		else {
			this.transactions.executeWithoutResult((tx) -> complete(job, steps(job)));
		}
		return true;
	}

	private List<PrivacyJob.Step> steps(PrivacyJob job) {
		return Objects.requireNonNull(this.transactions.execute((tx) -> this.jobs.steps(job.tenantId(), job.id())));
	}

	private JsonNode ask(String service, PrivacyJob job) {
		DataSubject subject = new DataSubject(job.tenantId(), job.subjectId(), job.identifiers());
		if (PrivacyPeers.SELF.equals(service)) {
			Object answer = (job.kind() == PrivacyJob.Kind.EXPORT) ? this.local.export(subject)
					: this.local.erase(subject, job.tombstoneId());
			return JSON.valueToTree(answer);
		}
		return (job.kind() == PrivacyJob.Kind.EXPORT)
				? this.peers.export(service, job.tenantId(), job.subjectId(), job.identifiers())
				: this.peers.erase(service, job.tenantId(), job.subjectId(), job.tombstoneId(), job.identifiers());
	}

	private void complete(PrivacyJob job, List<PrivacyJob.Step> steps) {
		Instant now = this.clock.instant();
		Map<String, JsonNode> results = new LinkedHashMap<>();
		steps.forEach((step) -> results.put(step.service(), JSON.readTree(Objects.requireNonNull(step.result()))));
		if (job.kind() == PrivacyJob.Kind.EXPORT) {
			ExportArchive.Built archive = ExportArchive.build(job, results, now);
			Instant expiresAt = now.plus(this.properties.archiveTtl());
			this.jobs.complete(job.tenantId(), job.id(), archive.bytes(), archive.sha256(), expiresAt, now);
			this.jobs.forgetAnswers(job.tenantId(), job.id());
			this.audit.record("privacy.export_completed", "user", job.subjectId(),
					Map.of("jobId", job.id(), "services", results.keySet(), "sha256", archive.sha256()),
					job.requestedBy());
		}
		else {
			this.jobs.complete(job.tenantId(), job.id(), null, null, null, now);
			this.audit.record("privacy.erasure_completed", "user", job.subjectId(),
					Map.of("jobId", job.id(), "tombstoneId", job.tombstoneId(), "erased", results), job.requestedBy());
		}
	}

	private Duration backoff(int attempts) {
		Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(attempts, 16));
		return (wait.compareTo(this.properties.maxBackoff()) > 0) ? this.properties.maxBackoff() : wait;
	}

	private static String describe(RuntimeException ex) {
		String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
		return (message.length() > 500) ? message.substring(0, 500) : message;
	}

}
