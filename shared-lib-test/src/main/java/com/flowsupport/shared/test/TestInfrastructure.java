package com.flowsupport.shared.test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * Postgres and Redis for one test run (one JVM). When
 * {@code FLOWSUPPORT_TEST_POSTGRES_URL} / {@code FLOWSUPPORT_TEST_REDIS_URL} are set (CI
 * and the dev machines, through {@code make test}) the running servers are used;
 * otherwise Testcontainers starts pinned images. Either way the run gets a database of
 * its own, dropped at exit, and a Redis key prefix of its own, so runs never see each
 * other's data.
 */
public final class TestInfrastructure {

	public static final String POSTGRES_IMAGE = "pgvector/pgvector:0.8.0-pg17";

	public static final String REDIS_IMAGE = "redis:7.4.2-alpine";

	private static final String DATABASE_PREFIX = "flowsupport_test_";

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

	private static @Nullable TestInfrastructure instance;

	private final String adminUrl;

	private final String adminUser;

	private final String adminPassword;

	private final String database;

	private final String redisUrl;

	private final String runId;

	private TestInfrastructure() {
		this.runId = UUID.randomUUID().toString().substring(0, 8);
		String postgresUrl = System.getenv("FLOWSUPPORT_TEST_POSTGRES_URL");
		if (postgresUrl != null && !postgresUrl.isBlank()) {
			this.adminUrl = postgresUrl;
			this.adminUser = envOr("FLOWSUPPORT_TEST_POSTGRES_USER", "postgres");
			this.adminPassword = envOr("FLOWSUPPORT_TEST_POSTGRES_PASSWORD", "");
		}
		else {
			PostgreSQLContainer postgres = new PostgreSQLContainer(
					DockerImageName.parse(POSTGRES_IMAGE).asCompatibleSubstituteFor("postgres"));
			postgres.start();
			this.adminUrl = postgres.getJdbcUrl();
			this.adminUser = postgres.getUsername();
			this.adminPassword = postgres.getPassword();
		}
		String redis = System.getenv("FLOWSUPPORT_TEST_REDIS_URL");
		if (redis != null && !redis.isBlank()) {
			this.redisUrl = redis;
		}
		else {
			GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
				.withExposedPorts(6379);
			container.start();
			this.redisUrl = "redis://" + container.getHost() + ":" + container.getMappedPort(6379);
		}
		this.database = DATABASE_PREFIX + LocalDateTime.now().format(STAMP) + "_" + this.runId;
		createDatabase();
		Runtime.getRuntime().addShutdownHook(new Thread(this::dropDatabase, "drop-test-database"));
	}

	public static synchronized TestInfrastructure get() {
		if (instance == null) {
			instance = new TestInfrastructure();
		}
		return instance;
	}

	/** JDBC URL of this run's database. */
	public String jdbcUrl() {
		return withDatabase(this.adminUrl, this.database);
	}

	public String adminUser() {
		return this.adminUser;
	}

	public String adminPassword() {
		return this.adminPassword;
	}

	public String redisUrl() {
		return this.redisUrl;
	}

	/** Redis key prefix of this run. */
	public String keyPrefix() {
		return "test:" + this.runId + ":";
	}

	/** An administrator connection to this run's database. */
	public Connection adminConnection() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), this.adminUser, this.adminPassword);
	}

	/**
	 * A connection as a login role (roles have no password under the test servers' trust
	 * or equal setup).
	 */
	public Connection connectAs(String role, @Nullable String password) throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), role, password);
	}

	private void createDatabase() {
		try (Connection admin = DriverManager.getConnection(this.adminUrl, this.adminUser, this.adminPassword);
				Statement statement = admin.createStatement()) {
			dropAbandonedDatabases(statement);
			statement.execute("CREATE DATABASE " + this.database);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create the test database at " + this.adminUrl, ex);
		}
	}

	/**
	 * Runs killed before their shutdown hook leave databases behind; anything a day old
	 * goes.
	 */
	private static void dropAbandonedDatabases(Statement statement) throws SQLException {
		String cutoff = LocalDateTime.now().minusDays(1).format(STAMP);
		List<String> abandoned = new ArrayList<>();
		try (ResultSet rows = statement
			.executeQuery("SELECT datname FROM pg_database WHERE datname LIKE '" + DATABASE_PREFIX + "%'")) {
			while (rows.next()) {
				String name = rows.getString(1);
				String stamp = name.substring(DATABASE_PREFIX.length()).split("_")[0];
				if (stamp.compareTo(cutoff) < 0) {
					abandoned.add(name);
				}
			}
		}
		for (String name : abandoned) {
			statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
		}
	}

	private void dropDatabase() {
		try (Connection admin = DriverManager.getConnection(this.adminUrl, this.adminUser, this.adminPassword);
				Statement statement = admin.createStatement()) {
			statement.execute("DROP DATABASE IF EXISTS " + this.database + " WITH (FORCE)");
		}
		catch (SQLException ex) {
			System.err.println("Could not drop test database " + this.database + ": " + ex.getMessage());
		}
	}

	static String withDatabase(String url, String database) {
		int query = url.indexOf('?');
		String base = (query >= 0) ? url.substring(0, query) : url;
		String params = (query >= 0) ? url.substring(query) : "";
		return base.substring(0, base.lastIndexOf('/') + 1) + database + params;
	}

	private static String envOr(String name, String fallback) {
		String value = System.getenv(name);
		return (value == null || value.isBlank()) ? fallback : value;
	}

}
