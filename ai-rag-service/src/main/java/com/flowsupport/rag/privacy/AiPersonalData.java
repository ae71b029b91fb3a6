package com.flowsupport.rag.privacy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.flowsupport.rag.llm.LlmProperties;
import com.flowsupport.shared.privacy.DataSubject;
import com.flowsupport.shared.privacy.PersonalDataParticipant;
import com.flowsupport.shared.privacy.PersonalDataRows;
import com.flowsupport.shared.privacy.ProcessingRecord;
import com.flowsupport.shared.privacy.Redaction;

/**
 * A person in the AI agent: the chat bot conversations they had (by user id or by the
 * email they gave), the questions they asked, the feedback they gave, and the ticket
 * events queued for the autoresponder that name them. Erasure keeps conversations and
 * answers for the tenant's metrics but without the person: what they wrote is redacted,
 * their identifiers are scrubbed from the bot's replies and queued events, references
 * name the tombstone, and their feedback is deleted. ai-rag-service caches nothing about
 * people in Redis.
 */
@Component
class AiPersonalData implements PersonalDataParticipant {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Their conversations, for named parameters {@code tenant, subject, identifiers}. */
	private static final String THEIR_CONVERSATIONS = """
			SELECT id FROM conversation WHERE tenant_id = :tenant AND (customer_id = :subject OR started_by = :subject
				OR lower(customer_email) IN (SELECT lower(value) FROM jsonb_array_elements_text(CAST(:identifiers AS jsonb))))""";

	private final JdbcClient jdbc;

	private final PersonalDataRows rows;

	private final LlmProperties llm;

	AiPersonalData(JdbcClient jdbc, LlmProperties llm) {
		this.jdbc = jdbc;
		this.rows = new PersonalDataRows(jdbc);
		this.llm = llm;
	}

