package com.flowsupport.e2e;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.flowsupport.shared.crypto.SecretCipher;
import com.flowsupport.shared.test.TestInfrastructure;

/**
 * Crafts the tokens of the JWT attack suite. Cases that need a genuine signature over bad
 * claims (wrong audience, expired, ...) use identity's real active key, read from the
 * database and decrypted with this run's master key: exactly what an attacker could not
 * do, so a rejection proves the claim check and not merely the signature check.
 */
final class TokenForge {

	private final RSAKey identityKey;

	TokenForge(String masterKey) throws Exception {
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				ResultSet rows = statement.executeQuery(
						"SELECT kid, private_key FROM identity.signing_key WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1")) {
			rows.next();
			String kid = rows.getString("kid");
			byte[] json = SecretCipher.fromBase64(masterKey)
				.decrypt(rows.getBytes("private_key"), ("signing_key:" + kid).getBytes(StandardCharsets.UTF_8));
			this.identityKey = (RSAKey) JWK.parse(new String(json, StandardCharsets.UTF_8));
		}
	}

	JWTClaimsSet.Builder validClaims(String tenantId, String userId, String role) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(RunningPlatform.ISSUER)
			.audience(List.of("flowsupport"))
			.subject(userId)
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plusSeconds(300)))
			.jwtID(UUID.randomUUID().toString())
			.claim("tenant_id", tenantId)
			.claim("app_role", role)
			.claim("role", "authenticated");
	}

	/** Signed by identity's real key, with the claims adjusted. */
	String signedByIdentity(JWTClaimsSet.Builder claims, Consumer<JWTClaimsSet.Builder> adjust) throws Exception {
		adjust.accept(claims);
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(this.identityKey.getKeyID()).build(), claims.build());
		jwt.sign(new RSASSASigner(this.identityKey));
		return jwt.serialize();
	}

	/** Signed by a key identity never published, under any key id. */
	String signedByStranger(JWTClaimsSet.Builder claims, String kid) throws Exception {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
		generator.initialize(2048);
		var pair = generator.generateKeyPair();
		RSAKey stranger = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
			.privateKey((RSAPrivateKey) pair.getPrivate())
			.keyID(kid)
			.build();
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).build(), claims.build());
		jwt.sign(new RSASSASigner(stranger));
		return jwt.serialize();
	}

	/**
	 * The algorithm-confusion attack: HMAC keyed with identity's public key, published in
	 * the JWKS.
	 */
	String hs256WithPublicKey(JWTClaimsSet.Builder claims) throws Exception {
		RSAPublicKey publicKey = this.identityKey.toRSAPublicKey();
		String pem = "-----BEGIN PUBLIC KEY-----\n"
				+ Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(publicKey.getEncoded())
				+ "\n-----END PUBLIC KEY-----\n";
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.identityKey.getKeyID()).build(), claims.build());
		jwt.sign(new MACSigner(pem.getBytes(StandardCharsets.UTF_8)));
		return jwt.serialize();
	}

	static String unsigned(JWTClaimsSet.Builder claims) {
		Base64.Encoder encoder = Base64.getUrlEncoder().withoutPadding();
		return encoder.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "."
				+ encoder.encodeToString(claims.build().toString().getBytes(StandardCharsets.UTF_8)) + ".";
	}

	static String tampered(String token, String tenantId, String otherTenantId) {
		String[] parts = token.split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(tenantId,
				otherTenantId);
		return parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "."
				+ parts[2];
	}

}
