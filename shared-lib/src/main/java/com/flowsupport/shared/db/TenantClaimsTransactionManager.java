package com.flowsupport.shared.db;

import jakarta.persistence.EntityManager;
import org.hibernate.Session;

import org.springframework.orm.jpa.EntityManagerHolder;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The service's only transaction manager: every transaction it begins, JPA or JDBC code
 * alike, first sets the caller's claims transaction-locally, before any statement of the
 * caller runs. Nothing for a developer to remember, and nothing that outlives the
 * transaction on a pooled connection.
 */
public class TenantClaimsTransactionManager extends JpaTransactionManager {

	@Override
	protected void doBegin(Object transaction, TransactionDefinition definition) {
		super.doBegin(transaction, definition);
		EntityManagerHolder holder = (EntityManagerHolder) TransactionSynchronizationManager
			.getResource(obtainEntityManagerFactory());
		EntityManager entityManager = holder.getEntityManager();
		try {
			entityManager.unwrap(Session.class).doWork(DatabaseClaims::applyCurrent);
		}
		catch (RuntimeException ex) {
			try {
				entityManager.getTransaction().rollback();
			}
			finally {
				doCleanupAfterCompletion(transaction);
			}
			throw new CannotCreateTransactionException("Could not hand the caller's claims to the database", ex);
		}
	}

}
