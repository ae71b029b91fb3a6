package com.flowsupport.e2e;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Helm chart's migration Job: a packaged service started with
 * {@code --flowsupport.db.migrate-only=true} brings an empty database up to date — the
 * administrator bootstrap, shared-lib's platform tables, the service's own migrations —
 * and exits 0 without ever serving, even where the pods' settings turn Flyway off.
 */
class MigrationJobTest {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

	private static final Path ROOT = Path.of(System.getProperty("flowsupport.root", ".."));

	@Test
	void migrateOnlyMigratesAnEmptyDatabaseAndExitsWithoutServing() throws Exception {
		TestInfrastructure infrastructure = TestInfrastructure.get();
		// Named as the test databases are, so that a run killed midway leaves nothing for
		// long.
		String database = "flowsupport_test_" + STAMP.format(LocalDateTime.now()) + "_migrate_"
				+ UUID.randomUUID().toString().substring(0, 8);
		String url = onDatabase(infrastructure.jdbcUrl(), database);
		execute(infrastructure.jdbcUrl(), infrastructure, "CREATE DATABASE " + database);
		try {
			int port = freePort();
			int managementPort = freePort();
			Path log = ROOT.resolve("e2e-tests/target/e2e-logs/ticket-service-migrate.log");
			Files.createDirectories(log.getParent());
			Process process = new ProcessBuilder(
					List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx320m",
							"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar("ticket-service").toString(),
							"--flowsupport.db.migrate-only=true", "--server.port=" + port,
							"--management.server.port=" + managementPort, "--spring.datasource.url=" + url,
							// What a pod's ConfigMap says once the Job migrates: the Job
							// must migrate regardless.
							"--spring.flyway.enabled=false", "--flowsupport.db.bootstrap.enabled=true",
							"--flowsupport.db.bootstrap.admin-url=" + url,
							"--flowsupport.db.bootstrap.admin-username=" + infrastructure.adminUser(),
							"--flowsupport.db.bootstrap.admin-password=" + infrastructure.adminPassword(),
							"--spring.data.redis.url=" + infrastructure.redisUrl(),
							"--flowsupport.redis.key-prefix=" + infrastructure.keyPrefix() + "migrate:"))
				.redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.start();
			boolean exited = process.waitFor(180, TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly();
			}
			assertThat(exited).as("exited; see " + log).isTrue();
			assertThat(process.exitValue()).as("exit status; see " + log).isZero();
			assertThat(listening(port)).as("the service port").isFalse();
			assertThat(Files.readString(log)).contains("Schema ticket migrated; exiting");

			assertThat(count(url, infrastructure, "SELECT count(*) FROM ticket.flyway_schema_history WHERE success"))
				.isPositive();
			assertThat(count(url, infrastructure, "SELECT count(*) FROM ticket.flyway_platform_history WHERE success"))
				.isPositive();
			assertThat(count(url, infrastructure, "SELECT count(*) FROM pg_tables WHERE schemaname = 'ticket'"))
				.isGreaterThan(3);
		}
		finally {
			execute(infrastructure.jdbcUrl(), infrastructure, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
		}
	}

	private static Path jar(String service) {
		String version = System.getProperty("flowsupport.version", "0.1.0-SNAPSHOT");
		Path jar = ROOT.resolve(service).resolve("target").resolve(service + "-" + version + ".jar");
		assertThat(jar).as("package the services first").isRegularFile();
		return jar;
	}

	private static String onDatabase(String url, String database) {
		int query = url.indexOf('?');
		String base = (query >= 0) ? url.substring(0, query) : url;
		return base.substring(0, base.lastIndexOf('/') + 1) + database + ((query >= 0) ? url.substring(query) : "");
	}

	private static void execute(String url, TestInfrastructure infrastructure, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, infrastructure.adminUser(),
				infrastructure.adminPassword()); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static long count(String url, TestInfrastructure infrastructure, String sql) throws SQLException {
		try (Connection connection = DriverManager.getConnection(url, infrastructure.adminUser(),
				infrastructure.adminPassword());
				Statement statement = connection.createStatement();
				ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static boolean listening(int port) {
		try (Socket ignored = new Socket("127.0.0.1", port)) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
