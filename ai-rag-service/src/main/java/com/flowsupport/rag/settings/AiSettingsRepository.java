package com.flowsupport.rag.settings;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
class AiSettingsRepository {

	private final JdbcClient jdbc;

	AiSettingsRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	Optional<AiSettings> find(UUID tenantId) {
		return this.jdbc.sql("""
				SELECT mode, threshold, channels, tone, max_replies_per_ticket, daily_llm_budget, agent_user_id,
				       handover_group_id, version, updated_at
				FROM ai_settings WHERE tenant_id = ?""").param(SqlValues.uuid(tenantId)).query(this::map).optional();
	}

	/** Inserts version 1, or moves {@code expected} to the next version. */
	boolean save(UUID tenantId, AiSettings settings, long expected, UUID updatedBy, Instant now) {
		if (expected == 0) {
			return this.jdbc.sql("""
					INSERT INTO ai_settings (tenant_id, mode, threshold, channels, tone, max_replies_per_ticket,
					    daily_llm_budget, agent_user_id, handover_group_id, version, updated_at, updated_by)
					VALUES (?, ?, ?, ?::text[], ?, ?, ?, ?, ?, 1, ?, ?)
					ON CONFLICT (tenant_id) DO NOTHING""")
				.params(SqlValues.uuid(tenantId), settings.mode(), settings.threshold(), array(settings.channels()),
						SqlValues.text(settings.tone()), settings.maxRepliesPerTicket(), settings.dailyLlmBudget(),
						SqlValues.uuid(settings.agentUserId()), SqlValues.uuid(settings.handoverGroupId()),
						SqlValues.time(now), SqlValues.uuid(updatedBy))
				.update() == 1;
		}
		return this.jdbc.sql("""
				UPDATE ai_settings SET mode = ?, threshold = ?, channels = ?::text[], tone = ?,
				    max_replies_per_ticket = ?, daily_llm_budget = ?, agent_user_id = ?, handover_group_id = ?,
				    version = version + 1, updated_at = ?, updated_by = ?
				WHERE tenant_id = ? AND version = ?""")
			.params(settings.mode(), settings.threshold(), array(settings.channels()), SqlValues.text(settings.tone()),
					settings.maxRepliesPerTicket(), settings.dailyLlmBudget(), SqlValues.uuid(settings.agentUserId()),
					SqlValues.uuid(settings.handoverGroupId()), SqlValues.time(now), SqlValues.uuid(updatedBy),
					SqlValues.uuid(tenantId), expected)
			.update() == 1;
	}

	private static String array(List<String> values) {
		return "{" + String.join(",", values) + "}";
	}

	private AiSettings map(ResultSet rs, int row) throws SQLException {
		Array channels = rs.getArray("channels");
		return new AiSettings(rs.getString("mode"), rs.getDouble("threshold"),
				Arrays.asList((String[]) channels.getArray()), rs.getString("tone"),
				rs.getInt("max_replies_per_ticket"), rs.getInt("daily_llm_budget"),
				rs.getObject("agent_user_id", UUID.class), rs.getObject("handover_group_id", UUID.class),
				rs.getLong("version"), SqlValues.instant(rs, "updated_at"));
	}

}
