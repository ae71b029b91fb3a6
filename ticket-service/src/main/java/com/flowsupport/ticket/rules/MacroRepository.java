package com.flowsupport.ticket.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

/**
 * Macros a user may see: the shared ones and their own personal ones. The
 * {@code macro_owner} policy enforces the same in the database.
 */
@Repository
class MacroRepository {

	private static final String COLUMNS = "id, owner_id, name, description, active, position, actions, version, created_at, updated_at";

	private static final String VISIBLE = "tenant_id = :tenantId AND (owner_id IS NULL OR owner_id = :userId)";

	private final JdbcClient jdbc;

	private final JsonMapper json;

	MacroRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<Macro> page(UUID tenantId, @Nullable UUID userId, @Nullable ListPosition after, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM macro WHERE " + VISIBLE + """

					AND (CAST(:afterId AS uuid) IS NULL OR (position, id) > (:afterPosition, :afterId))
				ORDER BY position, id LIMIT :limit""")
			.param("tenantId", tenantId)
			.param("userId", SqlValues.uuid(userId))
			.param("afterId", SqlValues.uuid((after != null) ? after.id() : null))
			.param("afterPosition", (after != null) ? after.position() : 0)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	Optional<Macro> find(UUID tenantId, @Nullable UUID userId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM macro WHERE " + VISIBLE + " AND id = :id")
			.param("tenantId", tenantId)
			.param("userId", SqlValues.uuid(userId))
			.param("id", id)
			.query(this::map)
			.optional();
	}

	int nextPosition(UUID tenantId, @Nullable UUID userId) {
		return this.jdbc.sql("SELECT coalesce(max(position) + 1, 0) FROM macro WHERE " + VISIBLE)
			.param("tenantId", tenantId)
			.param("userId", SqlValues.uuid(userId))
			.query(Integer.class)
			.single();
	}

	void insert(UUID tenantId, Macro macro) {
		this.jdbc.sql("""
				INSERT INTO macro (id, tenant_id, owner_id, name, description, active, position, actions, version,
					created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, 0, ?, ?)""")
			.params(macro.id(), tenantId, SqlValues.uuid(macro.ownerId()), macro.name(),
					SqlValues.text(macro.description()), macro.active(), macro.position(),
					this.json.writeValueAsString(macro.actions()), SqlValues.time(macro.createdAt()),
					SqlValues.time(macro.updatedAt()))
			.update();
	}

	/**
	 * @throws OptimisticLockingFailureException when its version moved on
	 */
	void update(UUID tenantId, Macro macro) {
		int updated = this.jdbc
			.sql("""
					UPDATE macro SET name = ?, description = ?, active = ?, position = ?, actions = ?::jsonb, updated_at = ?,
						version = version + 1
					WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(macro.name(), SqlValues.text(macro.description()), macro.active(), macro.position(),
					this.json.writeValueAsString(macro.actions()), SqlValues.time(macro.updatedAt()), tenantId,
					macro.id(), macro.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Macro " + macro.id() + " changed concurrently");
		}
	}

	void delete(UUID tenantId, UUID id) {
		this.jdbc.sql("DELETE FROM macro WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
	}

	private Macro map(ResultSet rs, int row) throws SQLException {
		return new Macro(rs.getObject("id", UUID.class), rs.getObject("owner_id", UUID.class), rs.getString("name"),
				rs.getString("description"), rs.getBoolean("active"), rs.getInt("position"),
				this.json.readValue(rs.getString("actions"), TriggerRepository.ACTIONS), rs.getLong("version"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

}
