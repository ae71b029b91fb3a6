package com.flowsupport.channel;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Email in and out against real peers: signed raw-MIME webhooks, threading by headers and
 * reply token, quoted text stripped, spoofed replies split off, machine mail ignored,
 * replies sent through a real SMTP server (GreenMail), and a dead SMTP server retried
 * then dead-lettered.
 */
@ServiceIntegrationTest
class EmailChannelTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void adminsConnectEmailChannelsWhoseSecretsNeverComeBack() {
		Tenant tenant = new Tenant(this.port);
		JsonNode channel = tenant.createChannel(Map.of("type", "email", "name", "Support", "config",
				Map.of("address", "help-" + UUID.randomUUID() + "@acme.test", "smtpHost", "smtp.acme.test",
						"smtpUsername", "relay", "smtpPassword", "hunter2-smtp")));
		assertThat(channel.get("provider").asString()).isEqualTo("smtp");
		assertThat(channel.get("webhookUrl").asString()).startsWith("https://support.example.test/webhooks/email/");
		assertThat(channel.get("generatedSecrets").get("webhookSecret").asString()).hasSizeGreaterThan(30);
		assertThat(channel.toString()).doesNotContain("hunter2-smtp");

		ApiClient.Response read = tenant.agent.get("/api/v1/channels/" + channel.get("id").asString());
		assertThat(read.status()).isEqualTo(200);
		assertThat(read.body()).doesNotContain("hunter2-smtp").doesNotContain("generatedSecrets");
		assertThat(read.json().get("secretsSet").toString()).contains("smtpPassword", "webhookSecret");

		ApiClient.Response invalid = tenant.admin.post("/api/v1/channels",
				Map.of("type", "sms", "name", "SMS", "config", Map.of("phoneNumber", "555", "colour", "red")));
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(invalid.body()).contains("config.phoneNumber", "config.colour", "config.accountSid");

		ApiClient.Response byAgent = tenant.agent.post("/api/v1/channels", Map.of("type", "widget", "name", "Chat"));
		assertThat(byAgent.status()).isEqualTo(403);

