package com.flowsupport.ticket.rules;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.ticket.condition.Conditions;
import com.flowsupport.shared.db.SqlValues;

@Repository
class TriggerRepository {

	private static final String COLUMNS = "id, name, description, active, position, conditions, actions, version, created_at, updated_at";

	static final TypeReference<List<Action>> ACTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TriggerRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** The triggers to run, in the order they run. */
	List<Trigger> active(UUID tenantId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM ticket_trigger WHERE tenant_id = ? AND active ORDER BY position, id")
			.param(tenantId)
			.query(this::map)
			.list();
	}

	List<Trigger> page(UUID tenantId, @Nullable Boolean active, @Nullable ListPosition after, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM ticket_trigger
				WHERE tenant_id = :tenantId AND (CAST(:active AS boolean) IS NULL OR active = :active)
					AND (CAST(:afterId AS uuid) IS NULL OR (position, id) > (:afterPosition, :afterId))
				ORDER BY position, id LIMIT :limit""")
			.param("tenantId", tenantId)
			.param("active", active, Types.BOOLEAN)
			.param("afterId", SqlValues.uuid((after != null) ? after.id() : null))
			.param("afterPosition", (after != null) ? after.position() : 0)
			.param("limit", limit)
			.query(this::map)
			.list();
	}

	Optional<Trigger> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM ticket_trigger WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	long count(UUID tenantId) {
		return this.jdbc.sql("SELECT count(*) FROM ticket_trigger WHERE tenant_id = ?")
			.param(tenantId)
			.query(Long.class)
			.single();
	}

	/** A new trigger goes last unless it names its position. */
	int nextPosition(UUID tenantId) {
		return this.jdbc.sql("SELECT coalesce(max(position) + 1, 0) FROM ticket_trigger WHERE tenant_id = ?")
			.param(tenantId)
			.query(Integer.class)
			.single();
	}

	void insert(UUID tenantId, Trigger trigger) {
		this.jdbc.sql("""
				INSERT INTO ticket_trigger (id, tenant_id, name, description, active, position, conditions, actions,
					version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, 0, ?, ?)""")
			.params(trigger.id(), tenantId, trigger.name(), SqlValues.text(trigger.description()), trigger.active(),
					trigger.position(), this.json.writeValueAsString(trigger.conditions()),
					this.json.writeValueAsString(trigger.actions()), SqlValues.time(trigger.createdAt()),
					SqlValues.time(trigger.updatedAt()))
			.update();
	}

	/**
	 * @throws OptimisticLockingFailureException when its version moved on
	 */
	void update(UUID tenantId, Trigger trigger) {
		int updated = this.jdbc.sql("""
				UPDATE ticket_trigger SET name = ?, description = ?, active = ?, position = ?, conditions = ?::jsonb,
					actions = ?::jsonb, updated_at = ?, version = version + 1
				WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(trigger.name(), SqlValues.text(trigger.description()), trigger.active(), trigger.position(),
					this.json.writeValueAsString(trigger.conditions()), this.json.writeValueAsString(trigger.actions()),
					SqlValues.time(trigger.updatedAt()), tenantId, trigger.id(), trigger.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Trigger " + trigger.id() + " changed concurrently");
		}
	}

	boolean delete(UUID tenantId, UUID id) {
		return this.jdbc.sql("DELETE FROM ticket_trigger WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.update() == 1;
	}

	private Trigger map(ResultSet rs, int row) throws SQLException {
		return new Trigger(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
				rs.getBoolean("active"), rs.getInt("position"),
				this.json.readValue(rs.getString("conditions"), Conditions.class),
				this.json.readValue(rs.getString("actions"), ACTIONS), rs.getLong("version"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

}
