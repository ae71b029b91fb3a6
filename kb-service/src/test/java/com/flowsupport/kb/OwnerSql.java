package com.flowsupport.kb;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import com.flowsupport.shared.test.TestInfrastructure;

/** SQL as the database's administrator, past row-level security: what tests check. */
public final class OwnerSql {

	private OwnerSql() {
	}

	/** The first column of each row the query answers. */
	public static List<String> rows(String query) throws SQLException {
		List<String> rows = new ArrayList<>();
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet result = statement.executeQuery(query)) {
			while (result.next()) {
				rows.add(result.getString(1));
			}
		}
		return rows;
	}

	/** Runs the statements, each on its own. */
	public static void execute(String... statements) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement()) {
			for (String sql : statements) {
				statement.execute(sql);
			}
		}
	}

}