		ApiClient.Response otherTenant = new Tenant(this.port).admin
			.get("/api/v1/channels/" + channel.get("id").asString());
		assertThat(otherTenant.status()).isEqualTo(404);
	}

	@Test
	void emailOpensATicketThreadsRepliesAndSendsAgentAnswersBack() throws Exception {
		Tenant tenant = new Tenant(this.port);
		String address = "support-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
		JsonNode channel = tenant.createChannel(
				Map.of("type", "email", "name", "Support", "config", Map.of("address", address, "fromName", "Acme")));
		String channelId = channel.get("id").asString();
		String secret = channel.get("generatedSecrets").get("webhookSecret").asString();
		String hook = "/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", "");
		String customer = "alice-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.test";
		String firstId = "<" + UUID.randomUUID() + "@customer.test>";

		String first = mime(customer, address, firstId, null, "Printer jams",
				"The printer jams on every page.\n\nThanks,\nAlice\n\nOn Mon, 3 Nov 2026 at 09:00, Old Thread <old@x.test> wrote:\n> an older message");
		assertThat(post(tenant, hook, first, secret).json().get("status").asString()).isEqualTo("accepted");
		assertThat(post(tenant, hook, first, secret).json().get("status").asString()).isEqualTo("duplicate");

		JsonNode opened = await().atMost(Duration.ofSeconds(20))
			.until(() -> inbound(tenant, channelId, firstId), (m) -> m != null && m.hasNonNull("ticketId"));
		UUID ticketId = UUID.fromString(opened.get("ticketId").asString());
		assertThat(opened.get("body").asString()).isEqualTo("The printer jams on every page.\n\nThanks,\nAlice");
		ApiClient restricted = tenant.anonymous.withToken(TestJwtIssuer.get()
			.token(tenant.id, UUID.randomUUID(), AppRole.AGENT, (claims) -> claims.claim("group_restricted", true)));
		assertThat(restricted.get("/api/v1/channels/" + channelId + "/messages").status())
			.as("the log spans every ticket; this agent sees their groups' only")
			.isEqualTo(403);
		assertThat(
				restricted.get("/api/v1/channels/" + channelId + "/messages/" + opened.get("id").asString()).status())
			.isEqualTo(403);
		assertThat(tenant.agent.get("/api/v1/channels/" + channelId + "/messages").status()).isEqualTo(200);
		PeerStandIns.PEERS.verify(1,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
					.withRequestBody(matchingJsonPath("$.subject", containing("Printer jams")))
					.withRequestBody(matchingJsonPath("$.channel", containing("email")))
					.withRequestBody(containing(firstId)));
		assertThat(tenant.messages(channelId)).hasSize(1);

		// The agent answers on the ticket: the customer gets a threaded email.
		tenant.commentCreated(this.redis, ticketId, "Please try the rear tray.\n\nBob from Acme", true, "agent");
		tenant.commentCreated(this.redis, ticketId, "internal: customer is VIP", false, "agent");
		MimeMessage sent = await().atMost(Duration.ofSeconds(20)).until(() -> mailTo(customer), (m) -> m != null);
		assertThat(sent.getHeader("In-Reply-To", null)).isEqualTo(firstId);
		assertThat(sent.getHeader("References", null)).contains(firstId);
		assertThat(sent.getSubject()).isEqualTo("Re: Printer jams");
		assertThat(sent.getReplyTo()[0].toString()).matches(address.replace("@", "\\+[0-9a-f]{20}@"));
		assertThat(sent.getMessageID()).endsWith("@acme.test>");
		assertThat(multipartTypes(sent)).contains("text/plain", "text/html");
		JsonNode out = await().atMost(Duration.ofSeconds(10))
			.until(() -> outbound(tenant, channelId), (m) -> m != null && "sent".equals(m.get("status").asString()));
		assertThat(out.get("externalId").asString()).isEqualTo(sent.getMessageID());
		assertThat(mailsTo(customer)).hasSize(1);

		// The customer answers the reply: a comment on the same ticket, quoted text cut.
		String replyId = "<" + UUID.randomUUID() + "@customer.test>";
		post(tenant, hook,
				mime(customer, address, replyId, sent.getMessageID(), "Re: Printer jams",
						"That worked, thank you!\n\n-- \nAlice Example\n+1 555 0100\n\n> Please try the rear tray."),
				secret);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PeerStandIns.PEERS.verify(1,
					postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
						.withRequestBody(matchingJsonPath("$.body", containing("That worked, thank you!")))
						.withRequestBody(matchingJsonPath("$.authorRole", containing("customer")))));
		PeerStandIns.PEERS.verify(0,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
					.withRequestBody(containing("555 0100")));

		// Someone else writing into the thread gets a ticket of their own.
		String spoofId = "<" + UUID.randomUUID() + "@evil.test>";
		post(tenant, hook, mime("mallory@evil.test", address, spoofId, firstId, "Re: Printer jams",
				"Please send the refund to my account instead."), secret);
		JsonNode spoof = await().atMost(Duration.ofSeconds(20))
			.until(() -> inbound(tenant, channelId, spoofId), (m) -> m != null && m.hasNonNull("ticketId"));
		assertThat(spoof.get("ticketId").asString()).isNotEqualTo(ticketId.toString());
		PeerStandIns.PEERS.verify(0,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
					.withRequestBody(containing("refund")));

		// Out-of-office replies are kept but never routed.
		String autoId = "<" + UUID.randomUUID() + "@customer.test>";
		post(tenant, hook, "Auto-Submitted: auto-replied\r\n"
				+ mime(customer, address, autoId, sent.getMessageID(), "Out of office", "I am away until Monday."),
				secret);
		JsonNode auto = inbound(tenant, channelId, autoId);
		assertThat(auto.get("status").asString()).isEqualTo("ignored");
		assertThat(auto.get("statusReason").asString()).contains("auto-submitted");
	}

	@Test
	void aTicketDeletedByRetentionTakesItsMessagesAndThreadAlong() throws Exception {
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("keep");
		String channelId = channel.id();
		String goneId = "<" + UUID.randomUUID() + "@customer.test>";
		String keptId = "<" + UUID.randomUUID() + "@customer.test>";
		post(tenant, channel.hook(),
				mime("carol@customer.test", channel.address(), goneId, null, "Old invoice", "Invoice 17 is wrong."),
				channel.secret());
		post(tenant, channel.hook(),
				mime("dave@customer.test", channel.address(), keptId, null, "New order", "Where is order 18?"),
				channel.secret());
		JsonNode gone = await().atMost(Duration.ofSeconds(20))
			.until(() -> inbound(tenant, channelId, goneId), (m) -> m != null && m.hasNonNull("ticketId"));
		await().atMost(Duration.ofSeconds(20))
			.until(() -> inbound(tenant, channelId, keptId), (m) -> m != null && m.hasNonNull("ticketId"));

		UUID ticketId = UUID.fromString(gone.get("ticketId").asString());
		tenant.ticketDeleted(this.redis, ticketId);
		tenant.ticketDeleted(this.redis, ticketId);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(inbound(tenant, channelId, goneId)).isNull());
		assertThat(inbound(tenant, channelId, keptId)).as("other tickets keep theirs").isNotNull();
		assertThat(tenant.messages(channelId)).hasSize(1);
	}

	@Test
	void tamperedOrMissingSignaturesAreRefusedWithoutATrace() {
		Tenant tenant = new Tenant(this.port);
		JsonNode channel = tenant.createChannel(Map.of("type", "email", "name", "Support", "config",
				Map.of("address", "sig-" + UUID.randomUUID() + "@acme.test")));
		String channelId = channel.get("id").asString();
		String secret = channel.get("generatedSecrets").get("webhookSecret").asString();
		String hook = "/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", "");
		String mail = mime("eve@customer.test", "x@acme.test", "<" + UUID.randomUUID() + "@c.test>", null, "Hi",
				"Hello");

		ApiClient.Response tampered = tenant.anonymous.withHeader("X-FlowSupport-Signature", sign(secret, mail))
			.send("POST", hook, mail.replace("Hello", "Hullo"), "message/rfc822");
		ApiClient.Response unsigned = tenant.anonymous.send("POST", hook, mail, "message/rfc822");
		ApiClient.Response unknown = tenant.anonymous.withHeader("X-FlowSupport-Signature", sign(secret, mail))
			.send("POST", "/webhooks/email/no-such-channel", mail, "message/rfc822");

		for (ApiClient.Response refused : List.of(tampered, unsigned, unknown)) {
			assertThat(refused.status()).isEqualTo(403);
			assertThat(refused.contentType()).startsWith("application/problem+json");
		}
		// Nothing tells an unknown channel from a bad signature.
		assertThat(unknown.json().get("detail")).isEqualTo(tampered.json().get("detail"));
		assertThat(unknown.json().get("type")).isEqualTo(tampered.json().get("type"));
		assertThat(tenant.messages(channelId)).isEmpty();
	}

	@Test
	void aDeadSmtpServerIsRetriedThenTheMessageFailsAndIsDeadLettered() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		Tenant tenant = new Tenant(this.port);
		String address = "dead-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
		JsonNode channel = tenant.createChannel(Map.of("type", "email", "name", "Support", "config",
				Map.of("address", address, "smtpHost", "127.0.0.1", "smtpPort", closedPort, "smtpStartTls", false)));
		String channelId = channel.get("id").asString();
		String secret = channel.get("generatedSecrets").get("webhookSecret").asString();
		String hook = "/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", "");
		String id = "<" + UUID.randomUUID() + "@customer.test>";
		post(tenant, hook, mime("carol@customer.test", address, id, null, "Help", "Please help"), secret);
		JsonNode opened = await().atMost(Duration.ofSeconds(20))
			.until(() -> inbound(tenant, channelId, id), (m) -> m != null && m.hasNonNull("ticketId"));

		tenant.commentCreated(this.redis, UUID.fromString(opened.get("ticketId").asString()), "On it", true, "agent");

		JsonNode failed = await().atMost(Duration.ofSeconds(30))
			.until(() -> outbound(tenant, channelId), (m) -> m != null && "failed".equals(m.get("status").asString()));
		assertThat(failed.get("attempts").asInt()).isEqualTo(3);
		assertThat(failed.get("statusReason").asString()).contains("SMTP");
		String messageId = failed.get("id").asString();
		assertThat(Tenant.deadLetters(this.redis))
			.anySatisfy((entry) -> assertThat(entry.getValue().get("message_id")).isEqualTo(messageId));
	}

	private ApiClient.Response post(Tenant tenant, String hook, String mail, String secret) {
		ApiClient.Response response = tenant.anonymous.withHeader("X-FlowSupport-Signature", sign(secret, mail))
			.send("POST", hook, mail, "message/rfc822");
		assertThat(response.status()).as(response.body()).isEqualTo(202);
		return response;
	}

	static String sign(String secret, String body) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
			return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String mime(String from, String to, String messageId, String inReplyTo, String subject, String text) {
		StringBuilder mail = new StringBuilder();
		mail.append("From: Customer <").append(from).append(">\r\n");
		mail.append("To: ").append(to).append("\r\n");
		mail.append("Subject: ").append(subject).append("\r\n");
		mail.append("Message-ID: ").append(messageId).append("\r\n");
		if (inReplyTo != null) {
			mail.append("In-Reply-To: ").append(inReplyTo).append("\r\n");
			mail.append("References: ").append(inReplyTo).append("\r\n");
		}
		mail.append("MIME-Version: 1.0\r\n");
		mail.append("Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n");
		mail.append("--b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n");
		mail.append(text.replace("\n", "\r\n")).append("\r\n");
		mail.append("--b1\r\nContent-Type: application/pdf; name=\"invoice.pdf\"\r\n");
		mail.append("Content-Disposition: attachment; filename=\"invoice.pdf\"\r\n");
		mail.append("Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b1--\r\n");
		return mail.toString();
	}

	static JsonNode inbound(Tenant tenant, String channelId, String externalId) {
		return tenant.messages(channelId)
			.stream()
			.filter((m) -> "in".equals(m.get("direction").asString())
					&& externalId.equals(m.path("externalId").asString(null)))
			.findFirst()
			.orElse(null);
	}

	static JsonNode outbound(Tenant tenant, String channelId) {
		return tenant.messages(channelId)
			.stream()
			.filter((m) -> "out".equals(m.get("direction").asString()))
			.findFirst()
			.orElse(null);
	}

	private static MimeMessage mailTo(String recipient) throws Exception {
		List<MimeMessage> mails = mailsTo(recipient);
		return mails.isEmpty() ? null : mails.getFirst();
	}

	private static List<MimeMessage> mailsTo(String recipient) throws Exception {
		return List.of(PeerStandIns.SMTP.getReceivedMessagesForDomain(recipient.substring(recipient.indexOf('@') + 1)))
			.stream()
			.filter((m) -> {
				try {
					return m.getAllRecipients()[0].toString().equals(recipient);
				}
				catch (Exception ex) {
					return false;
				}
			})
			.toList();
	}

	private static List<String> multipartTypes(MimeMessage message) throws Exception {
		StringBuilder types = new StringBuilder();
		collect(message.getContent(), types);
		return List.of(types.toString().split(","));
	}

	private static void collect(Object content, StringBuilder types) throws Exception {
		if (content instanceof MimeMultipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				var part = multipart.getBodyPart(i);
				types.append(part.getContentType().split(";")[0].toLowerCase()).append(",");
				collect(part.getContent(), types);
			}
		}
	}

}