	@Override
	public String section() {
		return "conversations";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		List<UUID> conversations = conversations(subject);
		String ids = JSON.writeValueAsString(conversations);
		ObjectNode section = JSON.createObjectNode();
		section.set("conversations", this.rows.rows("""
				SELECT id, channel, locale, customer_id, customer_name, customer_email, status, ticket_id,
					handoff_reason, started_by, created_at, updated_at
				FROM conversation WHERE id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid) ORDER BY id""",
				ids));
		section.set("messages", this.rows.rows("""
				SELECT id, conversation_id, role, body, answer_id, created_at FROM conversation_message
				WHERE conversation_id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid) ORDER BY id""",
				ids));
		section.set("questions", this.rows.rows("""
				SELECT id, source, question, answer, citations, confidence, abstained, conversation_id, ticket_id,
					created_at
				FROM answer WHERE tenant_id = ? AND asked_by = ? ORDER BY id""", subject.tenantId(),
				subject.subjectId()));
		section.set("feedback", this.rows.rows("""
				SELECT answer_id, rating, comment, created_at FROM answer_feedback
				WHERE tenant_id = ? AND user_id = ? ORDER BY created_at""", subject.tenantId(), subject.subjectId()));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		List<UUID> conversations = conversations(subject);
		Map<String, Object> params = Map.of("tenant", subject.tenantId(), "subject", subject.subjectId(), "tombstone",
				tombstoneId, "conversations", JSON.writeValueAsString(conversations), "redacted", Redaction.REDACTED);
		Redaction redaction = Redaction.of(subject.identifiers());
		Map<String, Integer> counts = new LinkedHashMap<>();
		int messages = this.jdbc.sql("""
				UPDATE conversation_message SET body = :redacted
				WHERE tenant_id = :tenant AND role = 'customer' AND body <> :redacted
					AND conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
			.params(params)
			.update();
		List<Map.Entry<UUID, String>> replies = this.jdbc.sql("""
				SELECT id, body FROM conversation_message WHERE tenant_id = :tenant AND role <> 'customer'
					AND conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
			.params(params)
			.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("body")))
			.list();
		for (Map.Entry<UUID, String> reply : replies) {
			String redacted = redaction.apply(reply.getValue());
			if (!redacted.equals(reply.getValue())) {
				messages += this.jdbc.sql("UPDATE conversation_message SET body = ? WHERE tenant_id = ? AND id = ?")
					.params(redacted, subject.tenantId(), reply.getKey())
					.update();
			}
		}
		counts.put("messages", messages);
		counts.put("questions", eraseQuestions(subject, tombstoneId, params, redaction));
		counts.put("feedback",
				this.jdbc.sql("DELETE FROM answer_feedback WHERE tenant_id = :tenant AND user_id = :subject")
					.params(params)
					.update());
		counts.put("conversations",
				this.jdbc
					.sql("""
							UPDATE conversation SET customer_id = CASE WHEN customer_id = :subject THEN :tombstone ELSE customer_id END,
								started_by = CASE WHEN started_by = :subject THEN :tombstone ELSE started_by END,
								customer_name = NULL, customer_email = NULL, version = version + 1
							WHERE tenant_id = :tenant
								AND id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
					.params(params)
					.update());
		counts.put("queuedEvents", eraseQueuedEvents(subject, tombstoneId, redaction));
		return counts;
	}

	private int eraseQuestions(DataSubject subject, UUID tombstoneId, Map<String, Object> params, Redaction redaction) {
		List<Map.Entry<UUID, String>> answers = this.jdbc.sql("""
				SELECT id, answer FROM answer WHERE tenant_id = :tenant AND (asked_by = :subject
					OR conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid))
					AND question <> :redacted""")
			.params(params)
			.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getString("answer")))
			.list();
		for (Map.Entry<UUID, String> answer : answers) {
			this.jdbc.sql("""
					UPDATE answer SET question = ?, answer = ?,
						asked_by = CASE WHEN asked_by = ? THEN ? ELSE asked_by END
					WHERE tenant_id = ? AND id = ?""")
				.params(Redaction.REDACTED, redaction.apply(answer.getValue()), subject.subjectId(), tombstoneId,
						subject.tenantId(), answer.getKey())
				.update();
		}
		return answers.size();
	}

	/**
	 * Ticket events for the autoresponder carry what people wrote: handled ones are
	 * emptied, waiting ones keep their shape without the person's identifiers.
	 */
	private int eraseQueuedEvents(DataSubject subject, UUID tombstoneId, Redaction redaction) {
		int emptied = this.jdbc.sql("""
				UPDATE autoresponder_job SET payload = '{}'
				WHERE tenant_id = ? AND status = 'done' AND strpos(payload::text, ?) > 0""")
			.params(subject.tenantId(), subject.subjectId().toString())
			.update();
		List<Map.Entry<UUID, String>> waiting = this.jdbc.sql("""
				SELECT id, payload::text FROM autoresponder_job
				WHERE tenant_id = ? AND status = 'pending' AND strpos(payload::text, ?) > 0""")
			.params(subject.tenantId(), subject.subjectId().toString())
			.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class), rs.getString(2)))
			.list();
		Map<String, String> replacements = Map.of(subject.subjectId().toString(), tombstoneId.toString());
		for (Map.Entry<UUID, String> job : waiting) {
			JsonNode redacted = redaction.apply(JSON.readTree(job.getValue()), replacements);
			this.jdbc.sql("UPDATE autoresponder_job SET payload = CAST(? AS jsonb) WHERE tenant_id = ? AND id = ?")
				.params(JSON.writeValueAsString(redacted), subject.tenantId(), job.getKey())
				.update();
		}
		return emptied + waiting.size();
	}

	private List<UUID> conversations(DataSubject subject) {
		return this.jdbc.sql(THEIR_CONVERSATIONS)
			.param("tenant", subject.tenantId())
			.param("subject", subject.subjectId())
			.param("identifiers", subject.identifiersJson())
			.query(UUID.class)
			.list();
	}

	@Override
	public ProcessingRecord processing() {
		List<String> recipients = "none".equals(this.llm.provider()) ? List.of()
				: List.of("language model provider (" + this.llm.provider()
						+ ((this.llm.baseUrl() != null) ? " at " + this.llm.baseUrl().getHost() : "") + ")");
		return new ProcessingRecord("AI answers and chat bot",
				List.of("answering customers' questions from the knowledge base", "handing conversations to agents",
						"measuring answer quality"),
				List.of("chat messages", "questions asked", "name and email given in a chat", "answer feedback"),
				List.of("customers", "agents"), "kept until the person's data is erased", recipients);
	}

}
