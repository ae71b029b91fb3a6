package com.flowsupport.shared.test;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Points a service's test context at this run's Postgres database and Redis, with the
 * service bootstrapping its own roles and schema as it does on a developer machine, at
 * the test JWKS issuer, and at a master key of this run's own. Used through
 * {@link ServiceIntegrationTest}.
 */
public class FlowSupportTestInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/**
	 * Password of the service roles: the local default (flowsupport-defaults.properties),
	 * so a test run never changes a password that a stack started with {@code make run}
	 * relies on.
	 */
	public static final String ROLE_PASSWORD = "flowsupport-dev";

	/** Secrets encrypted by one run mean nothing to another. */
	private static final String MASTER_KEY = newMasterKey();

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		TestInfrastructure infrastructure = TestInfrastructure.get();
		Map<String, Object> properties = new LinkedHashMap<>(TestJwtIssuer.get().properties());
		properties.put("spring.data.redis.url", infrastructure.redisUrl());
		properties.put("flowsupport.redis.key-prefix", infrastructure.keyPrefix());
		properties.put("flowsupport.crypto.master-key", MASTER_KEY);
		if (environment.containsProperty("flowsupport.db.schema")) {
			properties.put("spring.datasource.url", infrastructure.jdbcUrl());
			properties.put("flowsupport.db.bootstrap.enabled", "true");
			properties.put("flowsupport.db.bootstrap.admin-url", infrastructure.jdbcUrl());
			properties.put("flowsupport.db.bootstrap.admin-username", infrastructure.adminUser());
			properties.put("flowsupport.db.bootstrap.admin-password", infrastructure.adminPassword());
		}
		environment.getPropertySources().addFirst(new MapPropertySource("flowsupportTestInfrastructure", properties));
	}

	private static String newMasterKey() {
		byte[] key = new byte[32];
		new SecureRandom().nextBytes(key);
		return Base64.getEncoder().encodeToString(key);
	}

}
