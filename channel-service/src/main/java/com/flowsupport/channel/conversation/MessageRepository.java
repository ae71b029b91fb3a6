package com.flowsupport.channel.conversation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.channel.directory.Tickets;
import com.flowsupport.shared.db.SqlValues;

@Repository
public class MessageRepository {

	private static final String COLUMNS = "id, tenant_id, channel_id, conversation_id, direction, external_id, author, "
			+ "sender, recipient, subject, body, attachments, headers, status, status_reason, attempts, next_attempt_at, "
			+ "ticket_id, comment_id, created_at, updated_at";

	private static final TypeReference<List<Tickets.Attachment>> ATTACHMENTS = new TypeReference<>() {
	};

	private static final TypeReference<Map<String, Object>> HEADERS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	MessageRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	/**
	 * Stores a message unless the channel already has one with its provider id.
	 * @return whether it was stored
	 */
	public boolean insert(Message message) {
		return this.jdbc.sql("""
				INSERT INTO message (id, tenant_id, channel_id, conversation_id, direction, external_id, author, sender,
					recipient, subject, body, attachments, headers, status, status_reason, attempts, next_attempt_at,
					ticket_id, comment_id, created_at, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT DO NOTHING""")
			.params(message.id(), message.tenantId(), message.channelId(), SqlValues.uuid(message.conversationId()),
					message.direction(), SqlValues.text(message.externalId()), message.author(),
					SqlValues.text(message.sender()), SqlValues.text(message.recipient()),
					SqlValues.text(message.subject()), message.body(),
					this.json.writeValueAsString(message.attachments()),
					this.json.writeValueAsString(message.headers()), message.status(),
					SqlValues.text(message.statusReason()), message.attempts(), SqlValues.time(message.nextAttemptAt()),
					SqlValues.uuid(message.ticketId()), SqlValues.uuid(message.commentId()),
					SqlValues.time(message.createdAt()), SqlValues.time(message.updatedAt()))
			.update() == 1;
	}

	public Optional<Message> find(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM message WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	public Optional<Message> byExternalId(UUID tenantId, UUID channelId, String direction, String externalId) {
		return this.jdbc
			.sql("SELECT " + COLUMNS
					+ " FROM message WHERE tenant_id = ? AND channel_id = ? AND direction = ? AND external_id = ?")
			.params(tenantId, channelId, direction, externalId)
			.query(this::map)
			.optional();
	}

	/** A channel's messages, newest first. */
	public List<Message> pageOfChannel(UUID tenantId, UUID channelId, @Nullable UUID before, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM message WHERE tenant_id = ? AND channel_id = ? "
					+ "AND (?::uuid IS NULL OR id < ?) ORDER BY id DESC LIMIT ?")
			.params(tenantId, channelId, SqlValues.uuid(before), SqlValues.uuid(before), limit)
			.query(this::map)
			.list();
	}

	/** A conversation's messages in order, those shown to its customer only. */
	public List<Message> ofConversation(UUID tenantId, UUID conversationId, int limit) {
		return this.jdbc
			.sql("SELECT " + COLUMNS + " FROM (SELECT " + COLUMNS
					+ " FROM message WHERE tenant_id = ? AND conversation_id = ? AND status <> 'ignored' "
					+ "ORDER BY id DESC LIMIT ?) latest ORDER BY id")
			.params(tenantId, conversationId, limit)
			.query(this::map)
			.list();
	}

	/** The provider ids of a conversation's emails, oldest first: its References. */
	public List<String> threadIds(UUID tenantId, UUID conversationId, int limit) {
		return this.jdbc.sql("""
				SELECT external_id FROM (SELECT id, external_id FROM message
					WHERE tenant_id = ? AND conversation_id = ? AND external_id IS NOT NULL AND status <> 'ignored'
					ORDER BY id DESC LIMIT ?) latest ORDER BY id""")
			.params(tenantId, conversationId, limit)
			.query(String.class)
			.list();
	}

