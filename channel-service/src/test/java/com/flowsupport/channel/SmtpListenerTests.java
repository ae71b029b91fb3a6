package com.flowsupport.channel;

import java.time.Duration;
import java.util.Properties;
import java.util.UUID;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The built-in SMTP listener, spoken to by Jakarta Mail's SMTP client: mail for a
 * channel's address goes the way of the raw-MIME webhook (a ticket, a threaded reply as a
 * comment, the same Message-ID stored once, auto-replies ignored); other recipients are
 * refused at RCPT TO, so it relays nothing, and mail over the limit is refused.
 */
@ServiceIntegrationTest
class SmtpListenerTests {

	@Value("${local.server.port}")
	int port;

	@Value("${local.smtp.port}")
	int smtpPort;

	@Test
	void mailToAChannelAddressTakesTheWebhooksWay() throws Exception {
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("desk");
		String address = channel.address();
		String channelId = channel.id();
		String customer = "dana-" + UUID.randomUUID().toString().substring(0, 8) + "@customer.test";

		MimeMessage first = mail(customer, address.toUpperCase(), "Invoice wrong", "The invoice total is wrong.");
		first.saveChanges();
		send(first, first.getAllRecipients());
		send(first, first.getAllRecipients());
		String firstId = first.getMessageID();
		JsonNode opened = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.inbound(tenant, channelId, firstId),
					(m) -> m != null && m.hasNonNull("ticketId"));
		assertThat(opened.get("sender").asString()).isEqualTo(customer);
		assertThat(opened.get("body").asString()).isEqualTo("The invoice total is wrong.");
		PeerStandIns.PEERS.verify(1, postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
			.withRequestBody(matchingJsonPath("$.subject", containing("Invoice wrong"))));

		MimeMessage reply = mail(customer, address, "Re: Invoice wrong", "It should be 40 EUR.");
		reply.setHeader("In-Reply-To", firstId);
		reply.setHeader("References", firstId);
		reply.saveChanges();
		send(reply, reply.getAllRecipients());
		String ticketId = opened.get("ticketId").asString();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PeerStandIns.PEERS.verify(1,
					postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
						.withRequestBody(matchingJsonPath("$.body", containing("40 EUR")))));

		MimeMessage away = mail(customer, address, "Out of office", "Back on Monday.");
		away.setHeader("Auto-Submitted", "auto-replied");
		away.saveChanges();
		send(away, away.getAllRecipients());
		JsonNode ignored = EmailChannelTests.inbound(tenant, channelId, away.getMessageID());
		assertThat(ignored.get("status").asString()).isEqualTo("ignored");
		assertThat(tenant.messages(channelId)).hasSize(3);
	}

	@Test
	void otherRecipientsAreRefusedAtRcptToSoNothingIsRelayed() throws Exception {
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("known");

		for (String stranger : new String[] { "someone@elsewhere.test", "nobody@acme.test",
				channel.address().replace("known-", "known") }) {
			MimeMessage relay = mail("spammer@bulk.test", stranger, "Cheap pills", "Buy now");
			MessagingException refused = catchThrowableOfType(MessagingException.class,
					() -> send(relay, relay.getAllRecipients()));
			assertThat(refused).as(stranger).isNotNull();
			assertThat(refused.getNextException()).isInstanceOf(SMTPAddressFailedException.class);
			assertThat(((SMTPAddressFailedException) refused.getNextException()).getReturnCode()).isEqualTo(550);
		}
		assertThat(tenant.messages(channel.id())).isEmpty();
	}

	@Test
	void mailOverTheSizeLimitIsRefused() throws Exception {
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("big");

		MimeMessage large = mail("eve@customer.test", channel.address(), "Scan", "x".repeat(300 * 1024));
		MessagingException refused = catchThrowableOfType(MessagingException.class,
				() -> send(large, large.getAllRecipients()));
		assertThat(refused).isNotNull();
		SMTPSendFailedException failure = (refused instanceof SMTPSendFailedException direct) ? direct
				: (SMTPSendFailedException) refused.getNextException();
		assertThat(failure.getReturnCode()).isEqualTo(552);
		assertThat(tenant.messages(channel.id())).isEmpty();
	}

	private MimeMessage mail(String from, String to, String subject, String text) throws MessagingException {
		MimeMessage message = new MimeMessage(session());
		message.setFrom(new InternetAddress(from));
		message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
		message.setSubject(subject);
		message.setText(text, "UTF-8");
		return message;
	}

	/**
	 * Sends as prepared: Transport.send would give the mail a new Message-ID each time.
	 */
	private void send(MimeMessage message, jakarta.mail.Address[] recipients) throws MessagingException {
		try (Transport transport = session().getTransport("smtp")) {
			transport.connect();
			transport.sendMessage(message, recipients);
		}
	}

	private Session session() {
		Properties properties = new Properties();
		properties.put("mail.smtp.host", "127.0.0.1");
		properties.put("mail.smtp.port", String.valueOf(this.smtpPort));
		properties.put("mail.smtp.connectiontimeout", "5000");
		properties.put("mail.smtp.timeout", "10000");
		return Session.getInstance(properties);
	}

}
