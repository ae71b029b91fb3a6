package com.flowsupport.e2e.faults;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import tools.jackson.databind.JsonNode;

import com.flowsupport.e2e.WebhookSignatures;
import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant whose customer wrote in on a channel (by email, or by SMS through Twilio), and
 * the ticket that opened: an agent's public reply on it goes back out through the
 * channel's provider, as an outbound message channel-service delivers.
 *
 * @param faults the fault suite
 * @param tenant the tenant
 * @param ticket the customer's ticket
 */
record OutboundDesk(Faults faults, FaultTenant tenant, String ticket) {

	/** An email channel whose replies go out through {@code smtp}. */
	static OutboundDesk email(Faults faults, SmtpPeer smtp) {
		FaultTenant tenant = FaultTenant.signup(faults.gateway());
		String address = "help@" + tenant.slug() + ".example.com";
		JsonNode channel = channel(tenant, Map.of("type", "email", "name", "Email", "config",
				Map.of("address", address, "smtpHost", "127.0.0.1", "smtpPort", smtp.port(), "smtpStartTls", false)));
		String subject = "Where is my parcel " + UUID.randomUUID();
		String mime = "From: Carol Customer <carol@customer.example.com>\r\nTo: " + address + "\r\nSubject: " + subject
				+ "\r\nMessage-ID: <" + UUID.randomUUID()
				+ "@customer.example.com>\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n\r\nIt has not arrived.\r\n";
		String secret = channel.at("/generatedSecrets/webhookSecret").asString();
		ApiClient.Response delivered = faults.gateway()
			.withHeader("X-FlowSupport-Signature", "sha256=" + WebhookSignatures.hmacHex(secret, mime))
			.send("POST", webhookPath(channel), mime, "message/rfc822");
		assertThat(delivered.status()).as(delivered.body()).isEqualTo(202);
		return new OutboundDesk(faults, tenant, awaitTicket(faults, tenant, subject));
	}

	/**
	 * An SMS channel on Twilio (whose API is {@link Faults#twilio()}), its webhooks
	 * signed with {@code authToken}.
	 */
	static OutboundDesk sms(Faults faults, String authToken) {
		FaultTenant tenant = FaultTenant.signup(faults.gateway());
		JsonNode channel = channel(tenant,
				Map.of("type", "sms", "provider", "twilio", "name", "SMS", "config", Map.of("phoneNumber",
						"+15550001111", "accountSid", "AC" + "0123456789abcdef".repeat(2), "authToken", authToken)));
		String url = channel.get("webhookUrl").asString();
		String text = "My parcel never came " + UUID.randomUUID();
		Map<String, String> form = new TreeMap<>(
				Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "From", "+15557654321", "To",
						"+15550001111", "Body", text));
		StringBuilder body = new StringBuilder();
		form.forEach((name, value) -> {
			body.append(body.isEmpty() ? "" : "&")
				.append(name)
				.append('=')
				.append(URLEncoder.encode(value, StandardCharsets.UTF_8));
		});
		ApiClient.Response delivered = faults.gateway()
			.withHeader("X-Twilio-Signature", WebhookSignatures.twilio(authToken, url, form))
			.send("POST", webhookPath(channel), body.toString(), "application/x-www-form-urlencoded");
		assertThat(delivered.status()).as(delivered.body()).isEqualTo(200);
		return new OutboundDesk(faults, tenant, awaitTicket(faults, tenant, text));
	}

	/**
	 * An agent's public reply on the ticket; returns the id of the outbound message it
	 * queued.
	 */
	String reply(String text) {
		ApiClient.Response comment = this.tenant.admin()
			.post("/api/v1/tickets/" + this.ticket + "/comments", Map.of("body", text, "public", true));
		assertThat(comment.status()).as(comment.body()).isEqualTo(201);
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> this.faults.column("""
					SELECT id::text FROM channel.message WHERE tenant_id = ? AND direction = 'out' AND body = ?""",
					this.tenant.id(), text), (ids) -> ids.size() == 1)
			.get(0)
			.toString();
	}

	/** An outbound message's status: queued, sent, failed... */
	static String status(Faults faults, String message) {
		return column(faults, "status", message);
	}

	/** The reason of an outbound message's last failed attempt. */
	static String reason(Faults faults, String message) {
		return column(faults, "status_reason", message);
	}

	/** The text of an outbound message. */
	static String body(Faults faults, String message) {
		return column(faults, "body", message);
	}

	static long attempts(Faults faults, String message) {
		return Long.parseLong(column(faults, "attempts", message));
	}

	private static String column(Faults faults, String column, String message) {
		return String.valueOf(
				faults.column("SELECT " + column + "::text FROM channel.message WHERE id = ?::uuid", message).get(0));
	}

	private static JsonNode channel(FaultTenant tenant, Map<String, Object> body) {
		ApiClient.Response created = tenant.admin().post("/api/v1/channels", body);
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return created.json();
	}

	private static String webhookPath(JsonNode channel) {
		String url = channel.get("webhookUrl").asString();
		return url.substring(url.indexOf("/webhooks/"));
	}

	private static String awaitTicket(Faults faults, FaultTenant tenant, String text) {
		return await().atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(300))
			.until(() -> faults
				.column("""
						SELECT id::text FROM ticket.ticket WHERE tenant_id = ? AND (subject LIKE ? OR description LIKE ?)""",
						tenant.id(), "%" + text + "%", "%" + text + "%"),
					(ids) -> ids.size() == 1)
			.get(0)
			.toString();
	}

}
