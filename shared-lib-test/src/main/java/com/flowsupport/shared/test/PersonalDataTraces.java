package com.flowsupport.shared.test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Looks for a person's data anywhere in a service's schema: every row of every table,
 * rendered as text (tsvector search documents and JSON included), searched for each
 * value, ignoring case. What an erasure test asserts is empty.
 */
public final class PersonalDataTraces {

	/**
	 * The platform's event and request records: they keep events and responses for a
	 * retention window and are not part of a service's own data model.
	 */
	public static final Set<String> PLATFORM_TABLES = Set.of("outbox_event", "inbox_event", "idempotency_key",
			"flyway_schema_history", "flyway_platform_history");

	private PersonalDataTraces() {
	}

	/**
	 * @param admin a connection that reads every row (row-level security does not apply
	 * to it)
	 * @param schema the service's schema
	 * @param values what must not be found, e.g. an email address, a name, a phone number
	 * @param skipped tables not searched
	 * @return each row that holds one of the values, as {@code table: row}
	 */
	public static List<String> find(Connection admin, String schema, List<String> values, Set<String> skipped)
			throws SQLException {
		List<String> tables = new ArrayList<>();
		try (PreparedStatement query = admin.prepareStatement("""
				SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relkind IN ('r', 'p') ORDER BY c.relname""")) {
			query.setString(1, schema);
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					tables.add(rows.getString(1));
				}
			}
		}
		List<String> found = new ArrayList<>();
		for (String table : tables) {
			if (skipped.contains(table)) {
				continue;
			}
			for (String value : values) {
				String sql = "SELECT t::text FROM \"" + schema + "\".\"" + table
						+ "\" t WHERE strpos(lower(t::text), ?) > 0";
				try (PreparedStatement query = admin.prepareStatement(sql)) {
					query.setString(1, value.toLowerCase(Locale.ROOT));
					try (ResultSet rows = query.executeQuery()) {
						while (rows.next()) {
							found.add(table + ": " + rows.getString(1));
						}
					}
				}
			}
		}
		return found;
	}

}
