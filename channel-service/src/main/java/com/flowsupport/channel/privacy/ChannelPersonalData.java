package com.flowsupport.channel.privacy;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * A person in channels: the conversations they had by email, SMS, WhatsApp or the widget,
 * found by their user id or by a contact address they wrote from (identity's stand-in
 * addresses for people known by phone number or as widget visitors included), the
 * messages in them and their widget sessions. Erasure deletes the widget sessions (which
 * ends them), redacts what they wrote and their contact addresses, scrubs their
 * identifiers from what was written to them, and names the tombstone in the conversations
 * that stay for the tenant's history.
 */
@Component
class ChannelPersonalData implements PersonalDataParticipant {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/**
	 * identity's address for someone known by phone number only, e.g.
	 * {@code 15551234567@phone.flowsupport.invalid}.
	 */
	private static final String PHONE_DOMAIN = "@phone.flowsupport.invalid";

	private static final String VISITOR_DOMAIN = "@visitor.flowsupport.invalid";

	private static final String THEIR_CONVERSATIONS = """
			SELECT id FROM conversation WHERE tenant_id = :tenant AND (customer_id = :subject
				OR lower(contact) IN (SELECT value FROM jsonb_array_elements_text(CAST(:addresses AS jsonb)))
				OR lower(email) IN (SELECT value FROM jsonb_array_elements_text(CAST(:addresses AS jsonb)))
				OR regexp_replace(contact, '[^0-9]', '', 'g') IN (SELECT value FROM jsonb_array_elements_text(CAST(:phones AS jsonb))))""";

	private static final String THEIR_SESSIONS = """
			SELECT id FROM widget_session WHERE tenant_id = :tenant AND (
				conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)
				OR lower(email) IN (SELECT value FROM jsonb_array_elements_text(CAST(:addresses AS jsonb)))
				OR lower(external_user_id) IN (SELECT value FROM jsonb_array_elements_text(CAST(:addresses AS jsonb))))""";

	private final JdbcClient jdbc;

	private final PersonalDataRows rows;

	ChannelPersonalData(JdbcClient jdbc) {
		this.jdbc = jdbc;
		this.rows = new PersonalDataRows(jdbc);
	}

	@Override
	public String section() {
		return "messages";
	}

	@Override
	public JsonNode export(DataSubject subject) {
		Map<String, Object> params = params(subject);
		ObjectNode section = JSON.createObjectNode();
		section.set("conversations", this.rows.rows("""
				SELECT c.id, ch.type AS channel_type, c.contact, c.customer_id, c.ticket_id, c.participants, c.subject,
					c.email, c.mode, c.created_at, c.updated_at
				FROM conversation c JOIN channel ch ON ch.id = c.channel_id
				WHERE c.id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid) ORDER BY c.id""",
				params.get("conversations")));
		section.set("messages", this.rows.rows("""
				SELECT id, conversation_id, direction, author, sender, recipient, subject, body, attachments, status,
					ticket_id, created_at
				FROM message WHERE conversation_id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid)
				ORDER BY id""", params.get("conversations")));
		section.set("widgetSessions", this.rows.rows("""
				SELECT id, conversation_id, external_user_id, name, email, last_seen_at, created_at
				FROM widget_session WHERE id IN (SELECT jsonb_array_elements_text(CAST(? AS jsonb))::uuid)
				ORDER BY id""", JSON.writeValueAsString(sessions(params))));
		return section;
	}

	@Override
	public Map<String, Integer> erase(DataSubject subject, UUID tombstoneId) {
		Map<String, Object> params = new LinkedHashMap<>(params(subject));
		params.put("tombstone", tombstoneId);
		params.put("redacted", Redaction.REDACTED);
		params.put("erasedContact", "erased:" + tombstoneId);
		Map<String, Integer> counts = new LinkedHashMap<>();
		counts.put("widgetSessions",
				this.jdbc.sql("""
						DELETE FROM widget_session WHERE tenant_id = :tenant
							AND id IN (SELECT jsonb_array_elements_text(CAST(:sessions AS jsonb))::uuid)""")
					.params(params)
					.param("sessions", JSON.writeValueAsString(sessions(params)))
					.update());
		int messages = this.jdbc.sql("""
				UPDATE message SET body = :redacted, subject = NULL, sender = :redacted, attachments = '[]',
					headers = '{}', updated_at = now()
				WHERE tenant_id = :tenant AND author = 'customer' AND body <> :redacted
					AND conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
			.params(params)
			.update();
		messages += redactMessagesToThem(subject, params);
		counts.put("messages", messages);
		counts.put("conversations",
				this.jdbc
					.sql("""
							UPDATE conversation SET contact = :erasedContact, email = NULL, subject = NULL, participants = '{}',
								customer_id = CASE WHEN customer_id = :subject THEN :tombstone ELSE customer_id END, updated_at = now()
							WHERE tenant_id = :tenant AND contact <> :erasedContact
								AND id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
					.params(params)
					.update());
		return counts;
	}

