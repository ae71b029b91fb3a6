package com.flowsupport.rag.answer;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.db.Transactions;

/**
 * Counts each tenant's language-model calls per UTC day, so that one tenant's traffic
 * cannot run up the provider's bill: a call is taken from the day's budget before it is
 * made, in its own short transaction, and past the budget answers are extractive.
 */
@Component
class LlmBudget {

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final Clock clock;

	LlmBudget(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock) {
		this.jdbc = jdbc;
		this.transactions = Transactions.ownTransaction(transactions);
		this.clock = clock;
	}

	/** Takes one call from today's budget of the tenant; false when it is spent. */
	boolean take(UUID tenantId, int dailyBudget) {
		if (dailyBudget <= 0) {
			return false;
		}
		LocalDate today = LocalDate.ofInstant(this.clock.instant(), ZoneOffset.UTC);
		Integer taken = this.transactions.execute((status) -> this.jdbc.sql("""
				INSERT INTO llm_usage (tenant_id, day, calls) VALUES (?, ?, 1)
				ON CONFLICT (tenant_id, day) DO UPDATE SET calls = llm_usage.calls + 1
				WHERE llm_usage.calls < ?""").params(SqlValues.uuid(tenantId), today, dailyBudget).update());
		return taken != null && taken == 1;
	}

}
