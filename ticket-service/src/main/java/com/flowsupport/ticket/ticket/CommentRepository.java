package com.flowsupport.ticket.ticket;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.shared.db.SqlValues;

@Repository
class CommentRepository {

	private static final String COLUMNS = "id, ticket_id, author_id, author_role, body, public, channel, external_ref, attachments, created_at";

	private static final TypeReference<List<Comment.Attachment>> ATTACHMENTS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	CommentRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	void insert(UUID tenantId, Comment comment) {
		this.jdbc.sql("""
				INSERT INTO ticket_comment (id, tenant_id, ticket_id, author_id, author_role, body, public, channel,
					external_ref, attachments, created_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""")
			.params(comment.id(), tenantId, comment.ticketId(), SqlValues.uuid(comment.authorId()),
					comment.authorRole(), comment.body(), comment.isPublic(), comment.channel(),
					SqlValues.text(comment.externalRef()), this.json.writeValueAsString(comment.attachments()),
					SqlValues.time(comment.createdAt()))
			.update();
	}

	/** Oldest first, after {@code after}; internal notes only when asked for. */
	List<Comment> page(UUID tenantId, UUID ticketId, @Nullable UUID after, boolean includeInternal, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM ticket_comment
				WHERE tenant_id = ? AND ticket_id = ? AND id > coalesce(?, '00000000-0000-0000-0000-000000000000'::uuid)
					AND (public OR ?)
				ORDER BY id LIMIT ?""")
			.params(tenantId, ticketId, SqlValues.uuid(after), includeInternal, limit)
			.query(this::map)
			.list();
	}

	/**
	 * Moves every comment of {@code source} to {@code target}, keeping target's search
	 * current.
	 */
	int move(UUID tenantId, UUID source, UUID target) {
		int moved = this.jdbc.sql("UPDATE ticket_comment SET ticket_id = ? WHERE tenant_id = ? AND ticket_id = ?")
			.params(target, tenantId, source)
			.update();
		this.jdbc.sql("""
				UPDATE ticket SET search = search
					|| (SELECT coalesce(setweight(to_tsvector('english', string_agg(body, ' ')), 'C'), ''::tsvector)
						FROM ticket_comment WHERE tenant_id = ? AND ticket_id = ?)
				WHERE tenant_id = ? AND id = ?""").params(tenantId, target, tenantId, target).update();
		return moved;
	}

	private Comment map(ResultSet rs, int row) throws SQLException {
		return new Comment(rs.getObject("id", UUID.class), rs.getObject("ticket_id", UUID.class),
				rs.getObject("author_id", UUID.class), rs.getString("author_role"), rs.getString("body"),
				rs.getBoolean("public"), rs.getString("channel"), rs.getString("external_ref"),
				this.json.readValue(rs.getString("attachments"), ATTACHMENTS),
				Objects.requireNonNull(SqlValues.instant(rs, "created_at")));
	}

}
