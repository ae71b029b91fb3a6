package com.flowsupport.ticket.ticket;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

import com.flowsupport.shared.db.SqlValues;

/**
 * Tickets in SQL. Every statement runs under the caller's claims, so row-level security
 * decides what exists; the explicit tenant filters are defence in depth and what lets the
 * planner use the tenant-leading indexes.
 */
@Repository
public class TicketRepository {

	public static final String COLUMNS = """
			id, tenant_id, number, subject, description, status, priority, type, requester_id, submitter_id,
			assignee_id, group_id, follower_ids, tags, channel, external_refs, custom_fields, problem_id, due_at,
			merged_into_id, satisfaction_score, satisfaction_comment, satisfaction_rated_at, sla_policy_id,
			first_reply_due_at, next_reply_due_at, resolution_due_at, first_replied_at, sla_breached_at,
			assigned_at, solved_at, closed_at, version, created_at, updated_at""";

	private static final TypeReference<Map<String, Object>> FIELDS = new TypeReference<>() {
	};

	private final JdbcClient jdbc;

	private final JsonMapper json;

	TicketRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	long nextNumber(UUID tenantId) {
		return this.jdbc.sql("""
				INSERT INTO ticket_counter (tenant_id, last_number) VALUES (?, 1)
				ON CONFLICT (tenant_id) DO UPDATE SET last_number = ticket_counter.last_number + 1
				RETURNING last_number""").param(tenantId).query(Long.class).single();
	}

	void insert(Ticket ticket) {
		this.jdbc
			.sql("INSERT INTO ticket (" + COLUMNS
					+ """
							) VALUES (:id, :tenantId, :number, :subject, :description, :status, :priority, :type, :requesterId,
							:submitterId, :assigneeId, :groupId, :followerIds::uuid[], :tags, :channel, :externalRefs, :customFields::jsonb,
							:problemId, :dueAt, :mergedIntoId, :satisfactionScore, :satisfactionComment, :satisfactionRatedAt,
							:slaPolicyId, :firstReplyDueAt, :nextReplyDueAt, :resolutionDueAt, :firstRepliedAt, :slaBreachedAt,
							:assignedAt, :solvedAt, :closedAt, 0, :createdAt, :updatedAt)""")
			.params(parameters(ticket))
			.update();
	}

	/**
	 * Writes the ticket if nobody changed it since it was loaded.
	 * @throws OptimisticLockingFailureException when its version moved on
	 */
	void update(Ticket ticket) {
		int updated = this.jdbc
			.sql("""
					UPDATE ticket SET subject = :subject, description = :description, status = :status,
						priority = :priority, type = :type, requester_id = :requesterId, assignee_id = :assigneeId,
						group_id = :groupId, follower_ids = :followerIds::uuid[], tags = :tags, external_refs = :externalRefs,
						custom_fields = :customFields::jsonb, problem_id = :problemId, due_at = :dueAt,
						merged_into_id = :mergedIntoId, satisfaction_score = :satisfactionScore,
						satisfaction_comment = :satisfactionComment, satisfaction_rated_at = :satisfactionRatedAt,
						sla_policy_id = :slaPolicyId, first_reply_due_at = :firstReplyDueAt,
						next_reply_due_at = :nextReplyDueAt, resolution_due_at = :resolutionDueAt,
						first_replied_at = :firstRepliedAt, sla_breached_at = :slaBreachedAt, assigned_at = :assignedAt,
						solved_at = :solvedAt, closed_at = :closedAt, updated_at = :updatedAt, version = version + 1
					WHERE id = :id AND tenant_id = :tenantId AND version = :version""")
			.params(parameters(ticket))
			.update();
		if (updated != 1) {
			throw new OptimisticLockingFailureException("Ticket " + ticket.id() + " changed concurrently");
		}
	}

