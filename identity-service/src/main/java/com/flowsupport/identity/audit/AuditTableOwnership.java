package com.flowsupport.identity.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.db.DatabaseProperties;

/**
 * Refuses to serve when the runtime role owns the audit tables or may become their owner.
 * The statement triggers that keep the chain append-only bind every role, but an owner
 * can switch them off ({@code ALTER TABLE ... DISABLE TRIGGER}) and then rewrite history;
 * so the role the service runs as must never be the owner, nor a member of it (a
 * configuration with one role for migrations and runtime would be exactly that).
 */
@Component
class AuditTableOwnership implements ApplicationRunner {

	static final List<String> TABLES = List.of("audit_event", "audit_chain");

	private final DataSource dataSource;

	private final String schema;

	AuditTableOwnership(DataSource dataSource, DatabaseProperties database) {
		this.dataSource = dataSource;
		this.schema = database.schema();
	}

	@Override
	public void run(ApplicationArguments args) throws SQLException {
		try (Connection connection = this.dataSource.getConnection()) {
			List<String> owned = ownedByCaller(connection, this.schema);
			if (!owned.isEmpty()) {
				throw new IllegalStateException("The runtime role " + connection.getMetaData().getUserName()
						+ " owns, or may act as the owner of, " + owned
						+ ": it could switch the audit log's append-only triggers off. Run the service as a role"
						+ " that owns nothing (spring.datasource.username) and migrate as the owner (spring.flyway.user).");
			}
		}
	}

	/**
	 * The audit tables whose owner the connection's role is, or is a member of.
	 */
	static List<String> ownedByCaller(Connection connection, String schema) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement("""
				SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
				WHERE n.nspname = ? AND c.relname = ANY (?) AND pg_has_role(current_user, c.relowner, 'MEMBER')
				ORDER BY c.relname""")) {
			query.setString(1, schema);
			query.setArray(2, connection.createArrayOf("text", TABLES.toArray()));
			List<String> owned = new ArrayList<>();
			try (ResultSet rows = query.executeQuery()) {
				while (rows.next()) {
					owned.add(rows.getString(1));
				}
			}
			return owned;
		}
	}

}
