package com.flowsupport.channel.widget;

import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
class WidgetSessionRepository {

	private final JdbcClient jdbc;

	WidgetSessionRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	record Session(UUID id, UUID tenantId, UUID channelId, UUID conversationId, @Nullable String externalUserId,
			@Nullable String name, @Nullable String email) {
	}

	void insert(Session session, byte[] tokenHash) {
		this.jdbc
			.sql("""
					INSERT INTO widget_session (id, tenant_id, channel_id, token_hash, conversation_id, external_user_id, name,
						email)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(session.id(), session.tenantId(), session.channelId(), tokenHash, session.conversationId(),
					SqlValues.text(session.externalUserId()), SqlValues.text(session.name()),
					SqlValues.text(session.email()))
			.update();
	}

	Optional<Session> byToken(UUID tenantId, UUID channelId, byte[] tokenHash) {
		return this.jdbc.sql("""
				UPDATE widget_session SET last_seen_at = now()
				WHERE tenant_id = ? AND channel_id = ? AND token_hash = ?
				RETURNING id, tenant_id, channel_id, conversation_id, external_user_id, name, email""")
			.params(tenantId, channelId, tokenHash)
			.query((rs, row) -> new Session(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
					rs.getObject("channel_id", UUID.class), rs.getObject("conversation_id", UUID.class),
					rs.getString("external_user_id"), rs.getString("name"), rs.getString("email")))
			.optional();
	}

	void identify(UUID tenantId, UUID id, @Nullable String name, @Nullable String email) {
		this.jdbc
			.sql("UPDATE widget_session SET name = coalesce(?, name), email = coalesce(?, email) "
					+ "WHERE tenant_id = ? AND id = ?")
			.params(SqlValues.text(name), SqlValues.text(email), tenantId, id)
			.update();
	}

}
