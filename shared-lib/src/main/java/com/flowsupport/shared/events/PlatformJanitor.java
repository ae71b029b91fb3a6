package com.flowsupport.shared.events;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;

/**
 * Prunes what has outlived its purpose: relayed outbox events, inbox entries, idempotency
 * keys.
 */
class PlatformJanitor extends PollingWorker {

	private static final Logger log = LoggerFactory.getLogger(PlatformJanitor.class);

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final EventsProperties properties;

	private final Duration idempotencyTtl;

	private final CallerIdentity platform;

	PlatformJanitor(JdbcTemplate jdbc, TransactionTemplate transactions, EventsProperties properties,
			Duration idempotencyTtl, String service) {
		super("platform-janitor", properties.retentionInterval());
		this.jdbc = jdbc;
		this.transactions = transactions;
		this.properties = properties;
		this.idempotencyTtl = idempotencyTtl;
		this.platform = CallerIdentity.platform(service);
	}

	@Override
	protected boolean runCycle() {
		Tenancy.runAs(this.platform, () -> this.transactions.executeWithoutResult((tx) -> {
			Instant now = Instant.now();
			int outbox = this.jdbc.update("DELETE FROM outbox_event WHERE published_at IS NOT NULL AND occurred_at < ?",
					Timestamp.from(now.minus(this.properties.outboxRetention())));
			int inbox = this.jdbc.update("DELETE FROM inbox_event WHERE processed_at < ?",
					Timestamp.from(now.minus(this.properties.inboxRetention())));
			int keys = this.jdbc.update("DELETE FROM idempotency_key WHERE created_at < ?",
					Timestamp.from(now.minus(this.idempotencyTtl)));
			if (outbox + inbox + keys > 0) {
				log.info("Pruned {} outbox events, {} inbox entries, {} idempotency keys", outbox, inbox, keys);
			}
		}));
		return false;
	}

}
