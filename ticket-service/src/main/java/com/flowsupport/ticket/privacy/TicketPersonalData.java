package com.flowsupport.ticket.privacy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.flowsupport.shared.privacy.DataSubject;
import com.flowsupport.shared.privacy.PersonalDataParticipant;
import com.flowsupport.shared.privacy.PersonalDataRows;
import com.flowsupport.shared.privacy.ProcessingRecord;
import com.flowsupport.shared.privacy.Redaction;

/**
 * A person in tickets: as requester, submitter, assignee or follower, as the author of
 * comments and as the actor or a value of history entries. Erasure keeps every ticket and
 * its history: references name the tombstone, what the person wrote (their tickets'
 * subject and description, their comments, their satisfaction comment) is redacted, their
 * attachments' metadata is dropped, and their identifiers are scrubbed from other
 * people's comments on their tickets, from the history and from the search index.
 */
@Component
class TicketPersonalData implements PersonalDataParticipant {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The tickets a person appears on, for named parameters {@code tenant, subject}. */
	private static final String INVOLVED = """
			tenant_id = :tenant AND (requester_id = :subject OR submitter_id = :subject OR assignee_id = :subject
				OR :subject = ANY (follower_ids))""";

	private final JdbcClient jdbc;

	private final PersonalDataRows rows;

	private final RetentionPolicies policies;

	TicketPersonalData(JdbcClient jdbc, RetentionPolicies policies) {
		this.jdbc = jdbc;
		this.rows = new PersonalDataRows(jdbc);
		this.policies = policies;
	}

	@Override
	public String section() {
		return "tickets";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		UUID tenant = subject.tenantId();
		UUID person = subject.subjectId();
		ObjectNode section = JSON.createObjectNode();
		section.set("tickets",
				this.rows.rows(
						"""
								SELECT id, number, subject, description, status, priority, type, requester_id, submitter_id,
									assignee_id, group_id, follower_ids, tags, channel, custom_fields, satisfaction_score,
									satisfaction_comment, satisfaction_rated_at, created_at, updated_at, solved_at, closed_at
								FROM ticket
								WHERE tenant_id = ? AND (requester_id = ? OR submitter_id = ? OR assignee_id = ? OR ? = ANY (follower_ids))
								ORDER BY number""",
						tenant, person, person, person, person));
		// Their own comments, and the public conversation on the tickets they asked for.
		section.set("comments", this.rows.rows("""
				SELECT c.id, c.ticket_id, c.author_id, c.author_role, c.body, c.public, c.channel, c.attachments,
					c.created_at
				FROM ticket_comment c
				WHERE c.tenant_id = ? AND (c.author_id = ? OR (c.public AND c.ticket_id IN
					(SELECT id FROM ticket WHERE tenant_id = ? AND requester_id = ?)))
				ORDER BY c.id""", tenant, person, tenant, person));
		section.set("events", this.rows.rows("""
				SELECT id, ticket_id, actor_id, actor_role, via, changes, occurred_at
				FROM ticket_audit
				WHERE tenant_id = ? AND (actor_id = ? OR strpos(changes::text, ?) > 0)
				ORDER BY id""", tenant, person, person.toString()));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		Map<String, Object> params = Map.of("tenant", subject.tenantId(), "subject", subject.subjectId(), "tombstone",
				tombstoneId);
		List<UUID> involved = this.jdbc.sql("SELECT id FROM ticket WHERE " + INVOLVED)
			.params(params)
			.query(UUID.class)
			.list();
		// What the person wrote goes from the history too, wherever it was copied.
		List<String> redactions = new ArrayList<>(subject.identifiers());
		this.jdbc.sql("""
				SELECT subject, description FROM ticket
				WHERE tenant_id = :tenant AND (requester_id = :subject OR submitter_id = :subject)""")
			.params(params)
			.query((rs, row) -> List.of(rs.getString("subject"), rs.getString("description")))
			.list()
			.forEach(redactions::addAll);
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("events",
				this.jdbc
					.sql("SELECT erase_from_ticket_audit(:subject, :tombstone, "
							+ "ARRAY(SELECT jsonb_array_elements_text(CAST(:redactions AS jsonb))), "
							+ "ARRAY(SELECT jsonb_array_elements_text(CAST(:tickets AS jsonb))::uuid))")
					.params(params)
					.param("redactions", JSON.writeValueAsString(redactions))
					.param("tickets", JSON.writeValueAsString(involved))
					.query(Integer.class)
					.single());
		int comments = this.jdbc.sql("""
				UPDATE ticket_comment
				SET body = :redacted, attachments = '[]', external_ref = NULL, author_id = :tombstone
				WHERE tenant_id = :tenant AND author_id = :subject""")
			.params(params)
			.param("redacted", Redaction.REDACTED)
			.update();
		comments += redactOthersComments(subject, involved);
		counts.put("comments", comments);
		counts.put("tickets",
				this.jdbc
					.sql("""
							UPDATE ticket SET
								subject = CASE WHEN requester_id = :subject OR submitter_id = :subject THEN :redacted ELSE subject END,
								description = CASE WHEN requester_id = :subject OR submitter_id = :subject THEN :redacted
									ELSE description END,
								satisfaction_comment = CASE WHEN requester_id = :subject THEN NULL ELSE satisfaction_comment END,
								requester_id = CASE WHEN requester_id = :subject THEN :tombstone ELSE requester_id END,
								submitter_id = CASE WHEN submitter_id = :subject THEN :tombstone ELSE submitter_id END,
								assignee_id = CASE WHEN assignee_id = :subject THEN :tombstone ELSE assignee_id END,
								follower_ids = array_replace(follower_ids, :subject, :tombstone),
								version = version + 1
							WHERE\s"""
							+ INVOLVED)
					.params(params)
					.param("redacted", Redaction.REDACTED)
					.update());
		redactCustomFields(subject, involved);
		reindex(subject.tenantId(), involved);
		counts.put("searchTerms", this.jdbc.sql("""
				DELETE FROM search_term
				WHERE tenant_id = :tenant AND term IN (SELECT unnest(tsvector_to_array(to_tsvector('simple',
					(SELECT string_agg(value, ' ') FROM jsonb_array_elements_text(CAST(:identifiers AS jsonb)))))))""")
			.param("tenant", subject.tenantId())
			.param("identifiers", subject.identifiersJson())
			.update());
		return counts;
	}

