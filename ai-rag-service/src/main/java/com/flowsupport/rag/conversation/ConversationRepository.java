package com.flowsupport.rag.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;

@Repository
class ConversationRepository {

	private static final String COLUMNS = """
			id, channel, audience, locale, customer_id, customer_name, customer_email, status,
			low_confidence_streak, ticket_id, handoff_reason, started_by, created_at, updated_at, version""";

	private final JdbcClient jdbc;

	ConversationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	void insert(UUID tenantId, Conversation c) {
		this.jdbc.sql("""
				INSERT INTO conversation (id, tenant_id, channel, audience, locale, customer_id, customer_name,
				    customer_email, status, low_confidence_streak, started_by, created_at, updated_at, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 1)""")
			.params(SqlValues.uuid(c.id()), SqlValues.uuid(tenantId), c.channel(), c.audience(),
					SqlValues.text(c.locale()), SqlValues.uuid(c.customerId()), SqlValues.text(c.customerName()),
					SqlValues.text(c.customerEmail()), c.status(), SqlValues.uuid(c.startedBy()),
					SqlValues.time(c.createdAt()), SqlValues.time(c.updatedAt()))
			.update();
	}

	/** The conversation, locked for the rest of the transaction when {@code lock}. */
	Optional<Conversation> find(UUID tenantId, UUID id, boolean lock) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM conversation WHERE tenant_id = ? AND id = ?"
					+ (lock ? " FOR UPDATE" : ""))
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(id))
			.query(this::map)
			.optional();
	}

	void lowConfidence(UUID tenantId, UUID id, int streak, Instant now) {
		this.jdbc.sql("""
				UPDATE conversation SET low_confidence_streak = ?, updated_at = ?, version = version + 1
				WHERE tenant_id = ? AND id = ?""")
			.params(streak, SqlValues.time(now), SqlValues.uuid(tenantId), SqlValues.uuid(id))
			.update();
	}

	void handedOver(UUID tenantId, UUID id, @Nullable UUID ticketId, String reason, Instant now) {
		this.jdbc.sql("""
				UPDATE conversation SET status = 'handed_over', ticket_id = ?, handoff_reason = ?, updated_at = ?,
				    version = version + 1
				WHERE tenant_id = ? AND id = ?""")
			.params(SqlValues.uuid(ticketId), reason, SqlValues.time(now), SqlValues.uuid(tenantId), SqlValues.uuid(id))
			.update();
	}

	Message append(UUID tenantId, UUID conversationId, String role, String body, @Nullable UUID answerId, Instant now) {
		Message message = new Message(Uuids.timeOrdered(), role, body, answerId, now);
		this.jdbc.sql("""
				INSERT INTO conversation_message (id, tenant_id, conversation_id, role, body, answer_id, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?)""")
			.params(SqlValues.uuid(message.id()), SqlValues.uuid(tenantId), SqlValues.uuid(conversationId), role, body,
					SqlValues.uuid(answerId), SqlValues.time(now))
			.update();
		this.jdbc.sql("UPDATE conversation SET updated_at = ? WHERE tenant_id = ? AND id = ?")
			.params(SqlValues.time(now), SqlValues.uuid(tenantId), SqlValues.uuid(conversationId))
			.update();
		return message;
	}

	/** The newest {@code limit} messages, oldest first. */
	List<Message> messages(UUID tenantId, UUID conversationId, int limit) {
		List<Message> newestFirst = this.jdbc.sql("""
				SELECT id, role, body, answer_id, created_at FROM conversation_message
				WHERE tenant_id = ? AND conversation_id = ? ORDER BY id DESC LIMIT ?""")
			.params(SqlValues.uuid(tenantId), SqlValues.uuid(conversationId), limit)
			.query((rs, row) -> new Message(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
					rs.getObject(4, UUID.class), SqlValues.instant(rs, "created_at")))
			.list();
		return newestFirst.reversed();
	}

	private Conversation map(ResultSet rs, int row) throws SQLException {
		return new Conversation(rs.getObject("id", UUID.class), rs.getString("channel"), rs.getString("audience"),
				rs.getString("locale"), rs.getObject("customer_id", UUID.class), rs.getString("customer_name"),
				rs.getString("customer_email"), rs.getString("status"), rs.getInt("low_confidence_streak"),
				rs.getObject("ticket_id", UUID.class), rs.getString("handoff_reason"),
				rs.getObject("started_by", UUID.class), SqlValues.instant(rs, "created_at"),
				SqlValues.instant(rs, "updated_at"), rs.getLong("version"));
	}

}
