package com.flowsupport.e2e.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of the fault suite's own, in a temporary directory on a free port,
 * which the suite may stop as a crash would ({@code pg_ctl -m immediate}) and start
 * again, without disturbing the shared server other builds use. Its binaries come from
 * {@code FLOWSUPPORT_PG_BINDIR}, else {@code pg_config --bindir}; the installation needs
 * the {@code vector} and {@code pg_trgm} extensions. As root (which PostgreSQL refuses)
 * the cluster runs as the {@code postgres} user.
 */
final class PrivatePostgres {

	static final String DATABASE = "flowsupport";

	static final String ADMIN = "postgres";

	private final Path binaries;

	private final Path directory;

	private final int port;

	private PrivatePostgres(Path binaries, Path directory, int port) {
		this.binaries = binaries;
		this.directory = directory;
		this.port = port;
	}

	/** Creates the cluster and its database, and starts it. */
	static PrivatePostgres create(int port) {
		Path binaries = binaries();
		// Server packages do not always ship pg_config next to the server: then the one
		// on the PATH.
		String pgConfig = Files.isExecutable(binaries.resolve("pg_config")) ? binaries.resolve("pg_config").toString()
				: "pg_config";
		Path extensions = Path.of(output(List.of(pgConfig, "--sharedir")).strip(), "extension");
		for (String extension : List.of("vector", "pg_trgm")) {
			if (!Files.isRegularFile(extensions.resolve(extension + ".control"))) {
				throw new IllegalStateException("The PostgreSQL installation in " + binaries + " lacks the " + extension
						+ " extension: install pgvector (see DESIGN.md §7) and postgresql-contrib");
			}
		}
		try {
			Path directory = Files.createTempDirectory("flowsupport-faults-pg");
			PrivatePostgres postgres = new PrivatePostgres(binaries, directory, port);
			if (runningAsRoot()) {
				run(List.of("chown", "-R", ADMIN, directory.toString()));
			}
			postgres
				.pg(List.of("initdb", "-D", postgres.data(), "-U", ADMIN, "-A", "trust", "-E", "UTF8", "--no-sync"));
			postgres.start();
			try (Connection admin = DriverManager.getConnection(postgres.url("postgres"), ADMIN, "")) {
				admin.createStatement().execute("CREATE DATABASE " + DATABASE);
			}
			Runtime.getRuntime().addShutdownHook(new Thread(postgres::destroy, "stop-fault-postgres"));
			return postgres;
		}
		catch (IOException | SQLException ex) {
			throw new IllegalStateException("Cannot create the fault suite's PostgreSQL cluster", ex);
		}
	}

	String jdbcUrl() {
		return url(DATABASE);
	}

	/**
	 * A superuser connection to the platform's database (bypasses row-level security).
	 */
	Connection admin() throws SQLException {
		return DriverManager.getConnection(jdbcUrl(), ADMIN, "");
	}

	/** Starts the cluster and waits until it accepts connections. */
	void start() {
		pg(List.of("pg_ctl", "-D", data(), "-l", this.directory.resolve("postgres.log").toString(), "-w", "-t", "60",
				"-o", "-p " + this.port + " -k " + this.directory + " -c listen_addresses=127.0.0.1"
						+ " -c max_connections=200 -c fsync=off",
				"start"));
	}

	/**
	 * Stops the cluster without a checkpoint, as a crash would: open connections break
	 * and the next start replays the WAL.
	 */
	void crash() {
		pg(List.of("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop"));
	}

	private void destroy() {
		try {
			pg(List.of("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop"));
		}
		catch (IllegalStateException ex) {
			// already stopped
		}
		run(List.of("rm", "-rf", this.directory.toString()));
	}

	private String url(String database) {
		return "jdbc:postgresql://127.0.0.1:" + this.port + "/" + database;
	}

	private String data() {
		return this.directory.resolve("data").toString();
	}

	private void pg(List<String> command) {
		List<String> full = new ArrayList<>();
		if (runningAsRoot()) {
			full.addAll(List.of("runuser", "-u", ADMIN, "--"));
		}
		full.add(this.binaries.resolve(command.get(0)).toString());
		full.addAll(command.subList(1, command.size()));
		run(full);
	}

	private static Path binaries() {
		String configured = System.getenv("FLOWSUPPORT_PG_BINDIR");
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		try {
			return Path.of(output(List.of("pg_config", "--bindir")).strip());
		}
		catch (IllegalStateException ex) {
			throw new IllegalStateException(
					"The fault suite starts a PostgreSQL cluster of its own and needs the server binaries "
							+ "(initdb, pg_ctl; e.g. apt-get install postgresql-15 postgresql-server-dev-15): "
							+ "put pg_config on the PATH or set FLOWSUPPORT_PG_BINDIR",
					ex);
		}
	}

	private static boolean runningAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private static void run(List<String> command) {
		output(command);
	}

	private static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(Duration.ofMinutes(2).toSeconds(), TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
			}
			return output;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
