package com.flowsupport.channel.privacy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.PersonalDataTraces;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * channel-service's part of data-subject requests: a person who wrote by SMS (known to
 * identity only by their phone number) and through the widget, with someone else's thread
 * and another tenant's beside them. The rows are written directly, as the channels would
 * have left them; export and erasure run through the privacy endpoint under row-level
 * security.
 */
@ServiceIntegrationTest
class ChannelPersonalDataTests {

	static final String PHONE = "+1 555 010 0777";

	static final String EMAIL = "ilse.varga@example.test";

	@Value("${local.server.port}")
	int port;

	@Test
	void aPersonsThreadsAreExportedThenRedactedTheirSessionsEndedAndNobodyElseTouched() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID person = UUID.randomUUID();
		UUID otherTenant = UUID.randomUUID();
		UUID sms;
		UUID widget;
		UUID someoneElse;
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			UUID smsChannel = channel(admin, tenant, "sms", "twilio");
			UUID widgetChannel = channel(admin, tenant, "widget", "widget");
			sms = conversation(admin, tenant, smsChannel, PHONE, null, null);
			message(admin, tenant, smsChannel, sms, "in", "customer", PHONE, null,
					"Hi, Ilse Varga here, call me on " + PHONE);
			message(admin, tenant, smsChannel, sms, "out", "agent", null, "+15550100777",
					"Hello Ilse, we will call you");
			widget = conversation(admin, tenant, widgetChannel, "visitor-7f3a", person, EMAIL);
			message(admin, tenant, widgetChannel, widget, "in", "customer", null, null, "My order is late");
			try (PreparedStatement insert = admin.prepareStatement("""
					INSERT INTO channel.widget_session (id, tenant_id, channel_id, token_hash, conversation_id,
						external_user_id, name, email)
					VALUES (?, ?, ?, ?, ?, 'visitor-7f3a', 'Ilse Varga', ?)""")) {
				insert.setObject(1, UUID.randomUUID());
				insert.setObject(2, tenant);
				insert.setObject(3, widgetChannel);
				insert.setBytes(4, UUID.randomUUID().toString().getBytes());
				insert.setObject(5, widget);
				insert.setString(6, EMAIL);
				insert.executeUpdate();
			}
			someoneElse = conversation(admin, tenant, smsChannel, "+15559990000", null, null);
			message(admin, tenant, smsChannel, someoneElse, "in", "customer", "+15559990000", null, "Where is my box?");
			UUID elsewhere = channel(admin, otherTenant, "sms", "twilio");
			message(admin, otherTenant, elsewhere, conversation(admin, otherTenant, elsewhere, PHONE, null, null), "in",
					"customer", PHONE, null, "Ilse Varga in another tenant");
		}
		ApiClient identity = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().serviceToken(tenant, "identity-service"));
		String base = "/internal/v1/privacy/subjects/" + person;
		List<String> identifiers = List.of("15550100777@phone.flowsupport.invalid", EMAIL, "Ilse Varga", "Ilse",
				"Varga");

		JsonNode export = identity.post(base + "/export", Map.of("identifiers", identifiers))
			.json()
			.at("/sections/messages");
		assertThat(export.get("conversations").findValuesAsString("id")).containsExactlyInAnyOrder(sms.toString(),
				widget.toString());
		assertThat(export.get("messages").findValuesAsString("body")).contains("My order is late",
				"Hello Ilse, we will call you");
		assertThat(export.get("widgetSessions").findValuesAsString("name")).containsExactly("Ilse Varga");
		assertThat(export.toString()).doesNotContain(someoneElse.toString()).doesNotContain("another tenant");

		UUID tombstone = UUID.randomUUID();
		Map<String, Object> erasure = Map.of("tombstoneId", tombstone.toString(), "identifiers", identifiers);
		JsonNode erased = identity.post(base + "/erasure", erasure).json().at("/erased/messages");
		assertThat(erased.get("widgetSessions").asInt()).isEqualTo(1);
		assertThat(erased.get("conversations").asInt()).isEqualTo(2);
		assertThat(erased.get("messages").asInt()).isEqualTo(3);
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			List<String> traces = PersonalDataTraces.find(admin, "channel",
					List.of("0100777", "010 0777", EMAIL, "ilse", "varga", "order is late", person.toString()),
					PersonalDataTraces.PLATFORM_TABLES);
			assertThat(traces).isNotEmpty().allMatch((row) -> row.contains(otherTenant.toString()));
			assertThat(PersonalDataTraces.find(admin, "channel", List.of("Where is my box?"), Set.of())).hasSize(1);
		}

		JsonNode again = identity.post(base + "/erasure", erasure).json().at("/erased/messages");
		assertThat(again.get("widgetSessions").asInt()).isZero();
		assertThat(again.get("conversations").asInt()).isZero();
		assertThat(again.get("messages").asInt()).isZero();
		assertThat(identity.post(base + "/export", Map.of("identifiers", identifiers))
			.json()
			.at("/sections/messages/conversations")
			.size()).isZero();
		JsonNode records = identity.get("/internal/v1/privacy/processing-records").json();
		assertThat(records.at("/records/0/recipients").toString()).contains("Twilio");
	}

	private static UUID channel(Connection admin, UUID tenant, String type, String provider) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = admin.prepareStatement("""
				INSERT INTO channel.channel (id, tenant_id, type, provider, name, route_key, secrets)
				VALUES (?, ?, ?, ?, 'Test', ?, '\\x00')""")) {
			insert.setObject(1, id);
			insert.setObject(2, tenant);
			insert.setString(3, type);
			insert.setString(4, provider);
			insert.setString(5, id.toString());
			insert.executeUpdate();
		}
		return id;
	}

	private static UUID conversation(Connection admin, UUID tenant, UUID channel, String contact, UUID customer,
			String email) throws SQLException {
		UUID id = UUID.randomUUID();
		try (PreparedStatement insert = admin.prepareStatement(
				"""
						INSERT INTO channel.conversation (id, tenant_id, channel_id, contact, customer_id, reply_token, email, mode)
						VALUES (?, ?, ?, ?, ?, ?, ?, 'ticket')""")) {
			insert.setObject(1, id);
			insert.setObject(2, tenant);
			insert.setObject(3, channel);
			insert.setString(4, contact);
			insert.setObject(5, customer);
			insert.setString(6, UUID.randomUUID().toString());
			insert.setString(7, email);
			insert.executeUpdate();
		}
		return id;
	}

	private static void message(Connection admin, UUID tenant, UUID channel, UUID conversation, String direction,
			String author, String sender, String recipient, String body) throws SQLException {
		try (PreparedStatement insert = admin.prepareStatement("""
				INSERT INTO channel.message (id, tenant_id, channel_id, conversation_id, direction, author, sender,
					recipient, body, status)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'processed')""")) {
			insert.setObject(1, UUID.randomUUID());
			insert.setObject(2, tenant);
			insert.setObject(3, channel);
			insert.setObject(4, conversation);
			insert.setString(5, direction);
			insert.setString(6, author);
			insert.setString(7, sender);
			insert.setString(8, recipient);
			insert.setString(9, body);
			insert.executeUpdate();
		}
	}

}
