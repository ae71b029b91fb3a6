package com.flowsupport.shared.db;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Derives the house defaults of a service from its schema name, so every service is wired
 * the same way and none repeats it: the runtime role {@code <schema>_app} for the pool,
 * the owner role {@code <schema>_owner} for Flyway, Flyway confined to the schema,
 * Hibernate validating (never generating) the schema, no open session in view. Added
 * last, so any explicit setting wins.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String SOURCE_NAME = "flowsupportServiceDefaults";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String schema = environment.getProperty("flowsupport.db.schema");
		if (schema == null || schema.isBlank()) {
			return;
		}
		DatabaseProperties.requireIdentifier(schema);
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.datasource.username", schema + "_app");
		defaults.put("spring.flyway.user", schema + "_owner");
		defaults.put("spring.flyway.schemas", schema);
		defaults.put("spring.flyway.default-schema", schema);
		defaults.put("spring.flyway.create-schemas", "false");
		defaults.put("spring.jpa.open-in-view", "false");
		defaults.put("spring.jpa.hibernate.ddl-auto", "validate");
		defaults.put("spring.jpa.properties.hibernate.default_schema", schema);
		environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, defaults));
	}

}
