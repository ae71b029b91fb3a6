package com.flowsupport.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tokens are checked at the gateway, before anything is routed: every forged, stale or
 * misdirected token is refused with a 401 problem and the service never hears of it.
 */
class AccessTokenTests extends GatewayIntegrationTest {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	@Test
	void passesAValidTokenThroughUnchanged() {
		String token = token();

		ApiClient.Response response = gateway().withToken(token).get("/api/v1/tickets/42");

		assertThat(response.status()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("ticket /api/v1/tickets/42");
		assertThat(TICKET.received()).singleElement()
			.satisfies((request) -> assertThat(request.header("Authorization")).isEqualTo("Bearer " + token));
	}

	@Test
	void refusesAProtectedPathWithoutAToken() {
		ApiClient.Response response = gateway().get("/api/v1/tickets/42");

		assertUnauthorized(response);
		assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
		assertThat(TICKET.received()).isEmpty();
	}

	@Test
	void servesPublicSurfacesWithoutAToken() {
		ApiClient.Response response = gateway().post("/api/v1/auth/login", java.util.Map.of("email", "a@b.test"));

		assertThat(response.status()).isEqualTo(200);
		assertThat(IDENTITY.received()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/api/v1/auth/login"));
	}

	@Test
	void refusesAnInvalidTokenEvenOnAPublicSurface() {
		String expired = token(UUID.randomUUID(),
				(claims) -> claims.issueTime(ago(Duration.ofMinutes(20))).expirationTime(ago(Duration.ofMinutes(10))));

		ApiClient.Response response = gateway().withToken(expired).get("/api/v1/help/acme/articles");

		assertUnauthorized(response);
		assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
		assertThat(KB.received()).isEmpty();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("forgedTokens")
	void refusesForgedAndInvalidTokensBeforeRouting(Supplier<String> forged) {
		String token = forged.get();

		ApiClient.Response protectedPath = gateway().withToken(token).get("/api/v1/tickets/42");
		ApiClient.Response publicPath = gateway().withToken(token).get("/api/v1/help/acme/articles");

		assertUnauthorized(protectedPath);
		assertUnauthorized(publicPath);
		assertThat(TICKET.received()).isEmpty();
		assertThat(KB.received()).isEmpty();
	}

	static Stream<Named<Supplier<String>>> forgedTokens() {
		return Stream.of(Named.of("alg none", AccessTokenTests::unsigned),
				Named.of("HS256 signed with the public key (DER)", () -> hmacWithPublicKey(false)),
				Named.of("HS256 signed with the public key (PEM)", () -> hmacWithPublicKey(true)),
				Named.of("unknown kid", () -> signedByStranger("rotated-" + UUID.randomUUID())),
				Named.of("kid with a path", () -> signedByStranger("../../etc/passwd")),
				Named.of("kid with SQL", () -> signedByStranger("' OR 1=1 --")),
				Named.of("wrong audience",
						() -> token(UUID.randomUUID(), (claims) -> claims.audience(List.of("another-app")))),
				Named.of("wrong issuer",
						() -> token(UUID.randomUUID(), (claims) -> claims.issuer("https://identity.evil.test"))),
				Named.of("expired",
						() -> token(UUID.randomUUID(),
								(claims) -> claims.issueTime(ago(Duration.ofMinutes(20)))
									.expirationTime(ago(Duration.ofMinutes(5))))),
				Named.of("not valid before a future time", () -> token(UUID.randomUUID(),
						(claims) -> claims.notBeforeTime(Date.from(Instant.now().plus(Duration.ofMinutes(5)))))),
				Named.of("tampered payload", AccessTokenTests::tampered),
				Named.of("no tenant", () -> token(UUID.randomUUID(), (claims) -> claims.claim("tenant_id", null))),
				Named.of("not a token at all", () -> "not a token"),
				Named.of("token with a space inside", () -> token().replaceFirst("\\.", ". ")));
	}

	private static void assertUnauthorized(ApiClient.Response response) {
		assertThat(response.status()).isEqualTo(401);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(401);
		assertThat(response.json().get("title").asString()).isEqualTo("Unauthorized");
		assertThat(response.json().get("detail").asString()).isEqualTo("A valid access token is required.");
	}

	/** A valid token's header and payload, with {@code alg: none} and no signature. */
	private static String unsigned() {
		String[] parts = token().split("\\.");
		String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
		return header + "." + parts[1] + ".";
	}

	/**
	 * The classic confusion attack: HMAC-signed with the RSA public key as the secret,
	 * hoping the verifier uses "the key" with whatever algorithm the token names.
	 */
	private static String hmacWithPublicKey(boolean pem) {
		try {
			RSAKey published = (RSAKey) JWKSet.load(URI.create(TestJwtIssuer.get().jwkSetUri()).toURL())
				.getKeys()
				.get(0);
			byte[] der = published.toRSAPublicKey().getEncoded();
			byte[] secret = pem ? ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
					+ "\n-----END PUBLIC KEY-----\n")
				.getBytes(StandardCharsets.US_ASCII) : der;
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(published.getKeyID()).build(),
					claims());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Properly signed, but by a key identity-service never published. */
	private static String signedByStranger(String keyId) {
		try {
			RSAKey stranger = new RSAKeyGenerator(2048).keyID(keyId).generate();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims());
			jwt.sign(new RSASSASigner(stranger));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A valid token whose payload now names another tenant; the signature is kept. */
	private static String tampered() {
		String[] parts = token().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = payload.replaceFirst("\"tenant_id\":\"[^\"]+\"", "\"tenant_id\":\"" + UUID.randomUUID() + "\"");
		assertThat(forged).isNotEqualTo(payload);
		return parts[0] + "." + encode(forged) + "." + parts[2];
	}

	private static JWTClaimsSet claims() {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(TestJwtIssuer.ISSUER)
			.audience(List.of(TestJwtIssuer.AUDIENCE))
			.subject(UUID.randomUUID().toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString())
			.claim("tenant_id", UUID.randomUUID().toString())
			.claim("app_role", "admin")
			.claim("role", "authenticated")
			.build();
	}

	private static Date ago(Duration duration) {
		return Date.from(Instant.now().minus(duration));
	}

	private static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
