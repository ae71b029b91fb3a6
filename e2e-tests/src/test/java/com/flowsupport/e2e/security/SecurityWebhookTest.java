package com.flowsupport.e2e.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.e2e.WebhookSignatures;
import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Org.rows;
import static com.flowsupport.e2e.security.Org.sql;
import static com.flowsupport.e2e.security.Probes.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Provider webhooks and the chat widget, through the gateway with channel-service
 * running: forged signatures (Twilio's {@code X-Twilio-Signature}, Meta's
 * {@code X-Hub-Signature-256}, the raw-MIME email webhook's HMAC, SES through SNS) are
 * refused and store nothing; a genuine delivery replayed is stored once; a widget's
 * visitors cannot claim an identity the site did not sign, nor use one widget's session
 * on another.
 */
class SecurityWebhookTest {

	private static final String TWILIO_TOKEN = "twilio-auth-token-e2e";

	private static final String META_SECRET = "meta-app-secret-e2e";

	static final String EMAIL_SIGNATURE = "X-FlowSupport-Signature";

	private static final String MIME = "message/rfc822";

	private static Org acme;

	private static ApiClient admin;

	@BeforeAll
	static void tenant() {
		acme = Org.signup();
		admin = acme.admin();
	}

	@Test
	void twilioForgeriesAreRefusedAndADeliveryReplayedIsStoredOnce() {
		JsonNode channel = channel(
				Map.of("type", "sms", "provider", "twilio", "name", "SMS", "config", Map.of("phoneNumber",
						"+15550001111", "accountSid", "AC" + "0123456789abcdef".repeat(2), "authToken", TWILIO_TOKEN)));
		String url = channel.get("webhookUrl").asString();
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		Map<String, String> form = Map.of("MessageSid", sid, "From", "+15557654321", "To", "+15550001111", "Body",
				"My order never arrived");
		String body = formBody(form);
		String path = url.substring(url.indexOf("/webhooks/"));

		for (String signature : List.of("", "AAAA", WebhookSignatures.twilio("wrong-token", url, form),
				WebhookSignatures.twilio(TWILIO_TOKEN, url + "?forged=1", form))) {
			ApiClient.Response forged = Org.gateway()
				.withHeader("X-Twilio-Signature", signature)
				.send("POST", path, body, "application/x-www-form-urlencoded");
			assertProblem(forged, "Twilio signature '" + signature + "'", 403);
		}
		ApiClient.Response tampered = Org.gateway()
			.withHeader("X-Twilio-Signature", WebhookSignatures.twilio(TWILIO_TOKEN, url, form))
			.send("POST", path, body.replace("never+arrived", "arrived+twice"), "application/x-www-form-urlencoded");
		assertProblem(tampered, "Twilio body changed after signing", 403);
		assertThat(messages(channel)).isZero();

		deliverTwice(() -> postTwilio(url, TWILIO_TOKEN, form), 200);
		assertThat(messages(channel)).isEqualTo(1);
		awaitOneTicketSaying("My order never arrived");
	}

	@Test
	void metaForgeriesAreRefusedAndADeliveryReplayedIsStoredOnce() {
		String phoneNumberId = Long.toString(System.nanoTime());
		JsonNode channel = channel(Map.of("type", "whatsapp", "provider", "meta", "name", "WhatsApp", "config",
				Map.of("phoneNumberId", phoneNumberId, "accessToken", "meta-access-e2e", "appSecret", META_SECRET,
						"verifyToken", "meta-verify-e2e")));
		String path = pathOf(channel);
		String wamid = "wamid." + UUID.randomUUID();
		String body = """
				{"object":"whatsapp_business_account","entry":[{"id":"1","changes":[{"field":"messages","value":{
				"messaging_product":"whatsapp","metadata":{"phone_number_id":"%s"},
				"contacts":[{"wa_id":"15557654321","profile":{"name":"Wanda"}}],
				"messages":[{"from":"15557654321","id":"%s","timestamp":"1700000000","type":"text",
				"text":{"body":"Where is my parcel"}}]}}]}]}""".formatted(phoneNumberId, wamid);

		for (String signature : List.of("", "sha256=", "sha256=" + WebhookSignatures.hmacHex("wrong-secret", body),
				"sha1=" + WebhookSignatures.hmacHex(META_SECRET, body), WebhookSignatures.hmacHex(META_SECRET, body))) {
			assertProblem(postSigned("X-Hub-Signature-256", signature, path, body, "application/json"),
					"Meta signature '" + signature + "'", 403);
		}
		assertProblem(Org.gateway().get(path + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=42"),
				"Meta verification with a wrong token", 403);
		assertThat(messages(channel)).isZero();

		deliverTwice(() -> postSigned("X-Hub-Signature-256", "sha256=" + WebhookSignatures.hmacHex(META_SECRET, body),
				path, body, "application/json"), 200);
		assertThat(messages(channel)).isEqualTo(1);
		awaitOneTicketSaying("Where is my parcel");
	}

	@Test
	void emailWebhookForgeriesAreRefusedAndAnEmailReplayedIsStoredOnce() {
		JsonNode channel = emailChannel();
		String secret = channel.at("/generatedSecrets/webhookSecret").asString();
		String path = pathOf(channel);
		String email = mime("<" + UUID.randomUUID() + "@mail.example.com>", "Refund request",
				"Please refund order 1234");

		for (String signature : List.of("", "sha256=" + WebhookSignatures.hmacHex("wrong-secret", email),
				WebhookSignatures.hmacHex(secret, email))) {
			assertProblem(postSigned(EMAIL_SIGNATURE, signature, path, email, MIME),
					"email signature '" + signature + "'", 403);
		}
		assertProblem(
				postSigned(EMAIL_SIGNATURE, "sha256=" + WebhookSignatures.hmacHex(secret, email),
						"/webhooks/email/" + UUID.randomUUID(), email, MIME),
				"a signed email to an unknown channel", 403);
		assertThat(messages(channel)).isZero();

		deliverTwice(() -> postEmail(channel, email), 202);
		assertThat(messages(channel)).isEqualTo(1);
		awaitOneTicketSaying("Please refund order 1234");
	}

	@Test
	void snsMessagesWithoutAnSnsSignatureAreRefusedAndNothingIsFetched() {
		String topic = "arn:aws:sns:eu-west-1:123456789012:inbound-e2e";
		JsonNode channel = channel(Map.of("type", "email", "name", "SES", "config", Map.of("address",
				"ses-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example.com", "snsTopicArn", topic)));
		String path = pathOf(channel) + "/sns";
		try (Canary canary = Canary.open()) {
			String confirmation = """
					{"Type":"SubscriptionConfirmation","MessageId":"%s","Token":"t","TopicArn":"%s",
					"Message":"confirm","SubscribeURL":"%s","Timestamp":"2026-01-01T00:00:00.000Z",
					"SignatureVersion":"1","Signature":"%s","SigningCertURL":"%s"}""".formatted(UUID.randomUUID(),
					topic, canary.url("/confirm"), Base64.getEncoder().encodeToString(new byte[256]),
					canary.url("/cert.pem"));
			String notification = """
					{"Type":"Notification","MessageId":"%s","TopicArn":"%s","Subject":"x",
					"Message":"{\\"notificationType\\":\\"Received\\",\\"content\\":\\"Subject: forged\\\\r\\\\n\\\\r\\\\nforged\\"}",
					"Timestamp":"2026-01-01T00:00:00.000Z","SignatureVersion":"2","Signature":"%s",
					"SigningCertURL":"https://sns.eu-west-1.amazonaws.com.evil.example/cert.pem"}"""
				.formatted(UUID.randomUUID(), topic, Base64.getEncoder().encodeToString(new byte[256]));

			assertProblem(Org.gateway().send("POST", path, confirmation, "text/plain"), "forged SNS confirmation", 403);
			assertProblem(Org.gateway().send("POST", path, notification, "text/plain"), "forged SNS notification", 403);

			assertThat(canary.connections()).as("neither the certificate nor the SubscribeURL was fetched").isZero();
		}
		assertThat(messages(channel)).isZero();
	}

	@Test
	void aWidgetVisitorCannotClaimAnUnsignedIdentityNorCrossWidgets() {
		JsonNode verified = channel(
				Map.of("type", "widget", "name", "Verified", "config", Map.of("identityVerification", true)));
		String secret = verified.at("/generatedSecrets/identitySecret").asString();
		JsonNode open = channel(Map.of("type", "widget", "name", "Open"));
		Org other = Org.signup();
		JsonNode foreign = Probes.createJson(other.admin(), "/api/v1/channels",
				Map.of("type", "widget", "name", "Elsewhere"));
		String verifiedKey = verified.get("widgetKey").asString();
		ApiClient visitor = Org.gatewayFromNewAddress();

		assertProblem(visitor.post("/widget/" + verifiedKey + "/sessions", Map.of()), "no identity", 403);
		assertProblem(visitor.post("/widget/" + verifiedKey + "/sessions",
				Map.of("userId", "user-42", "userHash", WebhookSignatures.hmacHex("guessed-secret", "user-42"))),
				"forged hash", 403);
		assertProblem(
				visitor.post("/widget/" + verifiedKey + "/sessions",
						Map.of("userId", "user-43", "userHash", WebhookSignatures.hmacHex(secret, "user-42"))),
				"another user's hash", 403);
		assertThat(rows("channel.widget_session", acme.tenantId())).isZero();

		ApiClient.Response genuine = visitor.post("/widget/" + verifiedKey + "/sessions",
				Map.of("userId", "user-42", "userHash", WebhookSignatures.hmacHex(secret, "user-42")));
		assertThat(genuine.status()).as(genuine.body()).isEqualTo(201);
		String token = genuine.json().get("sessionToken").asString();

		for (JsonNode elsewhere : List.of(open, foreign)) {
			String key = elsewhere.get("widgetKey").asString();
			ApiClient withToken = visitor.withHeader("X-Widget-Session", token);
			assertProblem(withToken.get("/widget/" + key + "/messages"), "session on another widget", 401);
			assertProblem(withToken.post("/widget/" + key + "/messages", Map.of("body", "hijack")),
					"posting with another widget's session", 401);
		}
		assertThat(sql("SELECT count(*) FROM channel.message WHERE body = 'hijack'")).isEqualTo("0");
		assertThat(visitor.withHeader("X-Widget-Session", token).get("/widget/" + verifiedKey + "/messages").status())
			.as("the control: the session works on its own widget")
			.isEqualTo(200);
	}

	/**
	 * An email signed with its channel's webhook secret, posted to the channel's webhook.
	 */
	static ApiClient.Response postEmail(JsonNode channel, String mime) {
		String secret = channel.at("/generatedSecrets/webhookSecret").asString();
		return postSigned(EMAIL_SIGNATURE, "sha256=" + WebhookSignatures.hmacHex(secret, mime), pathOf(channel), mime,
				MIME);
	}

	private static ApiClient.Response postSigned(String header, String signature, String path, String body,
			String contentType) {
		return Org.gateway().withHeader(header, signature).send("POST", path, body, contentType);
	}

	/** The same genuine delivery twice, as providers retry: both accepted. */
	private static void deliverTwice(Supplier<ApiClient.Response> delivery, int status) {
		for (int attempt = 0; attempt < 2; attempt++) {
			ApiClient.Response response = delivery.get();
			assertThat(response.status()).as(response.body()).isEqualTo(status);
		}
	}

	/** A form Twilio signed with {@code authToken}, posted to its webhook URL. */
	static ApiClient.Response postTwilio(String url, String authToken, Map<String, String> form) {
		return Org.gateway()
			.withHeader("X-Twilio-Signature", WebhookSignatures.twilio(authToken, url, form))
			.send("POST", url.substring(url.indexOf("/webhooks/")), formBody(form),
					"application/x-www-form-urlencoded");
	}

	private static JsonNode channel(Map<String, Object> body) {
		return Probes.createJson(admin, "/api/v1/channels", body);
	}

	private static JsonNode emailChannel() {
		return channel(Map.of("type", "email", "name", "Email", "config",
				Map.of("address", "help-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example.com")));
	}

	static String pathOf(JsonNode channel) {
		String url = channel.get("webhookUrl").asString();
		return url.substring(url.indexOf("/webhooks/"));
	}

	private static long messages(JsonNode channel) {
		return Long.parseLong(sql("SELECT count(*) FROM channel.message WHERE channel_id = ?::uuid",
				UUID.fromString(channel.get("id").asString())));
	}

	private static void awaitOneTicketSaying(String text) {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(sql(
					"SELECT count(*) FROM ticket.ticket WHERE tenant_id = ?::uuid AND (description LIKE ? OR subject LIKE ?)",
					acme.tenantId(), "%" + text + "%", "%" + text + "%"))
				.isEqualTo("1"));
	}

	static String mime(String messageId, String subject, String text) {
		return "From: Carol Customer <carol-" + UUID.randomUUID().toString().substring(0, 6)
				+ "@example.com>\r\nTo: help@acme.example.com\r\nSubject: " + subject + "\r\nMessage-ID: " + messageId
				+ "\r\nDate: Mon, 5 Jan 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: text/plain; charset=utf-8\r\n\r\n" + text + "\r\n";
	}

	private static String formBody(Map<String, String> form) {
		return form.entrySet()
			.stream()
			.map((entry) -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
	}

}