	public Optional<Ticket> findById(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM ticket WHERE tenant_id = ? AND id = ?")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	/**
	 * The ticket, locked until the transaction ends: writers of one ticket take turns
	 * instead of failing each other's optimistic check. {@code NO KEY UPDATE} leaves
	 * inserts of rows referencing the ticket (comments, audit) unblocked.
	 */
	Optional<Ticket> findByIdForUpdate(UUID tenantId, UUID id) {
		return this.jdbc.sql("SELECT " + COLUMNS + " FROM ticket WHERE tenant_id = ? AND id = ? FOR NO KEY UPDATE")
			.params(tenantId, id)
			.query(this::map)
			.optional();
	}

	/**
	 * Locks two tickets until the transaction ends, in id order, so that two transactions
	 * locking the same pair cannot deadlock.
	 */
	void lockInIdOrder(UUID tenantId, UUID one, UUID other) {
		this.jdbc.sql("SELECT id FROM ticket WHERE tenant_id = ? AND id IN (?, ?) ORDER BY id FOR NO KEY UPDATE")
			.params(tenantId, one, other)
			.query(UUID.class)
			.list();
	}

	/**
	 * Tickets changed after a position, oldest change first, up to a horizon that
	 * in-flight transactions can no longer fall behind.
	 */
	List<Ticket> changedSince(UUID tenantId, Instant afterTime, UUID afterId, Instant horizon, int limit) {
		return this.jdbc.sql("SELECT " + COLUMNS + """
				 FROM ticket WHERE tenant_id = ? AND (updated_at, id) > (?, ?) AND updated_at < ?
				ORDER BY updated_at, id LIMIT ?""")
			.params(tenantId, SqlValues.time(afterTime), afterId, SqlValues.time(horizon), limit)
			.query(this::map)
			.list();
	}

	private Map<String, Object> parameters(Ticket ticket) {
		Ticket.Sla sla = ticket.sla();
		HashMap<String, Object> p = new HashMap<>();
		p.put("id", ticket.id());
		p.put("tenantId", ticket.tenantId());
		p.put("number", ticket.number());
		p.put("subject", ticket.subject());
		p.put("description", ticket.description());
		p.put("status", ticket.status().value());
		p.put("priority", ticket.priority().value());
		p.put("type", ticket.type().value());
		p.put("requesterId", ticket.requesterId());
		p.put("submitterId", SqlValues.uuid(ticket.submitterId()));
		p.put("assigneeId", SqlValues.uuid(ticket.assigneeId()));
		p.put("groupId", SqlValues.uuid(ticket.groupId()));
		p.put("followerIds", ticket.followerIds().stream().map(UUID::toString).toArray(String[]::new));
		p.put("tags", ticket.tags().toArray(String[]::new));
		p.put("channel", ticket.channel());
		p.put("externalRefs", ticket.externalRefs().toArray(String[]::new));
		p.put("customFields", this.json.writeValueAsString(ticket.customFields()));
		p.put("problemId", SqlValues.uuid(ticket.problemId()));
		p.put("dueAt", SqlValues.time(ticket.dueAt()));
		p.put("mergedIntoId", SqlValues.uuid(ticket.mergedIntoId()));
		p.put("satisfactionScore", SqlValues.text(ticket.satisfactionScore()));
		p.put("satisfactionComment", SqlValues.text(ticket.satisfactionComment()));
		p.put("satisfactionRatedAt", SqlValues.time(ticket.satisfactionRatedAt()));
		p.put("slaPolicyId", SqlValues.uuid(sla.policyId()));
		p.put("firstReplyDueAt", SqlValues.time(sla.firstReplyDueAt()));
		p.put("nextReplyDueAt", SqlValues.time(sla.nextReplyDueAt()));
		p.put("resolutionDueAt", SqlValues.time(sla.resolutionDueAt()));
		p.put("firstRepliedAt", SqlValues.time(sla.firstRepliedAt()));
		p.put("slaBreachedAt", SqlValues.time(sla.breachedAt()));
		p.put("assignedAt", SqlValues.time(ticket.assignedAt()));
		p.put("solvedAt", SqlValues.time(ticket.solvedAt()));
		p.put("closedAt", SqlValues.time(ticket.closedAt()));
		p.put("version", ticket.version());
		p.put("createdAt", SqlValues.time(ticket.createdAt()));
		p.put("updatedAt", SqlValues.time(ticket.updatedAt()));
		return p;
	}

	/** Maps a row selected with {@link #COLUMNS}. */
	public Ticket map(ResultSet rs, int row) throws SQLException {
		Ticket.Stored s = new Ticket.Stored();
		s.id = rs.getObject("id", UUID.class);
		s.tenantId = rs.getObject("tenant_id", UUID.class);
		s.number = rs.getLong("number");
		s.subject = rs.getString("subject");
		s.description = rs.getString("description");
		s.status = TicketStatus.parse(rs.getString("status")).orElseThrow();
		s.priority = Priority.parse(rs.getString("priority")).orElseThrow();
		s.type = TicketType.parse(rs.getString("type")).orElseThrow();
		s.requesterId = rs.getObject("requester_id", UUID.class);
		s.submitterId = rs.getObject("submitter_id", UUID.class);
		s.assigneeId = rs.getObject("assignee_id", UUID.class);
		s.groupId = rs.getObject("group_id", UUID.class);
		s.followerIds = list(rs.getArray("follower_ids"), UUID.class);
		s.tags = list(rs.getArray("tags"), String.class);
		s.channel = rs.getString("channel");
		s.externalRefs = list(rs.getArray("external_refs"), String.class);
		s.customFields = this.json.readValue(rs.getString("custom_fields"), FIELDS);
		s.problemId = rs.getObject("problem_id", UUID.class);
		s.dueAt = instant(rs, "due_at");
		s.mergedIntoId = rs.getObject("merged_into_id", UUID.class);
		s.satisfactionScore = rs.getString("satisfaction_score");
		s.satisfactionComment = rs.getString("satisfaction_comment");
		s.satisfactionRatedAt = instant(rs, "satisfaction_rated_at");
		s.sla.policyId = rs.getObject("sla_policy_id", UUID.class);
		s.sla.firstReplyDueAt = instant(rs, "first_reply_due_at");
		s.sla.nextReplyDueAt = instant(rs, "next_reply_due_at");
		s.sla.resolutionDueAt = instant(rs, "resolution_due_at");
		s.sla.firstRepliedAt = instant(rs, "first_replied_at");
		s.sla.breachedAt = instant(rs, "sla_breached_at");
		s.assignedAt = instant(rs, "assigned_at");
		s.solvedAt = instant(rs, "solved_at");
		s.closedAt = instant(rs, "closed_at");
		s.version = rs.getLong("version");
		s.createdAt = Objects.requireNonNull(instant(rs, "created_at"));
		s.updatedAt = Objects.requireNonNull(instant(rs, "updated_at"));
		return new Ticket(s);
	}

	private static <T> List<T> list(@Nullable Array array, Class<T> type) throws SQLException {
		if (array == null) {
			return List.of();
		}
		Object[] values = (Object[]) array.getArray();
		List<T> result = new ArrayList<>(values.length);
		Arrays.stream(values).map(type::cast).forEach(result::add);
		return result;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		return SqlValues.instant(rs, column);
	}

}
