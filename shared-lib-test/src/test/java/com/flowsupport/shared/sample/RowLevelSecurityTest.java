package com.flowsupport.shared.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.flowsupport.shared.db.DatabaseBootstrap;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.RowLevelSecurityAssertions;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The tenancy guarantees, proven with raw SQL executed as the service's runtime role: the
 * database itself, not the application, keeps tenants apart.
 */
@ServiceIntegrationTest
class RowLevelSecurityTest {

	private static final String RUNTIME_ROLE = "sample_app";

	private final UUID tenantA = UUID.randomUUID();

	private final UUID tenantB = UUID.randomUUID();

	private UUID noteOfB;

	@BeforeEach
	void seedBothTenantsAsAdministrator() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			insertAsAdmin(admin, this.tenantA, "a-1");
			insertAsAdmin(admin, this.tenantA, "a-2");
			this.noteOfB = insertAsAdmin(admin, this.tenantB, "b-1");
		}
	}

	@Test
	void tenantSeesOnlyItsOwnRows() throws SQLException {
		try (Connection runtime = runtime()) {
			runtime.setAutoCommit(false);
			setClaims(runtime, this.tenantA);
			List<UUID> tenants = queryTenants(runtime, "SELECT tenant_id FROM note");
			runtime.commit();
			assertThat(tenants).hasSizeGreaterThanOrEqualTo(2).containsOnly(this.tenantA);
		}
	}

	@Test
	void withoutClaimsNoRowIsVisible() throws SQLException {
		try (Connection runtime = runtime()) {
			assertThat(count(runtime, "SELECT count(*) FROM note")).isZero();
			runtime.setAutoCommit(false);
			setClaimsJson(runtime, "");
			assertThat(count(runtime, "SELECT count(*) FROM note")).isZero();
			setClaimsJson(runtime, "{}");
			assertThat(count(runtime, "SELECT count(*) FROM note")).isZero();
			runtime.rollback();
		}
	}

	@Test
	void writingIntoAnotherTenantIsRejected() throws SQLException {
		try (Connection runtime = runtime()) {
			runtime.setAutoCommit(false);
			setClaims(runtime, this.tenantA);
			assertThatThrownBy(() -> execute(runtime,
					"INSERT INTO note (id, tenant_id, body) VALUES (gen_random_uuid(), '" + this.tenantB + "', 'x')"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			runtime.rollback();

			setClaims(runtime, this.tenantA);
			assertThatThrownBy(() -> execute(runtime, "UPDATE note SET tenant_id = '" + this.tenantB + "'"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("row-level security");
			runtime.rollback();

			setClaims(runtime, this.tenantA);
			assertThat(update(runtime, "UPDATE note SET body = 'hijacked' WHERE id = '" + this.noteOfB + "'")).isZero();
			assertThat(update(runtime, "DELETE FROM note WHERE id = '" + this.noteOfB + "'")).isZero();
			runtime.commit();
		}
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(
					count(admin, "SELECT count(*) FROM sample.note WHERE id = '" + this.noteOfB + "' AND body = 'b-1'"))
				.isOne();
		}
	}

	@Test
	void claimsNeverOutliveTheirTransactionOnAReusedConnection() throws SQLException {
		// One physical connection, as a pool of one hands out: every transaction starts
		// clean.
		try (Connection connection = runtime()) {
			connection.setAutoCommit(false);
			for (int round = 0; round < 20; round++) {
				UUID tenant = (round % 2 == 0) ? this.tenantA : this.tenantB;
				setClaims(connection, tenant);
				assertThat(queryTenants(connection, "SELECT tenant_id FROM note")).isNotEmpty().containsOnly(tenant);
				if (round % 3 == 0) {
					connection.rollback();
				}
				else {
					connection.commit();
				}
				assertThat(count(connection, "SELECT count(*) FROM note")).as("after round %d", round).isZero();
				connection.commit();
			}
		}
	}

	@Test
	void runtimeRoleCannotReachAnotherServiceSchema() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			DatabaseBootstrap.run(admin,
					new DatabaseBootstrap.ServiceLayout("othersvc", "othersvc_owner",
							FlowSupportTestInitializer.ROLE_PASSWORD, "othersvc_app",
							FlowSupportTestInitializer.ROLE_PASSWORD, List.of()));
			try (Statement statement = admin.createStatement()) {
				statement.execute("SET ROLE othersvc_owner");
				statement.execute("CREATE TABLE IF NOT EXISTS othersvc.secret (id int, tenant_id uuid NOT NULL)");
				statement.execute("RESET ROLE");
			}
		}
		try (Connection runtime = runtime()) {
			assertThatThrownBy(() -> count(runtime, "SELECT count(*) FROM othersvc.secret"))
				.isInstanceOf(SQLException.class)
				.hasMessageContaining("permission denied");
		}
	}

	@Test
	void runtimeRoleOwnsNothingAndCannotBypassOrReshapeTheSchema() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(count(admin, "SELECT count(*) FROM pg_roles WHERE rolname = '" + RUNTIME_ROLE
					+ "' AND (rolbypassrls OR rolsuper OR rolcreaterole OR rolcreatedb)"))
				.isZero();
			assertThat(count(admin, "SELECT count(*) FROM pg_class WHERE relowner = '" + RUNTIME_ROLE + "'::regrole"))
				.isZero();
		}
		try (Connection runtime = runtime()) {
			assertThatThrownBy(() -> execute(runtime, "CREATE TABLE sample.sneaky (id int)"))
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> execute(runtime, "ALTER TABLE sample.note DISABLE ROW LEVEL SECURITY"))
				.hasMessageContaining("must be owner");
			assertThatThrownBy(() -> count(runtime, "SELECT count(*) FROM sample.flyway_schema_history"))
				.hasMessageContaining("permission denied");
		}
	}

	/**
	 * Without LEAKPROOF, row-level security keeps a full-text or trigram match out of the
	 * index scan, and every search reads all of a tenant's rows.
	 */
	@Test
	void textAndTrigramMatchesMayDriveIndexScansUnderRowLevelSecurity() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			assertThat(count(admin, "SELECT count(*) FROM pg_proc WHERE proname IN ('ts_match_vq', 'similarity_op', "
					+ "'word_similarity_op') AND proleakproof"))
				.isEqualTo(3);
		}
	}

	@Test
	void everyTableOfTheSchemaIsSealed() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			RowLevelSecurityAssertions.assertTenantTablesSealed(admin, "sample", Set.of());
		}
	}

	@Test
	void catalogCheckCatchesAnUnsealedTable() throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			try (Statement statement = admin.createStatement()) {
				statement.execute("CREATE SCHEMA IF NOT EXISTS leaky");
				statement.execute("CREATE TABLE IF NOT EXISTS leaky.open_table (id int, tenant_id uuid)");
			}
			assertThatThrownBy(() -> RowLevelSecurityAssertions.assertTenantTablesSealed(admin, "leaky", Set.of()))
				.isInstanceOf(AssertionError.class)
				.hasMessageContaining("leaky.open_table");
			RowLevelSecurityAssertions.assertTenantTablesSealed(admin, "leaky", Set.of("open_table"));
		}
	}

	private static Connection runtime() throws SQLException {
		return TestInfrastructure.get().connectAs(RUNTIME_ROLE, FlowSupportTestInitializer.ROLE_PASSWORD);
	}

	private static UUID insertAsAdmin(Connection admin, UUID tenant, String body) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = admin
			.prepareStatement("INSERT INTO sample.note (id, tenant_id, body) VALUES (?, ?, ?)")) {
			insert.setObject(1, id);
			insert.setObject(2, tenant);
			insert.setString(3, body);
			insert.executeUpdate();
		}
		return id;
	}

	private static void setClaims(Connection connection, UUID tenant) throws SQLException {
		setClaimsJson(connection,
				"{\"sub\":\"" + UUID.randomUUID() + "\",\"tenant_id\":\"" + tenant + "\",\"app_role\":\"agent\"}");
	}

	private static void setClaimsJson(Connection connection, String claims) throws SQLException {
		try (PreparedStatement statement = connection
			.prepareStatement("SELECT set_config('request.jwt.claims', ?, true)")) {
			statement.setString(1, claims);
			statement.execute();
		}
	}

	private static List<UUID> queryTenants(Connection connection, String sql) throws SQLException {
		List<UUID> tenants = new ArrayList<>();
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			while (rows.next()) {
				tenants.add(rows.getObject(1, UUID.class));
			}
		}
		return tenants;
	}

	private static long count(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
			rows.next();
			return rows.getLong(1);
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static int update(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			return statement.executeUpdate(sql);
		}
	}

}
