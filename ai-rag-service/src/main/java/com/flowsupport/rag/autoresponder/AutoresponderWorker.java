package com.flowsupport.rag.autoresponder;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.client.HttpClientErrorException;

import com.flowsupport.rag.peer.PeerUnavailableException;
import com.flowsupport.shared.events.PollingWorker;
import com.flowsupport.shared.observability.TraceContexts;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Works the autoresponder's jobs on its own thread: woken when an event adds one, and
 * polling otherwise (jobs of other instances, retries, leases that ran out). Jobs are
 * found as the platform identity and each is taken and done as its tenant. A job whose
 * peers are down is retried with backoff; after the last attempt the ticket is handed to
 * humans untouched — the bot is an extra, never a reason for a ticket to wait.
 */
@Component
class AutoresponderWorker extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(AutoresponderWorker.class);

	static final String SERVICE = "ai-rag-service";

	static final int BATCH = 20;

	private final AutoresponderJobs jobs;

	private final Autoresponder autoresponder;

	private final AutoresponderProperties properties;

	private final TransactionTemplate transactions;

	private final TraceContexts traces;

	private final Clock clock;

	AutoresponderWorker(AutoresponderJobs jobs, Autoresponder autoresponder, AutoresponderProperties properties,
			PlatformTransactionManager transactions, TraceContexts traces, Clock clock) {
		super("ai-autoresponder", properties.idleWait());
		this.jobs = jobs;
		this.traces = traces;
		this.autoresponder = autoresponder;
		this.properties = properties;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@Override
	public synchronized void start() {
		if (this.properties.enabled()) {
			super.start();
		}
	}

	@Override
	protected boolean runCycle() {
		return runOnce() > 0;
	}

	/** Does the jobs due now; returns how many it took. */
	int runOnce() {
		Instant now = this.clock.instant();
		List<AutoresponderJobs.Due> due = Objects.requireNonNullElse(Tenancy.callAs(CallerIdentity.platform(SERVICE),
				() -> this.transactions.execute((status) -> this.jobs.due(now, BATCH))), List.of());
		int taken = 0;
		for (AutoresponderJobs.Due job : due) {
			taken += Tenancy.callAs(CallerIdentity.service(job.tenantId(), SERVICE), () -> take(job)) ? 1 : 0;
		}
		return taken;
	}

	/** Takes a due job and does it; false when another worker had taken it. */
	private boolean take(AutoresponderJobs.Due due) {
		AutoresponderJobs.Job job = this.transactions
			.execute((status) -> this.jobs.take(due.tenantId(), due.id(), this.clock.instant(), this.properties.lease())
				.orElse(null));
		if (job == null) {
			return false;
		}
		this.traces.runJob(job.traceparent(), "autoresponder " + job.kind(), job.tenantId(), () -> work(job));
		return true;
	}

	/** Does a job taken: in the trace of the event that queued it. */
	private void work(AutoresponderJobs.Job job) {
		String outcome;
		try {
			outcome = this.autoresponder.run(job);
		}
		catch (HttpClientErrorException ex) {
			// ticket-service refused the write (the ticket is gone, merged, closed):
			// doing it
			// again would not help.
			log.warn("Autoresponder job {} for ticket {} refused by ticket-service: {}", job.id(), job.ticketId(),
					ex.getMessage());
			outcome = "refused_" + ex.getStatusCode().value();
		}
		catch (PeerUnavailableException ex) {
			if (job.attempts() < this.properties.maxAttempts()) {
				Instant retry = this.clock.instant()
					.plus(this.properties.retryBackoff().multipliedBy(1L << Math.min(job.attempts() - 1, 10)));
				log.warn("Autoresponder job {} for ticket {} failed (attempt {}), retrying at {}: {}", job.id(),
						job.ticketId(), job.attempts(), retry, ex.getMessage());
				this.transactions
					.executeWithoutResult((status) -> this.jobs.retryAt(job.tenantId(), job.id(), retry, "retrying"));
				return;
			}
			log.error("Autoresponder job {} for ticket {} gave up after {} attempts; the ticket stays with humans",
					job.id(), job.ticketId(), job.attempts(), ex);
			outcome = "gave_up";
		}
		log.info("Autoresponder job {} ({}) for ticket {}: {}", job.id(), job.kind(), job.ticketId(), outcome);
		String finished = outcome;
		this.transactions.executeWithoutResult(
				(status) -> this.jobs.finish(job.tenantId(), job.id(), finished, this.clock.instant()));
	}

	@Override
	public int getPhase() {
		// Stops before the event consumers and the data source go.
		return Integer.MAX_VALUE - 100;
	}

}
