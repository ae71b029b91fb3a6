package com.flowsupport.shared.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.jspecify.annotations.Nullable;

import com.flowsupport.shared.tenancy.AppRole;

/**
 * A real RS256 issuer for tests: its JWKS is served over HTTP on a loopback port, exactly
 * where a service expects identity-service's, and it mints tokens with the platform's
 * claims.
 */
public final class TestJwtIssuer {

	public static final String ISSUER = "https://identity.flowsupport.test";

	public static final String AUDIENCE = "flowsupport";

	private static @Nullable TestJwtIssuer instance;

	private final RSAKey key;

	private final HttpServer server;

	private TestJwtIssuer() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			KeyPair pair = generator.generateKeyPair();
			this.key = new RSAKey.Builder((RSAPublicKey) pair.getPublic()).privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID("test-" + UUID.randomUUID())
				.build();
			byte[] jwks = new JWKSet(this.key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
			this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			this.server.createContext("/.well-known/jwks.json", (exchange) -> {
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, jwks.length);
				try (OutputStream body = exchange.getResponseBody()) {
					body.write(jwks);
				}
			});
			this.server.start();
		}
		catch (NoSuchAlgorithmException | IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	public static synchronized TestJwtIssuer get() {
		if (instance == null) {
			instance = new TestJwtIssuer();
		}
		return instance;
	}

	public String jwkSetUri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/.well-known/jwks.json";
	}

	/** A valid access token for a user of a tenant. */
	public String token(UUID tenantId, UUID userId, AppRole role) {
		return token(tenantId, userId, role, (claims) -> {
		});
	}

	/**
	 * A token whose claims the test adjusts, e.g. to make it expired or for another
	 * audience.
	 */
	public String token(UUID tenantId, UUID userId, AppRole role, Consumer<JWTClaimsSet.Builder> adjust) {
		JWTClaimsSet.Builder claims = accessTokenClaims(ISSUER, tenantId, userId, role);
		adjust.accept(claims);
		return rs256(this.key, this.key.getKeyID(), claims.build());
	}

	/**
	 * A service token for a tenant, as identity-service issues them: no subject, app role
	 * {@code service}, the service named in the {@code service} claim.
	 */
	public String serviceToken(UUID tenantId, String service) {
		return token(tenantId, UUID.randomUUID(), AppRole.SERVICE,
				(claims) -> claims.subject(null).claim("service", service));
	}

	/**
	 * The claims of an access token as identity-service issues them (DESIGN §2), valid
	 * for five minutes from now.
	 */
	public static JWTClaimsSet.Builder accessTokenClaims(String issuer, UUID tenantId, UUID userId, AppRole role) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(issuer)
			.audience(List.of(AUDIENCE))
			.subject(userId.toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
			.jwtID(UUID.randomUUID().toString())
			.claim("tenant_id", tenantId.toString())
			.claim("app_role", role.claimValue())
			.claim("role", "authenticated");
	}

	/** The private key behind the published key set. */
	RSAKey key() {
		return this.key;
	}

	static String rs256(RSAKey key, String keyId, JWTClaimsSet claims) {
		try {
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(keyId).build(), claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Spring properties pointing a service's resource server at this issuer. */
	public Map<String, Object> properties() {
		return Map.of("flowsupport.security.jwt.jwk-set-uri", jwkSetUri(), "flowsupport.security.jwt.issuer", ISSUER,
				"flowsupport.security.jwt.audience", AUDIENCE);
	}

}
