package com.flowsupport.identity.token;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.identity.IdentityIntegrationTest;
import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.security.JwtProperties;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signing keys change hands without a verifier ever meeting a key it has not seen: a new
 * key is in the JWKS for the lead time (tests: 3 s) before any token names it, and the
 * key it replaces stays there until the last token it signed has expired. Only an
 * emergency rotation breaks that rule, on purpose.
 */
@IdentityIntegrationTest
class SigningKeyRotationTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Value("${local.server.port}")
	int port;

	@Autowired
	SigningKeys keys;

	@Autowired
	IdentityProperties properties;

	@Autowired
	JwtProperties jwt;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = ApiClient.at("http://localhost:" + this.port);
	}

	@Test
	void publishesARequestedKeyForTheLeadTimeBeforeItSigns() throws Exception {
		String before = operatorToken();
		String oldKid = kidOf(before);

		ApiClient.Response rotated = operator().post("/api/v1/auth/keys/rotate", Map.of());
		assertThat(rotated.status()).isEqualTo(200);
		String newKid = rotated.json().get("keyId").asString();
		Instant activatesAt = Instant.parse(rotated.json().get("activatesAt").asString());
		assertThat(newKid).isNotEqualTo(oldKid);
		assertThat(activatesAt).isAfter(Instant.now());

		assertThat(publishedKids()).contains(oldKid, newKid);
		assertThat(kidOf(operatorToken())).as("the old key signs during the lead time").isEqualTo(oldKid);
		assertThat(operator().post("/api/v1/auth/keys/rotate", Map.of()).json().get("keyId").asString())
			.as("asking again during the lead time names the key already waiting")
			.isEqualTo(newKid);

		waitUntil(activatesAt);
		assertThat(kidOf(operatorToken())).isEqualTo(newKid);
		assertThat(this.api.withToken(before).get("/api/v1/users/me").status()).isEqualTo(200);
		assertThat(publishedKids()).contains(oldKid, newKid);
		assertThat(this.api.get("/.well-known/jwks.json").body()).doesNotContain("\"d\"");
		assertThat(withdrawalOf(oldKid)).as("published until its last token has expired, with leeway")
			.isAfterOrEqualTo(activatesAt.plus(this.properties.accessTokenTtl()).plus(this.jwt.clockSkew()));
	}

	@Test
	void schedulesTheSuccessorTheLeadTimeBeforeTheRotationPeriodIsUp() throws Exception {
		this.keys.rotateWhenDue();
		List<String> settled = publishedKids();
		this.keys.rotateWhenDue();
		assertThat(publishedKids()).as("nothing is due yet").isEqualTo(settled);
		String oldKid = kidOf(operatorToken());

		// As if every key had been signing for a whole rotation period longer.
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement()) {
			statement.executeUpdate("UPDATE identity.signing_key SET activates_at = activates_at - interval '"
					+ this.properties.keyRotationPeriod().toSeconds() + " seconds'");
		}
		Instant due = Instant.now();
		this.keys.rotateWhenDue();

		List<String> published = publishedKids();
		assertThat(published).hasSize(settled.size() + 1).contains(oldKid);
		String newKid = published.stream().filter((kid) -> !settled.contains(kid)).findFirst().orElseThrow();
		Instant activatesAt = activationOf(newKid);
		assertThat(activatesAt).isAfterOrEqualTo(due.plus(this.properties.signingKeyLeadTime()));
		assertThat(kidOf(operatorToken())).isEqualTo(oldKid);

		waitUntil(activatesAt);
		assertThat(kidOf(operatorToken())).isEqualTo(newKid);
	}

	@Test
	void anEmergencyRotationSignsAtOnceAndWithdrawsEveryEarlierKey() {
		String before = operatorToken();

		ApiClient.Response rotated = operator().post("/api/v1/auth/keys/rotate?compromised=true", Map.of());

		assertThat(rotated.status()).isEqualTo(200);
		String newKid = rotated.json().get("keyId").asString();
		assertThat(publishedKids()).containsExactly(newKid);
		assertThat(kidOf(operatorToken())).isEqualTo(newKid);
		assertThat(this.api.withToken(before).get("/api/v1/users/me").status()).isEqualTo(401);
	}

	@Test
	void onlyOperatorsRotateKeys() {
		String slug = "keys-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Response signup = this.api.post("/api/v1/auth/signup",
				Map.of("tenantName", "Keys", "tenantSlug", slug, "adminName", "Ada", "adminEmail",
						"ada@" + slug + ".test", "adminPassword", "correct horse battery"));
		assertThat(signup.status()).as(signup.body()).isEqualTo(201);
		List<String> published = publishedKids();

		ApiClient admin = this.api.withToken(signup.json().get("accessToken").asString());
		assertThat(admin.post("/api/v1/auth/keys/rotate?compromised=true", Map.of()).status()).isEqualTo(403);
		assertThat(publishedKids()).isEqualTo(published);
	}

	private ApiClient operator() {
		return this.api.withToken(operatorToken());
	}

	private String operatorToken() {
		ApiClient.Response login = this.api.post("/api/v1/auth/login",
				Map.of("tenantSlug", "platform-operators", "email", IdentityIntegrationTest.OPERATOR_EMAIL, "password",
						IdentityIntegrationTest.OPERATOR_PASSWORD));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return login.json().get("accessToken").asString();
	}

	private List<String> publishedKids() {
		return this.api.get("/.well-known/jwks.json").json().get("keys").findValuesAsString("kid");
	}

	private static String kidOf(String jwt) {
		return JSON.readTree(Base64.getUrlDecoder().decode(jwt.split("\\.")[0])).get("kid").asString();
	}

	private static Instant activationOf(String kid) throws SQLException {
		return column("activates_at", kid);
	}

	private static Instant withdrawalOf(String kid) throws SQLException {
		return column("expires_at", kid);
	}

	private static Instant column(String column, String kid) throws SQLException {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				PreparedStatement query = admin
					.prepareStatement("SELECT " + column + " FROM identity.signing_key WHERE kid = ?")) {
			query.setString(1, kid);
			try (ResultSet row = query.executeQuery()) {
				assertThat(row.next()).as(kid).isTrue();
				return row.getTimestamp(1).toInstant();
			}
		}
	}

	private static void waitUntil(Instant moment) throws InterruptedException {
		Duration left = Duration.between(Instant.now(), moment);
		if (!left.isNegative()) {
			Thread.sleep(left.plusMillis(100));
		}
	}

}
