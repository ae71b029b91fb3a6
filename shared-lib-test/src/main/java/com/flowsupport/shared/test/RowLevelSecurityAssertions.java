package com.flowsupport.shared.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Catalog checks that keep the tenancy model honest as migrations grow: every table the
 * runtime role can reach must have row-level security enabled and forced, and at least
 * one policy, unless it is explicitly allowed as truly global.
 */
public final class RowLevelSecurityAssertions {

	private RowLevelSecurityAssertions() {
	}

	/**
	 * @param admin a connection able to read the catalog
	 * @param schema the service's schema
	 * @param runtimeRole the service's runtime login role
	 * @param globalTables tables deliberately without tenant isolation
	 */
	public static void assertTenantTablesSealed(Connection admin, String schema, String runtimeRole,
			Set<String> globalTables) throws SQLException {
		List<String> unsealed = new ArrayList<>();
		try (PreparedStatement query = admin.prepareStatement("""
				SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity,
					(SELECT count(*) FROM pg_policy p WHERE p.polrelid = c.oid) AS policies
				FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
					AND (has_table_privilege(?, c.oid, 'SELECT') OR has_table_privilege(?, c.oid, 'INSERT')
						OR has_table_privilege(?, c.oid, 'UPDATE') OR has_table_privilege(?, c.oid, 'DELETE'))
				ORDER BY c.relname""")) {
			query.setString(1, schema);
			for (int i = 2; i <= 5; i++) {
				query.setString(i, runtimeRole);
			}
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					String table = rows.getString("relname");
					boolean sealed = rows.getBoolean("relrowsecurity") && rows.getBoolean("relforcerowsecurity")
							&& rows.getLong("policies") > 0;
					if (!sealed && !globalTables.contains(table)) {
						unsealed.add(schema + "." + table);
					}
				}
			}
		}
		if (!unsealed.isEmpty()) {
			throw new AssertionError("Tables reachable by " + runtimeRole
					+ " without ENABLE + FORCE ROW LEVEL SECURITY and a policy: " + unsealed
					+ ". Seal them with SELECT app.seal_tenant_table('<table>') in the migration, or allow-list a truly global table.");
		}
	}

}
