package com.flowsupport.channel.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
public class ConversationRepository {

	private static final String COLUMNS = "id, tenant_id, channel_id, contact, customer_id, ticket_id, ai_conversation_id, "
			+ "reply_token, participants, subject, email, mode, created_at, updated_at";

	private final JdbcClient jdbc;

	ConversationRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	public Optional<Conversation> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM conversation WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	public Optional<Conversation> byTicket(UUID tenantId, UUID ticketId) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM conversation WHERE tenant_id = ? AND ticket_id = ?")
			.params(tenantId, ticketId)
			.query(this::map)
			.optional();
	}

	Optional<Conversation> byReplyToken(UUID tenantId, UUID channelId, String token) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM conversation WHERE tenant_id = ? AND reply_token = ? AND channel_id = ?")
			.params(tenantId, token, channelId)
			.query(this::map)
			.optional();
	}

	/** The conversation holding any of these provider message ids, newest first. */
	Optional<Conversation> byMessageIds(UUID tenantId, UUID channelId, List<String> externalIds) {
		if (externalIds.isEmpty()) {
			return Optional.empty();
		}
		return this.jdbc.sql("""
				SELECT c.* FROM conversation c JOIN message m ON m.conversation_id = c.id AND m.tenant_id = c.tenant_id
				WHERE c.tenant_id = ? AND m.channel_id = ? AND m.external_id = ANY (?)
				ORDER BY m.created_at DESC LIMIT 1""")
			.params(tenantId, channelId, externalIds.toArray(String[]::new))
			.query(this::map)
			.optional();
	}

	/** The latest conversation with this contact on the channel. */
	public Optional<Conversation> latestWith(UUID tenantId, UUID channelId, String contact) {
		return this.jdbc.sql("SELECT " + COLUMNS
				+ " FROM conversation WHERE tenant_id = ? AND channel_id = ? AND contact = ? ORDER BY updated_at DESC LIMIT 1")
			.params(tenantId, channelId, contact)
			.query(this::map)
			.optional();
	}

	public void insert(Conversation conversation) {
		this.jdbc
			.sql("""
					INSERT INTO conversation (id, tenant_id, channel_id, contact, customer_id, ticket_id, ai_conversation_id,
						reply_token, participants, subject, email, mode, created_at, updated_at)
					VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
			.params(conversation.id(), conversation.tenantId(), conversation.channelId(), conversation.contact(),
					SqlValues.uuid(conversation.customerId()), SqlValues.uuid(conversation.ticketId()),
					SqlValues.text(conversation.aiConversationId()), conversation.replyToken(),
					conversation.participants().toArray(String[]::new), SqlValues.text(conversation.subject()),
					SqlValues.text(conversation.email()), conversation.mode(), SqlValues.time(conversation.createdAt()),
					SqlValues.time(conversation.updatedAt()))
			.update();
	}

	public void update(Conversation conversation) {
		this.jdbc.sql("""
				UPDATE conversation SET customer_id = ?, ticket_id = ?, ai_conversation_id = ?, participants = ?,
					subject = ?, email = ?, mode = ?, updated_at = now()
				WHERE tenant_id = ? AND id = ?""")
			.params(SqlValues.uuid(conversation.customerId()), SqlValues.uuid(conversation.ticketId()),
					SqlValues.text(conversation.aiConversationId()), conversation.participants().toArray(String[]::new),
					SqlValues.text(conversation.subject()), SqlValues.text(conversation.email()), conversation.mode(),
					conversation.tenantId(), conversation.id())
			.update();
	}

	public void touch(UUID tenantId, UUID id) {
		this.jdbc.sql("UPDATE conversation SET updated_at = now() WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.update();
	}

	private Conversation map(ResultSet rs, int row) throws SQLException {
		String[] participants = (String[]) rs.getArray("participants").getArray();
		return new Conversation(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
				rs.getObject("channel_id", UUID.class), rs.getString("contact"),
				rs.getObject("customer_id", UUID.class), rs.getObject("ticket_id", UUID.class),
				rs.getString("ai_conversation_id"), rs.getString("reply_token"), Arrays.asList(participants),
				rs.getString("subject"), rs.getString("email"), rs.getString("mode"),
				SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "updated_at"));
	}

}
