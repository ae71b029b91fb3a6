package com.flowsupport.ticket.routing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

import com.flowsupport.shared.db.SqlValues;

/** Groups' routing modes and agents' last round-robin assignments. */
@Repository
class RoutingRepository {

	/** A group's routing setting, as stored. */
	record GroupRouting(UUID groupId, RoutingMode mode, @Nullable UUID updatedBy, Instant updatedAt) {
	}

	private final JdbcClient jdbc;

	RoutingRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<RoutingMode> mode(UUID tenantId, UUID groupId) {
		return this.jdbc.sql("SELECT mode FROM routing_group WHERE tenant_id = ? AND group_id = ?")
			.params(tenantId, groupId)
			.query(String.class)
			.optional()
			.flatMap(RoutingMode::parse);
	}

	Optional<GroupRouting> find(UUID tenantId, UUID groupId) {
		return this.jdbc.sql("""
				SELECT group_id, mode, updated_by, updated_at FROM routing_group
				WHERE tenant_id = ? AND group_id = ?""").params(tenantId, groupId).query(this::map).optional();
	}

	List<GroupRouting> page(UUID tenantId, @Nullable UUID after, int limit) {
		return this.jdbc.sql("""
				SELECT group_id, mode, updated_by, updated_at FROM routing_group
				WHERE tenant_id = ? AND (?::uuid IS NULL OR group_id > ?::uuid)
				ORDER BY group_id LIMIT ?""")
			.params(tenantId, SqlValues.uuid(after), SqlValues.uuid(after), limit)
			.query(this::map)
			.list();
	}

	@Transactional
	GroupRouting save(UUID tenantId, UUID groupId, RoutingMode mode, @Nullable UUID by, Instant at) {
		return this.jdbc.sql("""
				INSERT INTO routing_group (tenant_id, group_id, mode, updated_by, updated_at) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (tenant_id, group_id)
				DO UPDATE SET mode = excluded.mode, updated_by = excluded.updated_by, updated_at = excluded.updated_at
				RETURNING group_id, mode, updated_by, updated_at""")
			.params(tenantId, groupId, mode.value(), SqlValues.uuid(by), SqlValues.time(at))
			.query(this::map)
			.single();
	}

	/**
	 * Serializes routing within one group until the transaction ends, so that two tickets
	 * routed at once see each other's assignment in the load they weigh.
	 */
	void lockGroup(UUID tenantId, UUID groupId) {
		this.jdbc.sql("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")
			.param("routing:" + tenantId + ":" + groupId)
			.query()
			.singleRow();
	}

	Map<UUID, Long> openLoad(List<UUID> agents) {
		Map<UUID, Long> load = new HashMap<>();
		this.jdbc.sql("SELECT agent_id, open_tickets FROM routing_open_load(?::uuid[])")
			.param(ids(agents))
			.query((ResultSet rs) -> {
				load.put(rs.getObject("agent_id", UUID.class), rs.getLong("open_tickets"));
			});
		return load;
	}

	Map<UUID, Instant> lastAssigned(UUID tenantId, List<UUID> agents) {
		Map<UUID, Instant> last = new HashMap<>();
		this.jdbc.sql("""
				SELECT user_id, last_assigned_at FROM routing_member
				WHERE tenant_id = ? AND user_id = ANY (?::uuid[])""")
			.params(tenantId, ids(agents))
			.query((ResultSet rs) -> {
				last.put(rs.getObject("user_id", UUID.class),
						Objects.requireNonNull(SqlValues.instant(rs, "last_assigned_at")));
			});
		return last;
	}

	void assigned(UUID tenantId, UUID agent, Instant at) {
		this.jdbc.sql("""
				INSERT INTO routing_member (tenant_id, user_id, last_assigned_at) VALUES (?, ?, ?)
				ON CONFLICT (tenant_id, user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at""")
			.params(tenantId, agent, SqlValues.time(at))
			.update();
	}

	private GroupRouting map(ResultSet rs, int row) throws SQLException {
		return new GroupRouting(rs.getObject("group_id", UUID.class),
				RoutingMode.parse(rs.getString("mode")).orElseThrow(), rs.getObject("updated_by", UUID.class),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

	private static String[] ids(List<UUID> agents) {
		return agents.stream().map(UUID::toString).toArray(String[]::new);
	}

}
