package com.flowsupport.channel;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rotating the secrets deliveries are signed with: the replaced value still verifies for
 * the grace period (24 h), beside the new one, and a wrong one never does.
 */
@ServiceIntegrationTest
class SigningSecretRotationTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void aRotatedEmailWebhookSecretAndTheOneItReplacedBothVerify() {
		Tenant tenant = new Tenant(this.port);
		Tenant.EmailChannel channel = tenant.emailChannel("rotate");
		String id = channel.id();
		String old = channel.secret();
		String hook = channel.hook();

		ApiClient.Response rotated = tenant.admin.post("/api/v1/channels/" + id + "/secrets/webhookSecret/rotate",
				Map.of());
		assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
		String current = rotated.json().get("value").asString();
		assertThat(current).isNotEqualTo(old).hasSizeGreaterThan(30);
		assertThat(rotated.json().get("previousValidUntil").asString()).isNotBlank();

		assertThat(deliver(tenant, hook, old)).isEqualTo(202);
		assertThat(deliver(tenant, hook, current)).isEqualTo(202);
		assertThat(deliver(tenant, hook, "guessed-" + old)).isEqualTo(403);
		assertThat(tenant.messages(id)).hasSize(2);

		JsonNode view = tenant.admin.get("/api/v1/channels/" + id).json();
		assertThat(view.get("secretsSet").toString()).isEqualTo("[\"webhookSecret\"]");
		assertThat(view.get("rotatingSecrets").has("webhookSecret")).isTrue();
		assertThat(view.toString()).doesNotContain(old).doesNotContain(current);
		assertThat(tenant.admin.post("/api/v1/channels/" + id + "/secrets/smtpPassword/rotate", Map.of()).status())
			.isEqualTo(422);
		assertThat(tenant.agent.post("/api/v1/channels/" + id + "/secrets/webhookSecret/rotate", Map.of()).status())
			.isEqualTo(403);
	}

	@Test
	void aNewTwilioAuthTokenAndTheOneItReplacedBothVerifyDuringTheGracePeriod() {
		Tenant tenant = new Tenant(this.port);
		String account = "AC" + UUID.randomUUID().toString().replace("-", "");
		String old = "auth-" + UUID.randomUUID();
		JsonNode channel = tenant
			.createChannel(Map.of("type", "sms", "provider", "twilio", "name", "SMS", "config", Map.of("phoneNumber",
					"+1555" + (1000000 + (int) (Math.random() * 8999999)), "accountSid", account, "authToken", old)));
		String id = channel.get("id").asString();
		String url = channel.get("webhookUrl").asString();
		TwilioChannelTests.Sms sms = new TwilioChannelTests.Sms(tenant, id,
				url.replace("https://support.example.test", ""), url, old, account);

		String current = "auth-" + UUID.randomUUID();
		ApiClient.Response patched = tenant.admin.send("PATCH", "/api/v1/channels/" + id,
				"{\"config\":{\"authToken\":\"" + current + "\"}}", "application/json");
		assertThat(patched.status()).as(patched.body()).isEqualTo(200);
		assertThat(patched.json().get("rotatingSecrets").has("authToken")).isTrue();

		for (String token : new String[] { old, current }) {
			Map<String, String> params = Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""),
					"From", "+15557654321", "To", "+15550001111", "Body", "signed with " + token.substring(0, 9));
			assertThat(
					TwilioChannelTests.deliver(sms, sms.hookPath(), params, TwilioChannelTests.sign(token, url, params))
						.status())
				.isEqualTo(200);
		}
		Map<String, String> forged = Map.of("MessageSid", "SMforged", "From", "+15557654321", "Body", "x");
		assertThat(TwilioChannelTests
			.deliver(sms, sms.hookPath(), forged, TwilioChannelTests.sign("auth-guess", url, forged))
			.status()).isEqualTo(403);
		assertThat(tenant.messages(id)).hasSize(2);
	}

	private static int deliver(Tenant tenant, String hook, String secret) {
		String mail = EmailChannelTests.mime("erin@customer.test", "x@acme.test", "<" + UUID.randomUUID() + "@c.test>",
				null, "Hello", "Signed mail");
		return tenant.anonymous.withHeader("X-FlowSupport-Signature", EmailChannelTests.sign(secret, mail))
			.send("POST", hook, mail, "message/rfc822")
			.status();
	}

}
