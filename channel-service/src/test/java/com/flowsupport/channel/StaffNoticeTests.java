package com.flowsupport.channel;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Business rules' notices to anyone but the requester (the ticket's assignee, its group's
 * active members, a named user) are emailed to them from the ticket's email channel
 * through the delivery queue, as machine mail that names its ticket, and the customer
 * gets none of them.
 */
@ServiceIntegrationTest
class StaffNoticeTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void noticesReachTheAssigneeTheGroupAndANamedUserButNotTheCustomer() throws Exception {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("notices");
		String address = channel.address();
		String channelId = channel.id();
		String secret = channel.secret();
		String hook = channel.hook();
		String customer = "cust-" + run + "@customer.test";
		String firstId = "<" + UUID.randomUUID() + "@customer.test>";
		String mail = EmailChannelTests.mime(customer, address, firstId, null, "Refund please", "I want a refund.");
		assertThat(tenant.anonymous.withHeader("X-FlowSupport-Signature", EmailChannelTests.sign(secret, mail))
			.send("POST", hook, mail, "message/rfc822")
			.status()).isEqualTo(202);
		UUID ticketId = UUID.fromString(await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.inbound(tenant, channelId, firstId),
					(m) -> m != null && m.hasNonNull("ticketId"))
			.get("ticketId")
			.asString());

		UUID assignee = UUID.randomUUID();
		UUID group = UUID.randomUUID();
		UUID member = UUID.randomUUID();
		UUID away = UUID.randomUUID();
		UUID lead = UUID.randomUUID();
		PeerStandIns.PEERS.stubFor(
				get(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId)).willReturn(okJson("{\"id\":\"" + ticketId
						+ "\",\"number\":7,\"assigneeId\":\"" + assignee + "\",\"groupId\":\"" + group + "\"}")));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/identity/api/v1/groups/" + group))
			.willReturn(okJson("{\"id\":\"" + group + "\",\"name\":\"Billing\",\"members\":[\"" + member + "\",\""
					+ away + "\"],\"memberDetails\":[{\"id\":\"" + member
					+ "\",\"role\":\"agent\",\"status\":\"active\"},{\"id\":\"" + away
					+ "\",\"role\":\"agent\",\"status\":\"disabled\"}]}")));
		for (UUID user : List.of(assignee, member, away, lead)) {
			PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/identity/api/v1/users/" + user))
				.willReturn(okJson("{\"id\":\"" + user + "\",\"email\":\"" + user + "@staff.test\",\"status\":\""
						+ (user.equals(away) ? "disabled" : "active") + "\"}")));
		}

		tenant.notificationRequested(this.redis, ticketId, "assignee", "Ticket #7 is yours", "Refund asked.");
		tenant.notificationRequested(this.redis, ticketId, "group", "Ticket #7 in Billing", "Refund asked.");
		tenant.notificationRequested(this.redis, ticketId, lead.toString(), "Ticket #7 escalated", "Refund asked.");

		MimeMessage toAssignee = await().atMost(Duration.ofSeconds(20))
			.until(() -> mailTo(assignee + "@staff.test"), (m) -> m != null);
		assertThat(toAssignee.getSubject()).isEqualTo("Ticket #7 is yours");
		assertThat(toAssignee.getFrom()[0].toString()).contains(address);
		assertThat(toAssignee.getHeader("Auto-Submitted", null)).isEqualTo("auto-generated");
		assertThat(toAssignee.getHeader("X-FlowSupport-Channel", null)).isEqualTo(channelId);
		assertThat(toAssignee.getMessageID()).endsWith("@acme.test>");
		assertThat(toAssignee.getReplyTo()[0].toString()).contains(address).doesNotContain("+");
		assertThat(toAssignee.getAllRecipients()).hasSize(1);
		assertThat(await().atMost(Duration.ofSeconds(20))
			.until(() -> mailTo(member + "@staff.test"), (m) -> m != null)
			.getSubject()).isEqualTo("Ticket #7 in Billing");
		assertThat(await().atMost(Duration.ofSeconds(20))
			.until(() -> mailTo(lead + "@staff.test"), (m) -> m != null)
			.getSubject()).isEqualTo("Ticket #7 escalated");

		List<JsonNode> notices = await().atMost(Duration.ofSeconds(10))
			.until(() -> tenant.messages(channelId)
				.stream()
				.filter((m) -> "out".equals(m.get("direction").asString()))
				.toList(),
					(list) -> list.size() == 3
							&& list.stream().allMatch((m) -> "sent".equals(m.get("status").asString())));
		assertThat(notices).extracting((m) -> m.get("recipient").asString())
			.containsExactlyInAnyOrder(assignee + "@staff.test", member + "@staff.test", lead + "@staff.test");
		assertThat(mailTo(away + "@staff.test")).isNull();
		assertThat(mailTo(customer)).isNull();
	}

	private static MimeMessage mailTo(String recipient) {
		return Arrays.stream(PeerStandIns.SMTP.getReceivedMessages()).filter((m) -> {
			try {
				return m.getAllRecipients()[0].toString().equals(recipient);
			}
			catch (Exception ex) {
				return false;
			}
		}).findFirst().orElse(null);
	}

}