	public void processed(UUID tenantId, UUID id, UUID conversationId, @Nullable UUID ticketId,
			@Nullable UUID commentId) {
		this.jdbc.sql("""
				UPDATE message SET status = 'processed', conversation_id = ?, ticket_id = ?, comment_id = ?,
					updated_at = now()
				WHERE tenant_id = ? AND id = ?""")
			.params(conversationId, SqlValues.uuid(ticketId), SqlValues.uuid(commentId), tenantId, id)
			.update();
	}

	/**
	 * Takes a queued message for one send attempt: counts the attempt and leases it until
	 * {@code leaseUntil}, so no other instance sends it meanwhile.
	 * @return whether this caller holds it
	 */
	public boolean lease(UUID tenantId, UUID id, Instant now, Instant leaseUntil) {
		return this.jdbc
			.sql("""
					UPDATE message SET attempts = attempts + 1, next_attempt_at = ?, updated_at = now()
					WHERE tenant_id = ? AND id = ? AND status = 'queued' AND (next_attempt_at IS NULL OR next_attempt_at <= ?)""")
			.params(SqlValues.time(leaseUntil), tenantId, id, SqlValues.time(now))
			.update() == 1;
	}

	public void sent(UUID tenantId, UUID id, @Nullable String externalId) {
		this.jdbc.sql("""
				UPDATE message SET status = 'sent', external_id = coalesce(?, external_id), next_attempt_at = NULL,
					status_reason = NULL, updated_at = now()
				WHERE tenant_id = ? AND id = ? AND status = 'queued'""")
			.params(SqlValues.text(externalId), tenantId, id)
			.update();
	}

	public void retryAt(UUID tenantId, UUID id, Instant at, String reason) {
		this.jdbc
			.sql("UPDATE message SET next_attempt_at = ?, status_reason = ?, updated_at = now() "
					+ "WHERE tenant_id = ? AND id = ? AND status = 'queued'")
			.params(SqlValues.time(at), reason, tenantId, id)
			.update();
	}

	public void failed(UUID tenantId, UUID id, String reason) {
		this.jdbc
			.sql("UPDATE message SET status = 'failed', status_reason = ?, next_attempt_at = NULL, "
					+ "updated_at = now() WHERE tenant_id = ? AND id = ?")
			.params(reason, tenantId, id)
			.update();
	}

	/**
	 * A provider's report on an outbound message; never moves a delivered message back to
	 * sent.
	 */
	public void reported(UUID tenantId, UUID id, String status, @Nullable String reason) {
		this.jdbc.sql("""
				UPDATE message SET status = ?, status_reason = ?, updated_at = now()
				WHERE tenant_id = ? AND id = ? AND direction = 'out'
					AND NOT (status = 'delivered' AND ? = 'sent') AND status <> 'failed'""")
			.params(status, SqlValues.text(reason), tenantId, id, status)
			.update();
	}

	/** Queued messages whose lease ran out: their queue entry was lost. Platform only. */
	public List<Map.Entry<UUID, UUID>> overdue(Instant before, int limit) {
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM message
				WHERE status = 'queued' AND ((next_attempt_at IS NULL AND created_at < ?) OR next_attempt_at < ?)
				LIMIT ?""")
			.params(SqlValues.time(before), SqlValues.time(before), limit)
			.query((rs, row) -> Map.entry(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class)))
			.list();
	}

	private Message map(ResultSet rs, int row) throws SQLException {
		return new Message(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
				rs.getObject("channel_id", UUID.class), rs.getObject("conversation_id", UUID.class),
				rs.getString("direction"), rs.getString("external_id"), rs.getString("author"), rs.getString("sender"),
				rs.getString("recipient"), rs.getString("subject"), rs.getString("body"),
				this.json.readValue(rs.getString("attachments"), ATTACHMENTS),
				this.json.readValue(rs.getString("headers"), HEADERS), rs.getString("status"),
				rs.getString("status_reason"), rs.getInt("attempts"), SqlValues.instant(rs, "next_attempt_at"),
				rs.getObject("ticket_id", UUID.class), rs.getObject("comment_id", UUID.class),
				SqlValues.instant(rs, "created_at"), SqlValues.instant(rs, "updated_at"));
	}

}
