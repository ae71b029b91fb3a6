package com.flowsupport.channel;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.io.ClassPathResource;

import com.flowsupport.channel.email.SnsCertificates;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Amazon SES through SNS: messages signed as SNS signs them (canonical string, RSA with
 * the certificate at SigningCertURL) are taken, anything else is refused. SNS's
 * certificate host is the only thing stood in for: its certificate is served from this
 * test's own signing key.
 */
@ServiceIntegrationTest
@Import(SesChannelTests.SnsSigner.class)
class SesChannelTests {

	static final String CERT_URL = "https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem";

	static final List<URI> VISITED = new CopyOnWriteArrayList<>();

	@Value("${local.server.port}")
	int port;

	@TestConfiguration(proxyBeanMethods = false)
	static class SnsSigner {

		@Bean
		@Primary
		SnsCertificates testSnsCertificates(ChannelProperties properties) {
			return new SnsCertificates(properties) {
				@Override
				protected byte[] download(URI url) throws IOException {
					VISITED.add(url);
					return new ClassPathResource("sns/cert.pem").getContentAsByteArray();
				}
			};
		}

	}

	@Test
	void signedSesNotificationsBecomeEmailsAndUnsignedOnesAreRefused() throws Exception {
		Tenant tenant = new Tenant(this.port);
		String topic = "arn:aws:sns:eu-west-1:123456789012:inbound-" + UUID.randomUUID().toString().substring(0, 8);
		String address = "ses-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.test";
		JsonNode channel = tenant.createChannel(
				Map.of("type", "email", "name", "SES", "config", Map.of("address", address, "snsTopicArn", topic)));
		String hook = "/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", "") + "/sns";

		Map<String, String> confirmation = signed(Map.of("Type", "SubscriptionConfirmation", "MessageId",
				UUID.randomUUID().toString(), "Token", "token-1", "TopicArn", topic, "Message", "Confirm",
				"SubscribeURL", "https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&Token=token-1",
				"Timestamp", Instant.now().toString()), "2");
		assertThat(send(tenant, hook, confirmation).status()).isEqualTo(200);
		assertThat(VISITED).anyMatch((uri) -> uri.toString().contains("ConfirmSubscription"));

		String messageId = "<" + UUID.randomUUID() + "@customer.test>";
		String mime = EmailChannelTests.mime("sam@customer.test", address, messageId, null, "Toner order",
				"Where is my toner?");
		String ses = Tenant.JSON.writeValueAsString(Map.of("notificationType", "Received", "receipt",
				Map.of("action", Map.of("type", "SNS", "encoding", "BASE64")), "content",
				Base64.getEncoder().encodeToString(mime.getBytes(StandardCharsets.UTF_8))));
		Map<String, String> notification = signed(
				Map.of("Type", "Notification", "MessageId", UUID.randomUUID().toString(), "TopicArn", topic, "Subject",
						"Amazon SES Email Receipt Notification", "Message", ses, "Timestamp", Instant.now().toString()),
				"1");

		Map<String, String> tampered = new LinkedHashMap<>(notification);
		tampered.put("Message", ses.replace("Received", "Bounce"));
		Map<String, String> elsewhere = new LinkedHashMap<>(notification);
		elsewhere.put("SigningCertURL", "https://attacker.example/cert.pem");
		Map<String, String> otherTopic = signed(Map.of("Type", "Notification", "MessageId", "x", "TopicArn",
				topic + "-other", "Message", ses, "Timestamp", Instant.now().toString()), "1");
		for (Map<String, String> refused : List.of(tampered, elsewhere, otherTopic)) {
			assertThat(send(tenant, hook, refused).status()).isEqualTo(403);
		}
		assertThat(tenant.messages(channel.get("id").asString())).isEmpty();

		ApiClient.Response accepted = send(tenant, hook, notification);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> PeerStandIns.PEERS.verify(postRequestedFor(urlPathEqualTo("/tickets/api/v1/tickets"))
				.withRequestBody(containing("Where is my toner?"))));
		JsonNode stored = tenant.messages(channel.get("id").asString()).getFirst();
		assertThat(stored.get("externalId").asString()).isEqualTo(messageId);
		assertThat(stored.get("attachments").get(0).get("fileName").asString()).isEqualTo("invoice.pdf");
	}

	private ApiClient.Response send(Tenant tenant, String hook, Map<String, String> message) {
		return tenant.anonymous.send("POST", hook, Tenant.JSON.writeValueAsString(message),
				"text/plain; charset=UTF-8");
	}

	/** Signs as SNS does: the type's fields, "name\nvalue\n", in order. */
	private static Map<String, String> signed(Map<String, String> fields, String version) throws Exception {
		List<String> names = "Notification".equals(fields.get("Type"))
				? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
				: List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
		StringBuilder canonical = new StringBuilder();
		for (String name : names) {
			if (fields.containsKey(name)) {
				canonical.append(name).append('\n').append(fields.get(name)).append('\n');
			}
		}
		String pem = new ClassPathResource("sns/private-key.pem").getContentAsString(StandardCharsets.US_ASCII)
			.replaceAll("-----[A-Z ]+-----", "")
			.replaceAll("\\s", "");
		PrivateKey key = KeyFactory.getInstance("RSA")
			.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
		Signature signature = Signature.getInstance("1".equals(version) ? "SHA1withRSA" : "SHA256withRSA");
		signature.initSign(key);
		signature.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
		Map<String, String> message = new LinkedHashMap<>(fields);
		message.put("SignatureVersion", version);
		message.put("Signature", Base64.getEncoder().encodeToString(signature.sign()));
		message.put("SigningCertURL", CERT_URL);
		return message;
	}

}
