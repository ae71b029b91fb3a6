package com.flowsupport.channel;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.core.StringRedisTemplate;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * WhatsApp through Meta's Cloud API (WireMock as the Graph API): the verify handshake,
 * notifications signed with the app secret over the raw body, message-id dedupe, media
 * resolved only to Meta's hosts, tampering refused, replies through the Graph API and
 * their status notifications.
 */
@ServiceIntegrationTest
class MetaChannelTests {

	@Value("${local.server.port}")
	int port;

	@Autowired
	StringRedisTemplate redis;

	@Test
	void whatsappCloudApiInAndOut() {
		Tenant tenant = new Tenant(this.port);
		String phoneNumberId = String.valueOf(100000000L + (long) (Math.random() * 899999999L));
		String appSecret = "app-secret-" + UUID.randomUUID();
		String accessToken = "EAAG" + UUID.randomUUID().toString().replace("-", "");
		JsonNode channel = tenant.createChannel(Map.of("type", "whatsapp", "provider", "meta", "name", "WhatsApp",
				"config", Map.of("phoneNumberId", phoneNumberId, "accessToken", accessToken, "appSecret", appSecret,
						"verifyToken", "let-me-in")));
		String channelId = channel.get("id").asString();
		String hook = channel.get("webhookUrl").asString().replace("https://support.example.test", "");

		assertThat(
				tenant.anonymous.get(hook + "?hub.mode=subscribe&hub.verify_token=let-me-in&hub.challenge=1158201444")
					.body())
			.isEqualTo("1158201444");
		assertThat(tenant.anonymous.get(hook + "?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1").status())
			.isEqualTo(403);

		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/graph/v21.0/7001"))
			.withHeader("Authorization", equalTo("Bearer " + accessToken))
			.willReturn(okJson("{\"url\":\"https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=7001\","
					+ "\"mime_type\":\"image/jpeg\",\"file_size\":20480,\"id\":\"7001\"}")));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/graph/v21.0/7002"))
			.willReturn(okJson("{\"url\":\"http://169.254.169.254/latest/meta-data\",\"mime_type\":\"image/png\"}")));
		String wamid = "wamid.HBgL" + UUID.randomUUID().toString().replace("-", "");
		String notification = notification(phoneNumberId, """
				"contacts":[{"profile":{"name":"Maria"},"wa_id":"4915112345678"}],
				"messages":[{"from":"4915112345678","id":"%s","timestamp":"1763800000","type":"image",
				  "image":{"id":"7001","mime_type":"image/jpeg","caption":"The box arrived crushed"}},
				  {"from":"4915112345678","id":"%s-2","timestamp":"1763800001","type":"image",
				  "image":{"id":"7002","mime_type":"image/png"}}]""".formatted(wamid, wamid));

		ApiClient.Response tampered = deliver(tenant, hook, notification.replace("crushed", "fine"),
				EmailChannelTests.sign(appSecret, notification));
		assertThat(tampered.status()).isEqualTo(403);
		assertThat(tenant.messages(channelId)).isEmpty();

		assertThat(deliver(tenant, hook, notification, EmailChannelTests.sign(appSecret, notification)).status())
			.isEqualTo(200);
		assertThat(deliver(tenant, hook, notification, EmailChannelTests.sign(appSecret, notification)).status())
			.isEqualTo(200);

		var stored = await().atMost(Duration.ofSeconds(20))
			.until(() -> tenant.messages(channelId),
					(list) -> list.size() == 2 && list.stream().allMatch((m) -> m.hasNonNull("ticketId")));
		JsonNode first = stored.stream()
			.filter((m) -> m.get("externalId").asString().equals(wamid))
			.findFirst()
			.orElseThrow();
		assertThat(first.get("body").asString()).isEqualTo("The box arrived crushed");
		assertThat(first.get("sender").asString()).isEqualTo("+4915112345678");
		PeerStandIns.PEERS.verify(getRequestedFor(urlPathEqualTo("/graph/v21.0/7001")));
		assertThat(first.get("attachments").get(0).get("url").asString()).as(first.toString())
			.startsWith("https://lookaside.fbsbx.com/");
		assertThat(first.get("attachments").get(0).get("size").asLong()).isEqualTo(20480);
		JsonNode second = stored.stream()
			.filter((m) -> !m.get("externalId").asString().equals(wamid))
			.findFirst()
			.orElseThrow();
		assertThat(second.get("attachments").get(0).hasNonNull("url")).as("no URL off Meta's hosts").isFalse();

		String sentId = "wamid.OUT" + UUID.randomUUID().toString().replace("-", "");
		PeerStandIns.PEERS.stubFor(post(urlPathEqualTo("/graph/v21.0/" + phoneNumberId + "/messages"))
			.withHeader("Authorization", equalTo("Bearer " + accessToken))
			.willReturn(okJson("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"" + sentId + "\"}]}")));
		tenant.commentCreated(this.redis, UUID.fromString(first.get("ticketId").asString()),
				"Sorry! A new one ships today.", true, "agent");
		JsonNode sent = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.outbound(tenant, channelId),
					(m) -> m != null && "sent".equals(m.get("status").asString()));
		assertThat(sent.get("externalId").asString()).isEqualTo(sentId);
		PeerStandIns.PEERS.verify(1,
				postRequestedFor(urlPathEqualTo("/graph/v21.0/" + phoneNumberId + "/messages"))
					.withRequestBody(matchingJsonPath("$.to", equalTo("4915112345678")))
					.withRequestBody(matchingJsonPath("$.text.body", containing("ships today"))));

		String delivered = notification(phoneNumberId, """
				"statuses":[{"id":"%s","status":"delivered","timestamp":"1763800100","recipient_id":"4915112345678"}]"""
			.formatted(sentId));
		assertThat(deliver(tenant, hook, delivered, EmailChannelTests.sign(appSecret, delivered)).status())
			.isEqualTo(200);
		assertThat(EmailChannelTests.outbound(tenant, channelId).get("status").asString()).isEqualTo("delivered");
	}

	static String notification(String phoneNumberId, String value) {
		return """
				{"object":"whatsapp_business_account","entry":[{"id":"WABA","changes":[{"field":"messages","value":{
				"messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"%s"},
				%s}}]}]}""".formatted(phoneNumberId, value);
	}

	static ApiClient.Response deliver(Tenant tenant, String hook, String body, String signature) {
		return tenant.anonymous.withHeader("X-Hub-Signature-256", signature)
			.send("POST", hook, body, "application/json");
	}

}
