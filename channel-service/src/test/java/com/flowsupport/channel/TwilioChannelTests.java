package com.flowsupport.channel;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * SMS through Twilio (WireMock as Twilio's API): webhooks signed as Twilio signs them
 * over the configured public URL, MessageSid dedupe, tampering refused, replies sent
 * through the Messages API with status callbacks, and a failing Twilio retried then
 * dead-lettered.
 */
@ServiceIntegrationTest
class TwilioChannelTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	record Sms(Tenant tenant, String channelId, String hookPath, String publicUrl, String token, String account) {
	}

	private Sms smsChannel() {
		return smsChannel(false);
	}

	private Sms smsChannel(boolean bot) {
		Tenant tenant = new Tenant(this.port);
		String account = "AC" + UUID.randomUUID().toString().replace("-", "");
		String token = "auth-" + UUID.randomUUID();
		JsonNode channel = tenant.createChannel(Map.of("type", "sms", "provider", "twilio", "name", "SMS", "botEnabled",
				bot, "config", Map.of("phoneNumber", "+1555" + (1000000 + (int) (Math.random() * 8999999)),
						"accountSid", account, "authToken", token)));
		assertThat(channel.toString()).doesNotContain(token);
		String url = channel.get("webhookUrl").asString();
		assertThat(channel.get("statusCallbackUrl").asString()).isEqualTo(url + "/status");
		return new Sms(tenant, channel.get("id").asString(), url.replace("https://support.example.test", ""), url,
				token, account);
	}

	@Test
	void inboundSmsIsVerifiedStoredOnceAndOpensATicket() {
		Sms sms = smsChannel();
		String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
		Map<String, String> params = Map.of("MessageSid", sid, "AccountSid", sms.account(), "From", "+15557654321",
				"To", "+15550001111", "Body", "My order never arrived", "NumMedia", "1", "MediaUrl0",
				"https://api.twilio.com/2010-04-01/Accounts/" + sms.account() + "/Messages/" + sid + "/Media/ME1",
				"MediaContentType0", "image/jpeg");

		ApiClient.Response first = deliver(sms, sms.hookPath(), params, sign(sms.token(), sms.publicUrl(), params));
		ApiClient.Response again = deliver(sms, sms.hookPath(), params, sign(sms.token(), sms.publicUrl(), params));
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.body()).contains("<Response>");
		assertThat(again.status()).isEqualTo(200);

		JsonNode stored = await().atMost(Duration.ofSeconds(20))
			.until(() -> sms.tenant().messages(sms.channelId()),
					(list) -> list.size() == 1 && list.getFirst().hasNonNull("ticketId"))
			.getFirst();
		assertThat(stored.get("sender").asString()).isEqualTo("+15557654321");
		assertThat(stored.get("attachments").get(0).get("contentType").asString()).isEqualTo("image/jpeg");
		assertThat(stored.get("attachments").get(0).get("url").asString()).startsWith("https://api.twilio.com/");
		PeerStandIns.PEERS.verify(1, postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
			.withRequestBody(containing("My order never arrived")));
	}

	@Test
	void aTamperedSignatureIsRefusedAndChangesNothing() {
		Sms sms = smsChannel();
		Map<String, String> params = Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "From",
				"+15557654321", "To", "+15550001111", "Body", "Refund me");
		String signature = sign(sms.token(), sms.publicUrl(), params);
		Map<String, String> tampered = new TreeMap<>(params);
		tampered.put("Body", "Refund me twice");

		ApiClient.Response changedBody = deliver(sms, sms.hookPath(), tampered, signature);
		ApiClient.Response otherHost = deliver(sms, sms.hookPath(), params,
				sign(sms.token(), "http://localhost:" + this.port + sms.hookPath(), params));
		ApiClient.Response unknown = deliver(sms, "/webhooks/twilio/unknown-key", params, signature);

		for (ApiClient.Response refused : List.of(changedBody, otherHost, unknown)) {
			assertThat(refused.status()).isEqualTo(403);
		}
		// Nothing tells an unknown channel from a bad signature.
		assertThat(unknown.json().get("detail")).isEqualTo(changedBody.json().get("detail"));
		assertThat(unknown.json().get("type")).isEqualTo(changedBody.json().get("type"));
		assertThat(sms.tenant().messages(sms.channelId())).isEmpty();
	}

	@Test
	void agentRepliesGoOutThroughTwilioAndStatusCallbacksMarkThemDelivered() {
		Sms sms = smsChannel();
		String outboundSid = "SM" + UUID.randomUUID().toString().replace("-", "");
		PeerStandIns.PEERS
			.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json"))
				.withBasicAuth(sms.account(), sms.token())
				.willReturn(okJson("{\"sid\":\"" + outboundSid + "\",\"status\":\"queued\"}").withStatus(201)));
		UUID ticket = openTicketBySms(sms);

		sms.tenant().commentCreated(this.redis, ticket, "A courier is on the way", true, "agent");

		JsonNode sent = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.outbound(sms.tenant(), sms.channelId()),
					(m) -> m != null && "sent".equals(m.get("status").asString()));
		assertThat(sent.get("externalId").asString()).isEqualTo(outboundSid);
		PeerStandIns.PEERS.verify(1,
				postRequestedFor(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json"))
					.withRequestBody(containing("Body=A+courier+is+on+the+way"))
					.withRequestBody(containing("To=%2B15557654321"))
					.withRequestBody(containing("StatusCallback=")));

		Map<String, String> status = Map.of("MessageSid", outboundSid, "MessageStatus", "delivered", "AccountSid",
				sms.account());
		ApiClient.Response callback = deliver(sms, sms.hookPath() + "/status", status,
				sign(sms.token(), sms.publicUrl() + "/status", status));
		assertThat(callback.status()).isEqualTo(204);
		assertThat(EmailChannelTests.outbound(sms.tenant(), sms.channelId()).get("status").asString())
			.isEqualTo("delivered");

		// A business rule's notice to the requester takes the same way.
		PeerStandIns.PEERS
			.stubFor(post(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json"))
				.withBasicAuth(sms.account(), sms.token())
				.willReturn(okJson("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\"}")
					.withStatus(201)));
		sms.tenant().notificationRequested(this.redis, ticket, "Your parcel ships today", "Tracking: ZX-123");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PeerStandIns.PEERS.verify(1,
					postRequestedFor(urlPathEqualTo("/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json"))
						.withRequestBody(containing("Tracking%3A+ZX-123"))));
	}

	@Test
	void withTheBotOnTheAnswerGoesBackBySmsWithItsSources() {
		Sms sms = smsChannel(true);
		String question = "How do I reset it " + UUID.randomUUID().toString().substring(0, 6);
		AiStandIn.answers("conv-" + UUID.randomUUID(), question);
		String messages = "/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json";
		PeerStandIns.PEERS.stubFor(post(urlPathEqualTo(messages)).withBasicAuth(sms.account(), sms.token())
			.willReturn(
					okJson("{\"sid\":\"SM" + UUID.randomUUID().toString().replace("-", "") + "\"}").withStatus(201)));
		Map<String, String> params = Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "From",
				"+15557650000", "To", "+15550001111", "Body", question);
		assertThat(deliver(sms, sms.hookPath(), params, sign(sms.token(), sms.publicUrl(), params)).status())
			.isEqualTo(200);

		JsonNode answer = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.outbound(sms.tenant(), sms.channelId()),
					(m) -> m != null && "sent".equals(m.get("status").asString()));
		assertThat(answer.get("author").asString()).isEqualTo("bot");
		assertThat(answer.get("body").asString()).startsWith(AiStandIn.ANSWER)
			.contains("Sources:", "Resetting your printer");
		PeerStandIns.PEERS.verify(0,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets")).withRequestBody(containing(question)));
	}

	@Test
	void twilioServerErrorsAreRetriedThenTheMessageIsDeadLettered() {
		Sms sms = smsChannel();
		String messages = "/twilio/2010-04-01/Accounts/" + sms.account() + "/Messages.json";
		PeerStandIns.PEERS.stubFor(post(urlPathEqualTo(messages))
			.willReturn(aResponse().withStatus(503).withBody("{\"message\":\"Service unavailable\"}")));
		UUID ticket = openTicketBySms(sms);

		sms.tenant().commentCreated(this.redis, ticket, "We are looking into it", true, "agent");

		JsonNode failed = await().atMost(Duration.ofSeconds(30))
			.until(() -> EmailChannelTests.outbound(sms.tenant(), sms.channelId()),
					(m) -> m != null && "failed".equals(m.get("status").asString()));
		assertThat(failed.get("attempts").asInt()).isEqualTo(3);
		assertThat(failed.get("statusReason").asString()).contains("503");
		PeerStandIns.PEERS.verify(3, postRequestedFor(urlPathEqualTo(messages)));
		assertThat(Tenant.deadLetters(this.redis)).anySatisfy(
				(entry) -> assertThat(entry.getValue().get("message_id")).isEqualTo(failed.get("id").asString()));
	}

	private UUID openTicketBySms(Sms sms) {
		Map<String, String> params = Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "From",
				"+15557654321", "To", "+15550001111", "Body", "Where is my parcel?");
		assertThat(deliver(sms, sms.hookPath(), params, sign(sms.token(), sms.publicUrl(), params)).status())
			.isEqualTo(200);
		JsonNode stored = await().atMost(Duration.ofSeconds(20))
			.until(() -> sms.tenant().messages(sms.channelId()),
					(list) -> !list.isEmpty() && list.getFirst().hasNonNull("ticketId"))
			.getFirst();
		return UUID.fromString(stored.get("ticketId").asString());
	}

	static ApiClient.Response deliver(Sms sms, String path, Map<String, String> params, String signature) {
		String form = params.entrySet()
			.stream()
			.map((e) -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
					+ URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
			.collect(Collectors.joining("&"));
		return sms.tenant().anonymous.withHeader("X-Twilio-Signature", signature)
			.send("POST", path, form, "application/x-www-form-urlencoded");
	}

	/** As Twilio signs: URL, then each parameter name and value sorted by name. */
	static String sign(String token, String url, Map<String, String> params) {
		StringBuilder data = new StringBuilder(url);
		new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
		try {
			Mac mac = Mac.getInstance("HmacSHA1");
			mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
			return java.util.Base64.getEncoder()
				.encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
