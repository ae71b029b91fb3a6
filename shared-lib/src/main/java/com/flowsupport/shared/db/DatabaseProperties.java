package com.flowsupport.shared.db;

import java.util.List;
import java.util.regex.Pattern;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The service's database layout. The owner role (which runs Flyway) and the runtime role
 * are those of {@code spring.flyway.user} and {@code spring.datasource.username}.
 *
 * @param schema the one schema this service owns
 * @param extensions extensions the service needs, created in schema {@code extensions}
 * @param bootstrap administrator credentials to create roles and schema at startup (local
 * runs and tests; production runs the bootstrap once per release instead)
 */
@Validated
@ConfigurationProperties("flowsupport.db")
public record DatabaseProperties(@NotBlank String schema, @DefaultValue List<String> extensions,
		@Valid @NotNull @DefaultValue Bootstrap bootstrap) {

	static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,62}");

	public DatabaseProperties {
		requireIdentifier(schema);
		extensions.forEach(DatabaseProperties::requireIdentifier);
	}

	static String requireIdentifier(String name) {
		if (!IDENTIFIER.matcher(name).matches()) {
			throw new IllegalArgumentException("Not a plain lower-case SQL identifier: " + name);
		}
		return name;
	}

	public record Bootstrap(@DefaultValue("false") boolean enabled, @Nullable String adminUrl,
			@Nullable String adminUsername, @Nullable String adminPassword) {
	}

}
