package com.flowsupport.ticket.field;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
class FieldRepository {

	private static final String COLUMNS = "id, key, title, type, required, options, pattern, active, position, version, created_at, updated_at";

	private static final TypeReference<List<FieldDefinition.Option>> OPTIONS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	FieldRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	List<FieldDefinition> all(UUID tenantId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM custom_field WHERE tenant_id = ? ORDER BY position, key")
			.param(tenantId)
			.query(this::map)
			.list();
	}

	Optional<FieldDefinition> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM custom_field WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	boolean keyTaken(UUID tenantId, String key) {
		return this.jdbc.sql("SELECT count(*) FROM custom_field WHERE tenant_id = ? AND key = ?")
			.params(tenantId, key)
			.query(Long.class)
			.single() > 0;
	}

	void insert(UUID tenantId, FieldDefinition field) {
		this.jdbc.sql("""
				INSERT INTO custom_field (id, tenant_id, key, title, type, required, options, pattern, active, position,
					version, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, 0, ?, ?)""")
			.params(field.id(), tenantId, field.key(), field.title(), field.type().value(), field.required(),
					this.json.writeValueAsString(field.options()), SqlValues.text(field.pattern()), field.active(),
					field.position(), SqlValues.time(field.createdAt()), SqlValues.time(field.updatedAt()))
			.update();
	}

	void update(UUID tenantId, FieldDefinition field) {
		int updated = this.jdbc
			.sql("""
					UPDATE custom_field SET title = ?, required = ?, options = ?::jsonb, pattern = ?, active = ?, position = ?,
						updated_at = ?, version = version + 1
					WHERE tenant_id = ? AND id = ? AND version = ?""")
			.params(field.title(), field.required(), this.json.writeValueAsString(field.options()),
					SqlValues.text(field.pattern()), field.active(), field.position(),
					SqlValues.time(field.updatedAt()), tenantId, field.id(), field.version())
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Field " + field.id() + " changed concurrently");
		}
	}

	private FieldDefinition map(ResultSet rs, int row) throws SQLException {
		return new FieldDefinition(rs.getObject("id", UUID.class), rs.getString("key"), rs.getString("title"),
				FieldType.parse(rs.getString("type")).orElseThrow(), rs.getBoolean("required"),
				this.json.readValue(rs.getString("options"), OPTIONS), rs.getString("pattern"), rs.getBoolean("active"),
				rs.getInt("position"), rs.getLong("version"),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")),
				Objects.requireNonNull(SqlValues.instant(rs, "updated_at")));
	}

}
