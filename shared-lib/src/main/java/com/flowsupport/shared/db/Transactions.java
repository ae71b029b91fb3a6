package com.flowsupport.shared.db;

import java.util.Objects;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Transactions of their own. Work that must commit or fail apart from its caller's (one
 * item of a bulk request, a budget counted even when the answer fails, an embedding
 * stored while the sweep goes on) runs in one: otherwise a refused item inside a request
 * that already has a transaction (an {@code Idempotency-Key} runs the whole request in
 * one) marks that transaction rollback-only, and the request fails as a whole.
 */
public final class Transactions {

	private Transactions() {
	}

	/** A template whose every run is a new transaction, suspending the caller's. */
	public static TransactionTemplate ownTransaction(PlatformTransactionManager manager) {
		TransactionTemplate template = new TransactionTemplate(manager);
		template.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
		return template;
	}

	/** The same, on the transaction manager of {@code template}. */
	public static TransactionTemplate ownTransaction(TransactionTemplate template) {
		return ownTransaction(Objects.requireNonNull(template.getTransactionManager()));
	}

}