	private int redactMessagesToThem(DataSubject subject, Map<String, Object> params) {
		Redaction redaction = Redaction.of(subject.identifiers());
		List<Map.Entry<UUID, List<String>>> written = this.jdbc.sql("""
				SELECT id, body, coalesce(subject, '') AS subject, coalesce(recipient, '') AS recipient FROM message
				WHERE tenant_id = :tenant AND author <> 'customer'
					AND conversation_id IN (SELECT jsonb_array_elements_text(CAST(:conversations AS jsonb))::uuid)""")
			.params(params)
			.query((rs, row) -> Map.entry(rs.getObject("id", UUID.class),
					List.of(rs.getString("body"), rs.getString("subject"), rs.getString("recipient"))))
			.list();
		int changed = 0;
		for (Map.Entry<UUID, List<String>> message : written) {
			List<String> before = message.getValue();
			String body = redaction.apply(before.get(0));
			String subjectLine = redaction.apply(before.get(1));
			boolean toThem = !before.get(2).isEmpty();
			if (!body.equals(before.get(0)) || !subjectLine.equals(before.get(1))
					|| (toThem && !Redaction.REDACTED.equals(before.get(2)))) {
				changed += this.jdbc
					.sql("""
							UPDATE message SET body = ?, subject = nullif(?, ''),
								recipient = CASE WHEN recipient IS NULL THEN NULL ELSE ? END, headers = '{}', updated_at = now()
							WHERE tenant_id = ? AND id = ?""")
					.params(body, subjectLine, Redaction.REDACTED, subject.tenantId(), message.getKey())
					.update();
			}
		}
		return changed;
	}

	/**
	 * The person's conversations and contact keys: their identifiers in lower case, with
	 * the visitor ids and phone numbers behind identity's stand-in addresses.
	 */
	private Map<String, Object> params(DataSubject subject) {
		Set<String> addresses = new LinkedHashSet<>();
		Set<String> phones = new LinkedHashSet<>();
		for (String identifier : subject.identifiers()) {
			String address = identifier.toLowerCase(Locale.ROOT).strip();
			addresses.add(address);
			if (address.endsWith(VISITOR_DOMAIN)) {
				addresses.add(address.substring(0, address.length() - VISITOR_DOMAIN.length()));
			}
			String local = address.endsWith(PHONE_DOMAIN)
					? address.substring(0, address.length() - PHONE_DOMAIN.length()) : address;
			String digits = local.replaceAll("[^0-9]", "");
			if (digits.length() >= 6 && local.replaceAll("[0-9+()\\-. ]|whatsapp:", "").isEmpty()) {
				phones.add(digits);
			}
		}
		Map<String, Object> params = new LinkedHashMap<>();
		params.put("tenant", subject.tenantId());
		params.put("subject", subject.subjectId());
		params.put("addresses", JSON.writeValueAsString(addresses));
		params.put("phones", JSON.writeValueAsString(phones));
		List<UUID> conversations = this.jdbc.sql(THEIR_CONVERSATIONS).params(params).query(UUID.class).list();
		params.put("conversations", JSON.writeValueAsString(conversations));
		return params;
	}

	private List<UUID> sessions(Map<String, Object> params) {
		return this.jdbc.sql(THEIR_SESSIONS).params(params).query(UUID.class).list();
	}

	@Override
	public ProcessingRecord processing() {
		List<String> recipients = this.jdbc.sql("SELECT DISTINCT provider FROM channel WHERE enabled ORDER BY provider")
			.query(String.class)
			.list()
			.stream()
			.map((provider) -> switch (provider) {
				case "smtp" -> "the tenant's SMTP mail server";
				case "twilio" -> "Twilio (SMS and WhatsApp delivery)";
				case "meta" -> "Meta (WhatsApp Cloud API)";
				default -> "the chat widget in the tenant's web pages";
			})
			.toList();
		return new ProcessingRecord("customer channels",
				List.of("receiving and answering customers' messages by email, SMS, WhatsApp and chat"),
				List.of("email addresses, phone numbers and messaging ids", "names given in the widget",
						"message contents and attachment metadata", "delivery status"),
				List.of("customers"), "kept until the person's data is erased", recipients);
	}

}
