package com.flowsupport.shared.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.core.io.ClassPathResource;

/**
 * Creates what a service needs before its first migration: the Supabase-compatible
 * platform (roles, {@code auth.*}, {@code app.*} helpers), the service's schema, its
 * owner and runtime roles, and its extensions. Idempotent and serialised with an advisory
 * lock, so replicas starting together and repeated runs are harmless. Needs an
 * administrator connection.
 */
public final class DatabaseBootstrap {

	private static final Logger log = LoggerFactory.getLogger(DatabaseBootstrap.class);

	private static final long LOCK_KEY = 0x466c6f77L;

	private DatabaseBootstrap() {
	}

	/**
	 * @param admin an administrator connection to the target database; used in one
	 * transaction
	 * @param layout schema, roles and extensions to create
	 */
	public static void run(Connection admin, ServiceLayout layout) throws SQLException {
		boolean autoCommit = admin.getAutoCommit();
		admin.setAutoCommit(false);
		try (Statement statement = admin.createStatement()) {
			statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
			statement.execute(script("platform.sql"));
			statement.execute(script("service.sql").replace("${schema}", layout.schema())
				.replace("${owner}", layout.ownerRole())
				.replace("${app}", layout.appRole()));
			for (String extension : layout.extensions()) {
				statement.execute("CREATE EXTENSION IF NOT EXISTS " + extension + " WITH SCHEMA extensions");
			}
			statement.execute(script("leakproof.sql"));
			setPassword(admin, layout.ownerRole(), layout.ownerPassword());
			setPassword(admin, layout.appRole(), layout.appPassword());
			admin.commit();
			log.info("Database bootstrap done for schema {} (owner {}, runtime {})", layout.schema(),
					layout.ownerRole(), layout.appRole());
		}
		catch (SQLException | RuntimeException ex) {
			admin.rollback();
			throw ex;
		}
		finally {
			admin.setAutoCommit(autoCommit);
		}
	}

	private static void setPassword(Connection admin, String role, @Nullable String password) throws SQLException {
		if (password == null || password.isEmpty()) {
			return;
		}
		// format(%L) quotes the literal server-side; ALTER ROLE takes no bind parameters.
		try (PreparedStatement quote = admin.prepareStatement("SELECT format('ALTER ROLE %I PASSWORD %L', ?, ?)")) {
			quote.setString(1, role);
			quote.setString(2, password);
			try (var result = quote.executeQuery(); Statement alter = admin.createStatement()) {
				result.next();
				alter.execute(result.getString(1));
			}
		}
	}

	private static String script(String name) {
		try {
			return new ClassPathResource("db/bootstrap/" + name).getContentAsString(StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * @param schema the service's schema
	 * @param ownerRole owns the schema and runs its migrations
	 * @param ownerPassword set on the owner role when given
	 * @param appRole the runtime login role
	 * @param appPassword set on the runtime role when given
	 * @param extensions created in schema {@code extensions}
	 */
	public record ServiceLayout(String schema, String ownerRole, @Nullable String ownerPassword, String appRole,
			@Nullable String appPassword, List<String> extensions) {

		public ServiceLayout {
			DatabaseProperties.requireIdentifier(schema);
			DatabaseProperties.requireIdentifier(ownerRole);
			DatabaseProperties.requireIdentifier(appRole);
			if (ownerRole.equals(appRole)) {
				// An owner can switch a table's triggers and row-level security off.
				throw new IllegalArgumentException("The runtime role " + appRole
						+ " must not be the schema's owner: set spring.datasource.username and spring.flyway.user to two roles");
			}
			extensions.forEach(DatabaseProperties::requireIdentifier);
			extensions = List.copyOf(extensions);
		}

	}

}
