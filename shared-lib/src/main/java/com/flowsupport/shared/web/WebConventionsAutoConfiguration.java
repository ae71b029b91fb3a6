package com.flowsupport.shared.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * HTTP conventions of every servlet service: the client's address as the gateway saw it,
 * RFC 9457 problems for every failure, and {@code Idempotency-Key} on creating requests
 * of services that own a schema.
 */
@AutoConfiguration(afterName = { "com.flowsupport.shared.db.DatabaseAutoConfiguration",
		"org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration" })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ IdempotencyProperties.class, ClientAddressProperties.class })
public class WebConventionsAutoConfiguration {

	/**
	 * Runs after Spring Security (order -100), which establishes the caller the key is
	 * scoped to.
	 */
	static final int IDEMPOTENCY_FILTER_ORDER = 0;

	/** First of all, so that every later filter and handler sees the same client. */
	@Bean
	FilterRegistrationBean<ClientAddressFilter> clientAddressFilter(ClientAddressProperties properties) {
		FilterRegistrationBean<ClientAddressFilter> registration = new FilterRegistrationBean<>(
				new ClientAddressFilter(AddressBlocks.parse(properties.trustedProxies())));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	ProblemDetailsAdvice problemDetailsAdvice() {
		return new ProblemDetailsAdvice();
	}

	/**
	 * Around the idempotency filter, whose transaction may be the first to need the
	 * database.
	 */
	@Bean
	@ConditionalOnProperty("flowsupport.db.schema")
	FilterRegistrationBean<DatabaseUnavailable> databaseUnavailableFilter() {
		FilterRegistrationBean<DatabaseUnavailable> registration = new FilterRegistrationBean<>(
				new DatabaseUnavailable());
		registration.setOrder(IDEMPOTENCY_FILTER_ORDER - 1);
		return registration;
	}

	@Bean
	@ConditionalOnProperty("flowsupport.db.schema")
	@ConditionalOnBean({ TransactionTemplate.class, JdbcTemplate.class })
	FilterRegistrationBean<IdempotencyFilter> idempotencyFilter(TransactionTemplate transactions, JdbcTemplate jdbc,
			IdempotencyProperties properties) {
		FilterRegistrationBean<IdempotencyFilter> registration = new FilterRegistrationBean<>(
				new IdempotencyFilter(transactions, jdbc, properties.ttl()));
		registration.setOrder(IDEMPOTENCY_FILTER_ORDER);
		return registration;
	}

}
