package com.flowsupport.channel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Media customers send through Twilio (MMS/WhatsApp {@code MediaUrlN}) and Meta (media id
 * → Graph → URL) is read from the provider's hosts only (WireMock stands in for them as
 * {@code http://localhost}), its size and SHA-256 kept on the message and on the comment
 * it becomes; a URL elsewhere, a redirect elsewhere and a file over the cap are not
 * fetched, and say why.
 */
@ServiceIntegrationTest
class MediaDownloadTests {

	private static final byte[] PHOTO = "JPEG-bytes-of-a-crushed-box".repeat(100).getBytes(StandardCharsets.UTF_8);

	@Value("${local.server.port}")
	int port;

	@Test
	void twilioMediaIsReadFromTwilioOnlyAndItsDigestReachesTheComment() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = new Tenant(this.port);
		String account = "AC" + UUID.randomUUID().toString().replace("-", "");
		String token = "auth-" + UUID.randomUUID();
		JsonNode channel = tenant.createChannel(Map.of("type", "whatsapp", "provider", "twilio", "name", "WhatsApp",
				"config", Map.of("phoneNumber", "+1555" + (1000000 + (int) (Math.random() * 8999999)), "accountSid",
						account, "authToken", token)));
		String url = channel.get("webhookUrl").asString();
		TwilioChannelTests.Sms sms = new TwilioChannelTests.Sms(tenant, channel.get("id").asString(),
				url.replace("https://support.example.test", ""), url, token, account);
		String media = "/twilio-media/" + run;
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo(media + "/ME1")).withBasicAuth(account, token)
			.willReturn(aResponse().withStatus(307).withHeader("Location", "/twilio-cdn/" + run + "/ME1")));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/twilio-cdn/" + run + "/ME1"))
			.willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(PHOTO)));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo(media + "/ME2"))
			.willReturn(aResponse().withHeader("Content-Type", "video/mp4").withBody(new byte[100 * 1024])));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo(media + "/ME3")).willReturn(
				aResponse().withStatus(302).withHeader("Location", "http://127.0.0.1:" + peerPort() + "/ssrf/" + run)));
		PeerStandIns.PEERS.stubFor(get(urlPathMatching("/ssrf/.*")).willReturn(okJson("{\"secret\":true}")));

		Map<String, String> opening = Map.of("MessageSid", "SM" + run + "a", "From", "whatsapp:+15557654321", "To",
				"whatsapp:+15550001111", "Body", "My box arrived crushed");
		assertThat(
				TwilioChannelTests.deliver(sms, sms.hookPath(), opening, TwilioChannelTests.sign(token, url, opening))
					.status())
			.isEqualTo(200);
		String ticketId = await().atMost(Duration.ofSeconds(20))
			.until(() -> tenant.messages(sms.channelId()),
					(list) -> !list.isEmpty() && list.getFirst().hasNonNull("ticketId"))
			.getFirst()
			.get("ticketId")
			.asString();

		String base = PeerStandIns.PEERS.baseUrl();
		Map<String, String> photos = new LinkedHashMap<>();
		photos.put("MessageSid", "SM" + run + "b");
		photos.put("From", "whatsapp:+15557654321");
		photos.put("To", "whatsapp:+15550001111");
		photos.put("Body", "Photos attached");
		photos.put("NumMedia", "4");
		photos.put("MediaUrl0", base + media + "/ME1");
		photos.put("MediaContentType0", "image/jpeg");
		photos.put("MediaUrl1", "http://127.0.0.1:" + peerPort() + "/ssrf/" + run + "/direct");
		photos.put("MediaContentType1", "image/png");
		photos.put("MediaUrl2", base + media + "/ME2");
		photos.put("MediaContentType2", "video/mp4");
		photos.put("MediaUrl3", base + media + "/ME3");
		photos.put("MediaContentType3", "image/gif");
		assertThat(TwilioChannelTests.deliver(sms, sms.hookPath(), photos, TwilioChannelTests.sign(token, url, photos))
			.status()).isEqualTo(200);

		JsonNode stored = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.inbound(tenant, sms.channelId(), "SM" + run + "b"),
					(m) -> m != null && m.hasNonNull("commentId"));
		List<JsonNode> attachments = stored.get("attachments").valueStream().toList();
		assertThat(attachments.get(0).get("size").asLong()).isEqualTo(PHOTO.length);
		assertThat(attachments.get(0).get("sha256").asString()).isEqualTo(sha256(PHOTO));
		assertThat(attachments.get(0).get("contentType").asString()).isEqualTo("image/jpeg");
		assertThat(attachments.get(1).get("skipped").asString()).contains("not a provider host");
		assertThat(attachments.get(1).hasNonNull("url")).isFalse();
		assertThat(attachments.get(2).get("skipped").asString()).contains("larger than");
		assertThat(attachments.get(2).hasNonNull("sha256")).isFalse();
		assertThat(attachments.get(3).get("skipped").asString()).contains("redirected off the provider's hosts");

		PeerStandIns.PEERS.verify(0, getRequestedFor(urlPathMatching("/ssrf/" + run + ".*")));
		// Twilio's credentials go to Twilio, not to where it redirects.
		PeerStandIns.PEERS.verify(1,
				getRequestedFor(urlPathEqualTo("/twilio-cdn/" + run + "/ME1")).withoutHeader("Authorization"));
		PeerStandIns.PEERS.verify(1,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
					.withRequestBody(matchingJsonPath("$.attachments[0].sha256", equalTo(sha256(PHOTO))))
					.withRequestBody(matchingJsonPath("$.attachments[0].size", equalTo(String.valueOf(PHOTO.length)))));
	}

	@Test
	void metaMediaIsLookedUpInGraphThenReadWithTheBearerToken() {
		String run = UUID.randomUUID().toString().substring(0, 8);
		Tenant tenant = new Tenant(this.port);
		String phoneNumberId = String.valueOf(100000000L + (long) (Math.random() * 899999999L));
		String appSecret = "app-secret-" + UUID.randomUUID();
		String accessToken = "EAAG" + UUID.randomUUID().toString().replace("-", "");
		JsonNode channel = tenant.createChannel(
				Map.of("type", "whatsapp", "provider", "meta", "name", "WhatsApp", "config", Map.of("phoneNumberId",
						phoneNumberId, "accessToken", accessToken, "appSecret", appSecret, "verifyToken", "v")));
		String channelId = channel.get("id").asString();
		String hook = channel.get("webhookUrl").asString().replace("https://support.example.test", "");
		String mediaId = String.valueOf(900000 + (int) (Math.random() * 99999));
		PeerStandIns.PEERS.stubFor(get(urlPathEqualTo("/graph/v21.0/" + mediaId))
			.withHeader("Authorization", equalTo("Bearer " + accessToken))
			.willReturn(okJson("{\"url\":\"" + PeerStandIns.PEERS.baseUrl() + "/meta-media/" + run
					+ "\",\"mime_type\":\"image/jpeg\",\"file_size\":" + PHOTO.length + ",\"id\":\"" + mediaId
					+ "\"}")));
		PeerStandIns.PEERS.stubFor(
				get(urlPathEqualTo("/meta-media/" + run)).withHeader("Authorization", equalTo("Bearer " + accessToken))
					.willReturn(aResponse().withHeader("Content-Type", "image/jpeg").withBody(PHOTO)));

		String from = "49151" + (1000000 + (int) (Math.random() * 8999999));
		String text = MetaChannelTests.notification(phoneNumberId, """
				"messages":[{"from":"%s","id":"wamid.%sa","timestamp":"1763800000","type":"text",
				  "text":{"body":"Damaged delivery"}}]""".formatted(from, run));
		assertThat(MetaChannelTests.deliver(tenant, hook, text, EmailChannelTests.sign(appSecret, text)).status())
			.isEqualTo(200);
		String ticketId = await().atMost(Duration.ofSeconds(20))
			.until(() -> tenant.messages(channelId),
					(list) -> !list.isEmpty() && list.getFirst().hasNonNull("ticketId"))
			.getFirst()
			.get("ticketId")
			.asString();

		String image = MetaChannelTests.notification(phoneNumberId, """
				"messages":[{"from":"%s","id":"wamid.%sb","timestamp":"1763800001","type":"image",
				  "image":{"id":"%s","mime_type":"image/jpeg","caption":"See the box"}}]""".formatted(from, run,
				mediaId));
		assertThat(MetaChannelTests.deliver(tenant, hook, image, EmailChannelTests.sign(appSecret, image)).status())
			.isEqualTo(200);

		JsonNode stored = await().atMost(Duration.ofSeconds(20))
			.until(() -> EmailChannelTests.inbound(tenant, channelId, "wamid." + run + "b"),
					(m) -> m != null && m.hasNonNull("commentId"));
		JsonNode attachment = stored.get("attachments").get(0);
		assertThat(attachment.get("sha256").asString()).isEqualTo(sha256(PHOTO));
		assertThat(attachment.get("size").asLong()).isEqualTo(PHOTO.length);
		PeerStandIns.PEERS.verify(1,
				postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets/" + ticketId + "/comments"))
					.withRequestBody(matchingJsonPath("$.body", equalTo("See the box")))
					.withRequestBody(matchingJsonPath("$.attachments[0].sha256", equalTo(sha256(PHOTO)))));
	}

	private static int peerPort() {
		return PeerStandIns.PEERS.port();
	}

	private static String sha256(byte[] bytes) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
