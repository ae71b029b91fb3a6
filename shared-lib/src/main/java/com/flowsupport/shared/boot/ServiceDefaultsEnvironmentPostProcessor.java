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
 * Flyway confined to the schema, Hibernate validating (never generating) it, and JSON log
 * lines. Added last, so any explicit setting wins; except for the migration job's
 * settings ({@code flowsupport.db.migrate-only}, see
 * {@link MigrateOnlyAutoConfiguration}), which win over everything.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	static final String DEFAULTS = "config/flowsupport-defaults.properties";

	static final String LOG_FORMAT = "flowsupport.logging.format";

	/** A migration job's process migrates, whatever the pods' settings say. */
	private static final Map<String, Object> MIGRATE_ONLY = Map.of("spring.flyway.enabled", "true");

	private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		String schema = environment.getProperty("flowsupport.db.schema");
		boolean owner = schema != null && !schema.isBlank();
		if (owner) {
			if (!IDENTIFIER.matcher(schema).matches()) {
				throw new IllegalArgumentException("flowsupport.db.schema must be a plain lower-case identifier");
			}
			environment.getPropertySources()
				.addLast(new MapPropertySource("flowsupportSchemaDefaults", schemaDefaults(schema)));
		}
		if (environment.getProperty(MigrateOnlyAutoConfiguration.PROPERTY, Boolean.class, false)) {
			if (!owner) {
				throw new IllegalArgumentException(
						MigrateOnlyAutoConfiguration.PROPERTY + " needs a service that owns a schema");
			}
			// Above everything: a pod template that skips migrations must not keep the
			// job from
			// running them.
			environment.getPropertySources().addFirst(new MapPropertySource("flowsupportMigrateOnly", MIGRATE_ONLY));
		}
		environment.getPropertySources().addLast(new MapPropertySource("flowsupportLogging", logging(environment)));
		try {
			environment.getPropertySources()
				.addLast(new ResourcePropertySource("flowsupportDefaults", new ClassPathResource(DEFAULTS)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * JSON lines in Elastic Common Schema (trace, span and tenant ids as fields) unless
	 * {@code flowsupport.logging.format} is {@code text}: Boot's console pattern, with
	 * the same ids in brackets, for reading on a developer's terminal.
	 */
	private static Map<String, Object> logging(ConfigurableEnvironment environment) {
		String format = environment.getProperty(LOG_FORMAT, "json");
		return switch (format) {
			case "json" -> Map.of("logging.structured.format.console", "ecs");
			case "text" -> Map.of();
			default -> throw new IllegalArgumentException(LOG_FORMAT + " must be json or text, not " + format);
		};
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
