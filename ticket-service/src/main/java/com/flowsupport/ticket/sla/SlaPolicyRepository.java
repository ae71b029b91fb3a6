package com.flowsupport.ticket.sla;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import com.flowsupport.ticket.sla.SlaPolicy.Targets;
import com.flowsupport.ticket.ticket.Priority;
import com.flowsupport.shared.db.SqlValues;

@Repository
class SlaPolicyRepository {

	private static final String COLUMNS = """
			id, name, description, position, conditions, targets, business_hours, version, created_at, updated_at""";

	private static final TypeReference<Map<String, Targets>> TARGETS = new TypeReference<>() {
	};

	/** A position in the list of policies, the cursor of its pages. */
	record After(int position, UUID id) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	SlaPolicyRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/** Every policy of the tenant in the order they are tried. */
	List<SlaPolicy> inOrder(UUID tenantId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM sla_policy WHERE tenant_id = ? ORDER BY position, id")
			.param(tenantId)
			.query(this::map)
			.list();
	}

	/** Up to {@code limit} policies after a (position, id) in order. */
	List<SlaPolicy> page(UUID tenantId, @Nullable After after, int limit) {
		if (after == null) {
			return this.jdbc
				.sql("SELECT " + COLUMNS + " FROM sla_policy WHERE tenant_id = ? ORDER BY position, id LIMIT ?")
				.params(tenantId, limit)
				.query(this::map)
				.list();
		}
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM sla_policy WHERE tenant_id = ? AND (position, id) > (?, ?) ORDER BY position, id LIMIT ?")
			.params(tenantId, after.position(), after.id(), limit)
			.query(this::map)
			.list();
	}

	Optional<SlaPolicy> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM sla_policy WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	int nextPosition(UUID tenantId) {
		return this.jdbc.sql("SELECT coalesce(max(position) + 1, 0) FROM sla_policy WHERE tenant_id = ?")
			.param(tenantId)
			.query(Integer.class)
			.single();
	}

	void insert(UUID tenantId, SlaPolicy policy) {
		this.jdbc.sql("""
				INSERT INTO sla_policy (id, tenant_id, name, description, position, conditions, targets, business_hours,
					version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, 0, ?, ?)""")
			.params(policy.id(), tenantId, policy.name(), SqlValues.text(policy.description()), policy.position(),
					this.json.writeValueAsString(policy.conditions()), this.json.writeValueAsString(policy.targets()),
					policy.businessHours(), SqlValues.time(policy.createdAt()), SqlValues.time(policy.updatedAt()))
			.update();
	}

	/**
	 * Writes the policy if it is still at its version.
	 * @throws OptimisticLockingFailureException when it moved on
	 */
	void update(UUID tenantId, SlaPolicy policy) {
		int updated = this.jdbc
			.sql("""
					UPDATE sla_policy SET name = ?, description = ?, position = ?, conditions = ?::jsonb, targets = ?::jsonb,
						business_hours = ?, updated_at = ?, version = version + 1
					WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(policy.name(), SqlValues.text(policy.description()), policy.position(),
					this.json.writeValueAsString(policy.conditions()), this.json.writeValueAsString(policy.targets()),
					policy.businessHours(), SqlValues.time(policy.updatedAt()), tenantId, policy.id(), policy.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("SLA policy " + policy.id() + " changed concurrently");
		}
	}

	void delete(UUID tenantId, UUID id) {
		this.jdbc.sql("DELETE FROM sla_policy WHERE tenant_id = ? AND id = ?").params(tenantId, id).update();
	}

	private SlaPolicy map(ResultSet rs, int row) throws SQLException {
		Map<String, Targets> stored = this.json.readValue(rs.getString("targets"), TARGETS);
		// jsonb keeps keys in its own order; answers list priorities from low to urgent.
		Map<String, Targets> targets = new LinkedHashMap<>();
		for (Priority priority : Priority.values()) {
			Targets value = stored.get(priority.value());
			if (value != null) {
				targets.put(priority.value(), value);
			}
		}
		return new SlaPolicy(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("description"),
				rs.getInt("position"), this.json.readValue(rs.getString("conditions"), Conditions.class), targets,
				rs.getBoolean("business_hours"), rs.getLong("version"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

}
