package com.flowsupport.ticket.sla;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.db.SqlValues;

/**
 * Finds tickets past an SLA due time and marks them breached, every
 * {@code flowsupport.ticket.sla.scan-interval}. The search spans tenants as the platform
 * identity, which row-level security lets read only unbreached open tickets; each mark is
 * written as the ticket's tenant. Any number of instances may scan at once: a ticket is
 * marked by a conditional update of a row no one else holds, so it is marked, audited and
 * announced exactly once.
 */
@Component
class BreachScan implements SchedulingConfigurer {

	private static final String SERVICE = "ticket-service";

	private final JdbcClient jdbc;

	private final TransactionTemplate reads;

	private final TransactionTemplate writes;

	private final SlaBreaches breaches;

	private final Clock clock;

	private final SlaProperties properties;

	BreachScan(JdbcClient jdbc, PlatformTransactionManager transactions, SlaBreaches breaches, Clock clock,
			SlaProperties properties) {
		this.jdbc = jdbc;
		this.reads = new TransactionTemplate(transactions);
		this.reads.setReadOnly(true);
		this.writes = new TransactionTemplate(transactions);
		this.breaches = breaches;
		this.clock = clock;
		this.properties = properties;
	}

	private record Overdue(UUID tenantId, UUID ticketId) {
	}

	@Override
	public void configureTasks(ScheduledTaskRegistrar registrar) {
		registrar.addFixedDelayTask(this::scan, this.properties.scanInterval());
	}

	/**
	 * Marks every ticket overdue now, in rounds of the batch size, oldest due time first.
	 * @return how many tickets this call marked
	 */
	int scan() {
		int marked = 0;
		while (true) {
			Instant now = this.clock.instant();
			List<Overdue> overdue = Objects.requireNonNullElse(Tenancy.callAs(CallerIdentity.platform(SERVICE),
					() -> this.reads.execute((status) -> overdue(now))), List.of());
			int markedNow = 0;
			for (Overdue ticket : overdue) {
				boolean mine = Tenancy
					.callAs(CallerIdentity.service(ticket.tenantId(), SERVICE), () -> Boolean.TRUE.equals(this.writes
						.execute((status) -> this.breaches.markIfOverdue(ticket.tenantId(), ticket.ticketId(), now))));
				markedNow += mine ? 1 : 0;
			}
			marked += markedNow;
			// A short round means nothing else is due; a round of only skipped rows means
			// others hold them, and the next scan will see how they ended.
			if (overdue.size() < this.properties.scanBatchSize() || markedNow == 0) {
				return marked;
			}
		}
	}

	private List<Overdue> overdue(Instant now) {
		// Written to match ticket_sla_due_idx: its expression and its partial predicate.
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM ticket
				WHERE least(first_reply_due_at, next_reply_due_at, resolution_due_at) <= ?
					AND sla_breached_at IS NULL AND status NOT IN ('solved', 'closed')
				ORDER BY least(first_reply_due_at, next_reply_due_at, resolution_due_at)
				LIMIT ?""")
			.params(SqlValues.time(now), this.properties.scanBatchSize())
			.query((rs, row) -> new Overdue(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class)))
			.list();
	}

}
