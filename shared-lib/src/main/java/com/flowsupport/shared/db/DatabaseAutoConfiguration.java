package com.flowsupport.shared.db;

import jakarta.persistence.EntityManagerFactory;
import org.flywaydb.core.Flyway;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.transaction.autoconfigure.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Row-level security wiring for every service that owns a schema: the transaction manager
 * that hands each transaction the caller's claims, and startup migrations (bootstrap,
 * platform tables, service tables).
 */
@AutoConfiguration(before = HibernateJpaAutoConfiguration.class)
@ConditionalOnClass({ EntityManagerFactory.class, Flyway.class })
@ConditionalOnProperty("flowsupport.db.schema")
@EnableConfigurationProperties(DatabaseProperties.class)
public class DatabaseAutoConfiguration {

	@Bean
	PlatformTransactionManager transactionManager(ObjectProvider<TransactionManagerCustomizers> customizers) {
		TenantClaimsTransactionManager transactionManager = new TenantClaimsTransactionManager();
		customizers.ifAvailable((customizer) -> customizer.customize(transactionManager));
		return transactionManager;
	}

	@Bean
	FlywayMigrationStrategy flowSupportMigrationStrategy(DatabaseProperties database, FlywayProperties flyway,
			DataSourceProperties dataSource) {
		return new FlowSupportMigrationStrategy(database, flyway, dataSource);
	}

}
