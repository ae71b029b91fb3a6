package com.flowsupport.shared.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * The house defaults every service shares, so that none repeats them: where Postgres,
 * Redis and identity-service's keys are (overridable by environment), actuator probes,
 * graceful shutdown, and, derived from the service's schema name, the runtime role
 * {@code <schema>_app} for the pool, the owner role {@code <schema>_owner} for Flyway,
 * Flyway confined to the schema, and Hibernate validating (never generating) it. Added
 * last, so any explicit setting wins.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DEFAULTS = "config/flowsupport-defaults.properties";

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String schema = environment.getProperty("flowsupport.db.schema");
		if (schema != null && !schema.isBlank()) {
			if (!IDENTIFIER.matcher(schema).matches()) {
				throw new IllegalArgumentException("flowsupport.db.schema must be a plain lower-case identifier");
			}
			environment.getPropertySources()
				.addLast(new MapPropertySource("flowsupportSchemaDefaults", schemaDefaults(schema)));
		}
		try {
			environment.getPropertySources()
				.addLast(new ResourcePropertySource("flowsupportDefaults", new ClassPathResource(DEFAULTS)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static Map<String, Object> schemaDefaults(String schema) {
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("spring.datasource.username", schema + "_app");
		defaults.put("spring.flyway.user", schema + "_owner");
		defaults.put("spring.flyway.schemas", schema);
		defaults.put("spring.flyway.default-schema", schema);
		defaults.put("spring.flyway.create-schemas", "false");
		defaults.put("spring.flyway.placeholders.runtime_role", schema + "_app");
		defaults.put("spring.jpa.properties.hibernate.default_schema", schema);
		return defaults;
	}

}