	private int redactOthersComments(DataSubject subject, List<UUID> tickets) {
		Redaction redaction = Redaction.of(subject.identifiers());
		int changed = 0;
		for (UUID ticket : tickets) {
			List<Map.Entry<UUID, String>> comments = this.jdbc
				.sql("SELECT id, body FROM ticket_comment WHERE tenant_id = ? AND ticket_id = ?")
				.params(subject.tenantId(), ticket)
				.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("body")))
				.list();
			for (Map.Entry<UUID, String> comment : comments) {
				String redacted = redaction.apply(comment.getValue());
				if (!redacted.equals(comment.getValue())) {
					changed += this.jdbc.sql("UPDATE ticket_comment SET body = ? WHERE tenant_id = ? AND id = ?")
						.params(redacted, subject.tenantId(), comment.getKey())
						.update();
				}
			}
		}
		return changed;
	}

	private void redactCustomFields(DataSubject subject, List<UUID> tickets) {
		Redaction redaction = Redaction.of(subject.identifiers());
		for (UUID ticket : tickets) {
			String fields = this.jdbc.sql("SELECT custom_fields::text FROM ticket WHERE tenant_id = ? AND id = ?")
				.params(subject.tenantId(), ticket)
				.query(String.class)
				.single();
			JsonNode redacted = redaction.apply(JSON.readTree(fields), Map.of());
			if (!redacted.equals(JSON.readTree(fields))) {
				this.jdbc.sql("UPDATE ticket SET custom_fields = CAST(? AS jsonb) WHERE tenant_id = ? AND id = ?")
					.params(JSON.writeValueAsString(redacted), subject.tenantId(), ticket)
					.update();
			}
		}
	}

	/**
	 * Rebuilds the search documents of the tickets, which still hold words of the text
	 * just redacted.
	 */
	private void reindex(UUID tenant, List<UUID> tickets) {
		this.jdbc.sql("""
				UPDATE ticket t SET search = setweight(to_tsvector('english', t.subject), 'A')
					|| setweight(to_tsvector('english', t.description), 'B')
					|| coalesce((SELECT setweight(to_tsvector('english', string_agg(c.body, ' ')), 'C')
						FROM ticket_comment c WHERE c.ticket_id = t.id), ''::tsvector)
				WHERE t.tenant_id = ? AND t.id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid)""")
			.params(tenant, JSON.writeValueAsString(tickets))
			.update();
	}

	@Override
	public ProcessingRecord processing() {
		String retention = this.policies.current()
			.period()
			.map((days) -> "closed tickets are deleted " + days + " days after closing")
			.orElse("kept until deleted or the person's data is erased (no retention policy)");
		return new ProcessingRecord("support tickets",
				List.of("answering customers' support requests", "measuring service quality (SLA, satisfaction)"),
				List.of("user references (requester, assignee, followers)", "ticket subjects and descriptions",
						"comments and attachment metadata", "satisfaction ratings and comments", "ticket history"),
				List.of("customers", "agents"), retention, List.of());
	}

}
