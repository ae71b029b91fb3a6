package com.flowsupport.shared.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Catalog checks that keep the tenancy model honest as migrations grow: every table of a
 * service's schema must have row-level security enabled and forced, and at least one
 * policy, unless it is explicitly allowed as truly global. Only the migration histories
 * are exempt: the runtime role has no privilege on them at all.
 */
public final class RowLevelSecurityAssertions {

	private static final Set<String> MIGRATION_HISTORIES = Set.of("flyway_schema_history", "flyway_platform_history");

	private RowLevelSecurityAssertions() {
	}

	/**
	 * @param admin a connection able to read the catalog
	 * @param schema the service's schema
	 * @param globalTables tables deliberately without tenant isolation
	 */
	public static void assertTenantTablesSealed(Connection admin, String schema, Set<String> globalTables)
			throws SQLException {
		List<String> unsealed = new ArrayList<>();
		try (PreparedStatement query = admin.prepareStatement("""
				SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
					(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
				ORDER BY c.relname""")) {
			query.setString(1, schema);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					String table = rows.getString("relname");
					boolean sealed = rows.getBoolean("relrowsecurity") && rows.getBoolean("relforcerowsecurity")
							&& rows.getLong("policies") > 0;
					if (!sealed && !globalTables.contains(table) && !MIGRATION_HISTORIES.contains(table)) {
						unsealed.add(schema + "." + table);
					}
				}
			}
		}
		if (!unsealed.isEmpty()) {
			throw new AssertionError("Tables without ENABLE + FORCE ROW LEVEL SECURITY and a policy: " + unsealed
					+ ". Seal them with SELECT app.seal_tenant_table('<table>') in the migration, or allow-list a truly global table.");
		}
	}

}
