package com.flowsupport.ticket.privacy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.audit.AdminAudit;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Deletes closed tickets past their tenant's retention period, every
 * {@code flowsupport.ticket.retention.interval}. Tenants with a policy are found as the
 * platform identity (row-level security shows it nothing else); each tenant's tickets are
 * deleted as that tenant, in transactions of at most the batch size, so a large backlog
 * never holds locks for long. Several instances may run at once: a ticket one of them
 * deleted is simply not found by the others. Each deleted ticket is announced
 * ({@code ticket.deleted}), so that the services holding what was derived from it drop
 * that too, and each batch is recorded in the tenant's audit log, in the transaction that
 * deletes it.
 */
@Component
class RetentionJob implements SchedulingConfigurer {

	private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);

	private static final String SERVICE = "ticket-service";

	private final RetentionPolicies policies;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final RetentionProperties properties;

	private final EventPublisher events;

	private final AdminAudit audit;

	RetentionJob(RetentionPolicies policies, PlatformTransactionManager transactions, Clock clock,
			RetentionProperties properties, EventPublisher events, AdminAudit audit) {
		this.policies = policies;
		this.events = events;
		this.audit = audit;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
		this.properties = properties;
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::run, this.properties.interval());
	}

	/**
	 * Deletes every expired closed ticket of every tenant.
	 * @return how many tickets were deleted
	 */
	int run() {
		Instant now = this.clock.instant();
		List<RetentionPolicies.Expiring> tenants = Objects.requireNonNull(Tenancy.callAs(
				CallerIdentity.platform(SERVICE), () -> this.transactions.execute((tx) -> this.policies.expiring())));
		int deleted = 0;
		for (RetentionPolicies.Expiring tenant : tenants) {
			Instant cutoff = now.minus(Duration.ofDays(tenant.closedTicketsDays()));
			int batch;
			do {
				batch = Objects.requireNonNull(Tenancy.callAs(CallerIdentity.service(tenant.tenantId(), SERVICE),
						() -> this.transactions.execute((tx) -> deleteBatch(tenant, cutoff))));
				deleted += batch;
			}
			while (batch == this.properties.batchSize());
		}
		if (deleted > 0) {
			log.info("Retention deleted {} closed tickets", deleted);
		}
		return deleted;
	}

	private int deleteBatch(RetentionPolicies.Expiring tenant, Instant cutoff) {
		List<RetentionPolicies.Deleted> deleted = this.policies.delete(tenant.tenantId(),
				this.policies.closedBefore(tenant.tenantId(), cutoff, this.properties.batchSize()));
		if (deleted.isEmpty()) {
			return 0;
		}
		for (RetentionPolicies.Deleted ticket : deleted) {
			this.events.publish(EventTypes.TICKET_DELETED,
					Map.of("ticketId", ticket.id(), "ticketNumber", ticket.number(), "reason", "retention"));
		}
		this.audit.record("ticket.retention_deleted", "ticket", null,
				Map.of("tickets", deleted.stream().map((ticket) -> ticket.id().toString()).toList(), "numbers",
						deleted.stream().map(RetentionPolicies.Deleted::number).toList(), "closedBefore",
						cutoff.toString(), "closedTicketsDays", tenant.closedTicketsDays()));
		return deleted.size();
	}

}
