package com.flowsupport.shared.db;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import org.flywaydb.core.Flyway;

import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.flyway.autoconfigure.FlywayProperties;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;

/**
 * Brings the schema up to date at startup, in order: the administrator bootstrap (when
 * enabled), shared-lib's platform tables (outbox, inbox, idempotency keys) under their
 * own history table, then the service's own migrations.
 */
class FlowSupportMigrationStrategy implements FlywayMigrationStrategy {

	static final String PLATFORM_HISTORY_TABLE = "flyway_platform_history";

	private final DatabaseProperties database;

	private final FlywayProperties flyway;

	private final DataSourceProperties dataSource;

	FlowSupportMigrationStrategy(DatabaseProperties database, FlywayProperties flyway,
			DataSourceProperties dataSource) {
		this.database = database;
		this.flyway = flyway;
		this.dataSource = dataSource;
	}

	@Override
	public void migrate(Flyway serviceFlyway) {
		if (this.database.bootstrap().enabled()) {
			bootstrap();
		}
		// Two histories share the schema; each starts from a baseline at version 0 when
		// it finds the
		// other's tables already there, so every one of its own migrations still runs.
		Flyway.configure(getClass().getClassLoader())
			.configuration(serviceFlyway.getConfiguration())
			.locations("classpath:db/platform")
			.table(PLATFORM_HISTORY_TABLE)
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		Flyway.configure(getClass().getClassLoader())
			.configuration(serviceFlyway.getConfiguration())
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		revokeHistoryFromRuntimeRole(serviceFlyway);
	}

	/**
	 * Default privileges hand every table of the schema to the runtime role; the
	 * migration histories are the owner's alone.
	 */
	private void revokeHistoryFromRuntimeRole(Flyway serviceFlyway) {
		String app = DatabaseProperties.requireIdentifier(Objects.requireNonNull(this.dataSource.getUsername()));
		String schema = this.database.schema();
		try (Connection connection = serviceFlyway.getConfiguration().getDataSource().getConnection();
				Statement statement = connection.createStatement()) {
			for (String table : new String[] { serviceFlyway.getConfiguration().getTable(), PLATFORM_HISTORY_TABLE }) {
				statement.execute("REVOKE ALL ON TABLE " + schema + "." + DatabaseProperties.requireIdentifier(table)
						+ " FROM " + app);
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not restrict the migration history tables", ex);
		}
	}

	private void bootstrap() {
		DatabaseProperties.Bootstrap admin = this.database.bootstrap();
		String url = Objects.requireNonNullElse(admin.adminUrl(), this.dataSource.determineUrl());
		String owner = Objects.requireNonNull(this.flyway.getUser(), "spring.flyway.user names the owner role");
		String app = Objects.requireNonNull(this.dataSource.getUsername(),
				"spring.datasource.username names the runtime role");
		var layout = new DatabaseBootstrap.ServiceLayout(this.database.schema(), owner, this.flyway.getPassword(), app,
				this.dataSource.getPassword(), this.database.extensions());
		try (Connection connection = DriverManager.getConnection(url, admin.adminUsername(), admin.adminPassword())) {
			DatabaseBootstrap.run(connection, layout);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Database bootstrap failed for schema " + this.database.schema(), ex);
		}
	}

}
