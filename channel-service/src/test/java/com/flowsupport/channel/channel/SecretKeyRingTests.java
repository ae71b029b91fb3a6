package com.flowsupport.channel.channel;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.shared.crypto.SecretCipher;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Key rotation of sealed channel secrets: each ciphertext names its key, a key still in
 * the ring opens what it sealed, re-encryption moves a tenant's channels to the current
 * key, and new secrets are sealed with the current key.
 */
@ServiceIntegrationTest
class SecretKeyRingTests {

	/**
	 * The ring's second key in the test configuration ({@code config/application.yml}).
	 */
	@Value("${flowsupport.channel.secrets.keys.previous}")
	String previousKey;

	@Value("${local.server.port}")
	int port;

	@Autowired
	SecretCipher master;

	@Autowired
	JdbcClient jdbc;

	@Autowired
	JsonMapper json;

	@Autowired
	PlatformTransactionManager transactions;

	@Test
	void secretsSealedWithAnOldKeyStillOpenAndAreMovedToTheCurrentKey() throws Exception {
		UUID tenantId = UUID.randomUUID();
		ApiClient admin = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenantId, UUID.randomUUID(), AppRole.ADMIN));
		JsonNode channel = admin.post("/api/v1/channels", Map.of("type", "email", "name", "Support", "config",
				Map.of("address", "ring-" + UUID.randomUUID() + "@acme.test")))
			.json();
		UUID channelId = UUID.fromString(channel.get("id").asString());
		String secret = channel.get("generatedSecrets").get("webhookSecret").asString();
		assertThat(keyOf(tenantId, channelId)).isEqualTo(SecretKeyRing.MASTER);

		// A release whose current key was "previous" sealed it.
		ChannelRepository before = new ChannelRepository(this.jdbc, this.json,
				new SecretKeyRing(this.master, Map.of("previous", this.previousKey), "previous"));
		assertThat(asTenant(tenantId, () -> before.reseal(tenantId))).isEqualTo(1);
		assertThat(keyOf(tenantId, channelId)).isEqualTo("previous");

		// This release (current key: master) still opens it: reads, and webhooks verify.
		assertThat(admin.get("/api/v1/channels/" + channelId).status()).isEqualTo(200);
		String hook = "/webhooks/email/" + channel.get("webhookUrl").asString().replaceAll(".*/", "");
		String mail = "From: a@customer.test\r\nTo: x@acme.test\r\nSubject: Hi\r\nMessage-ID: <" + UUID.randomUUID()
				+ "@c.test>\r\n\r\nHello\r\n";
		assertThat(ApiClient.at("http://localhost:" + this.port)
			.withHeader("X-FlowSupport-Signature", sign(secret, mail))
			.send("POST", hook, mail, "message/rfc822")
			.status()).isEqualTo(202);

		ApiClient.Response moved = admin.post("/api/v1/channels/re-encrypt", Map.of());
		assertThat(moved.status()).as(moved.body()).isEqualTo(200);
		assertThat(moved.json().get("currentKey").asString()).isEqualTo(SecretKeyRing.MASTER);
		assertThat(moved.json().get("reEncrypted").asInt()).isEqualTo(1);
		assertThat(keyOf(tenantId, channelId)).isEqualTo(SecretKeyRing.MASTER);
		assertThat(admin.post("/api/v1/channels/re-encrypt", Map.of()).json().get("reEncrypted").asInt()).isZero();
		assertThat(admin.get("/api/v1/channels/" + channelId).json().get("secretsSet").toString())
			.contains("webhookSecret");

		ApiClient agent = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenantId, UUID.randomUUID(), AppRole.AGENT));
		assertThat(agent.post("/api/v1/channels/re-encrypt", Map.of()).status()).isEqualTo(403);
	}

	@Test
	void aKeyOutsideTheRingOpensNothingAndAKeyLabelCannotBeSwapped() {
		SecretKeyRing ring = new SecretKeyRing(this.master, Map.of("previous", this.previousKey), "previous");
		byte[] aad = "channel:x".getBytes(StandardCharsets.UTF_8);
		byte[] sealed = ring.seal("s3cret".getBytes(StandardCharsets.UTF_8), aad);
		assertThat(SecretKeyRing.keyOf(sealed)).isEqualTo("previous");
		assertThat(new String(ring.open(sealed, aad), StandardCharsets.UTF_8)).isEqualTo("s3cret");
		SecretKeyRing masterOnly = new SecretKeyRing(this.master, Map.of(), SecretKeyRing.MASTER);
		assertThatThrownBy(() -> masterOnly.open(sealed, aad)).hasMessageContaining("not in the ring");
		assertThatThrownBy(() -> new SecretKeyRing(this.master, Map.of(), "gone")).hasMessageContaining("names no key");
	}

	private String keyOf(UUID tenantId, UUID channelId) {
		return asTenant(tenantId,
				() -> SecretKeyRing.keyOf(this.jdbc.sql("SELECT secrets FROM channel WHERE id = ?")
					.params(channelId)
					.query(byte[].class)
					.single()));
	}

	private <T> T asTenant(UUID tenantId, java.util.function.Supplier<T> work) {
		return Tenancy.callAs(CallerIdentity.service(tenantId, Channels.SERVICE_NAME),
				() -> new TransactionTemplate(this.transactions).execute((status) -> work.get()));
	}

	private static String sign(String secret, String body) throws Exception {
		Mac mac = Mac.getInstance("HmacSHA256");
		mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
		return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
	}

}
