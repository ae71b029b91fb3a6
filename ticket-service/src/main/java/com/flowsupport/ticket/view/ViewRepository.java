package com.flowsupport.ticket.view;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.ticket.search.TicketFinder;
import com.flowsupport.shared.db.SqlValues;

/**
 * Saved views. Every read names the caller, so a personal view is found only by its
 * owner; the {@code view_visibility} policy holds the same line in the database.
 */
@Repository
class ViewRepository {

	private static final String COLUMNS = "id, owner_id, name, query, conditions, sort, columns, version, created_by, "
			+ "created_at, updated_at";

	private static final TypeReference<List<SavedView.Condition>> CONDITIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	ViewRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	Optional<SavedView> find(UUID tenantId, UUID viewer, UUID id) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM ticket_view WHERE tenant_id = ? AND id = ? AND (owner_id IS NULL OR owner_id = ?)")
			.params(tenantId, id, viewer)
			.query(this::map)
			.optional();
	}

	/** The views {@code viewer} sees, in creation order. */
	List<SavedView> page(UUID tenantId, UUID viewer, @Nullable UUID after, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM ticket_view WHERE tenant_id = ? AND (owner_id IS NULL OR owner_id = ?)"
					+ " AND (?::uuid IS NULL OR id > ?::uuid) ORDER BY id LIMIT ?")
			.params(tenantId, viewer, SqlValues.uuid(after), SqlValues.uuid(after), limit)
			.query(this::map)
			.list();
	}

	void insert(UUID tenantId, SavedView view) {
		this.jdbc.sql("""
				INSERT INTO ticket_view (id, tenant_id, owner_id, name, query, conditions, sort, columns, version,
					created_by, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?::text[], ?, ?, ?, ?)""")
			.params(view.id(), tenantId, SqlValues.uuid(view.ownerId()), view.name(), view.query(),
					this.json.writeValueAsString(view.conditions()), sortValue(view.sort()),
					view.columns().toArray(String[]::new), view.version(), SqlValues.uuid(view.createdBy()),
					SqlValues.time(view.createdAt()), SqlValues.time(view.updatedAt()))
			.update();
	}

	/** Stores {@code view} over the version it was read at; false when that is stale. */
	boolean update(UUID tenantId, SavedView view, long readVersion) {
		return this.jdbc.sql("""
				UPDATE ticket_view SET owner_id = ?, name = ?, query = ?, conditions = ?::jsonb, sort = ?,
					columns = ?::text[], version = version + 1, updated_at = ?
				WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(SqlValues.uuid(view.ownerId()), view.name(), view.query(),
					this.json.writeValueAsString(view.conditions()), sortValue(view.sort()),
					view.columns().toArray(String[]::new), SqlValues.time(view.updatedAt()), tenantId, view.id(),
					readVersion)
			.update() == 1;
	}

	void delete(UUID tenantId, UUID id) {
		this.jdbc.sql("DELETE FROM ticket_view WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
	}

	static String sortValue(TicketFinder.Sort sort) {
		return sort.name().toLowerCase(Locale.ROOT);
	}

	private SavedView map(ResultSet rs, int row) throws SQLException {
		return new SavedView(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("name"),
				rs.getString("query"), this.json.readValue(rs.getString("conditions"), CONDITIONS),
				TicketFinder.Sort.parse(rs.getString("sort")).orElseThrow(),
				List.of((String[]) rs.getArray("columns").getArray()), rs.getLong("version"),
				rs.getObject("created_by", UUID.class), Objects.requireNonNull(SqlValues.instant(rs, "created_at")),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

}
