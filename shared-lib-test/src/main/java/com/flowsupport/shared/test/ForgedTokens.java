package com.flowsupport.shared.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import com.flowsupport.shared.tenancy.AppRole;

/**
 * The JWT attack suite: tokens that look like the platform's access tokens and that every
 * verifier, the gateway and each service alike, must refuse. The cases with bad claims
 * carry a genuine signature of a key the verifier trusts, so their refusal proves the
 * claim checks, not merely the signature check.
 */
public final class ForgedTokens {

	private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

	private final RSAKey trustedKey;

	private final Supplier<JWTClaimsSet.Builder> validClaims;

	/**
	 * @param trustedKey a private key whose public half the verifier trusts: the test
	 * issuer's, or identity-service's own active key
	 * @param validClaims a fresh builder, on each call, of claims the verifier accepts
	 * (e.g. {@link TestJwtIssuer#accessTokenClaims})
	 */
	public ForgedTokens(RSAKey trustedKey, Supplier<JWTClaimsSet.Builder> validClaims) {
		this.trustedKey = trustedKey;
		this.validClaims = validClaims;
	}

	/**
	 * Against verifiers that trust {@link TestJwtIssuer}: an admin of a tenant of its
	 * own.
	 */
	public static ForgedTokens forTestIssuer() {
		UUID tenant = UUID.randomUUID();
		UUID user = UUID.randomUUID();
		return new ForgedTokens(TestJwtIssuer.get().key(),
				() -> TestJwtIssuer.accessTokenClaims(TestJwtIssuer.ISSUER, tenant, user, AppRole.ADMIN));
	}

	/**
	 * Every attack by name, in a stable order: {@code alg: none}, HS256 keyed with the
	 * public key (DER and PEM), unknown {@code kid}, {@code kid} with path and SQL
	 * characters, wrong {@code aud}, wrong {@code iss}, expired, {@code nbf} in the
	 * future, tampered payload, no tenant, unknown app role.
	 */
	public Map<String, String> attacks() {
		Map<String, String> attacks = new LinkedHashMap<>();
		attacks.put("alg none", unsigned());
		attacks.put("HS256 signed with the public key (DER)", hmacWithPublicKey(false));
		attacks.put("HS256 signed with the public key (PEM)", hmacWithPublicKey(true));
		attacks.put("unknown kid", signedByStranger("rotated-" + UUID.randomUUID()));
		attacks.put("kid with a path", signedByStranger("../../../../etc/passwd"));
		attacks.put("kid with SQL", signedByStranger("' OR '1'='1' --"));
		attacks.put("wrong audience", signed((claims) -> claims.audience(List.of("another-app"))));
		attacks.put("wrong issuer", signed((claims) -> claims.issuer("https://identity.evil.test")));
		attacks.put("expired", signed((claims) -> claims.issueTime(fromNow(Duration.ofMinutes(-20)))
			.expirationTime(fromNow(Duration.ofMinutes(-5)))));
		attacks.put("not valid before a future time",
				signed((claims) -> claims.notBeforeTime(fromNow(Duration.ofMinutes(5)))));
		attacks.put("tampered payload", tampered());
		attacks.put("no tenant", signed((claims) -> claims.claim("tenant_id", null)));
		attacks.put("unknown app role", signed((claims) -> claims.claim("app_role", "root")));
		return attacks;
	}

	/**
	 * The control: signed by the trusted key with valid claims, so it must be accepted;
	 * the attacks differ from it in their flaw alone.
	 */
	public String valid() {
		return signed((claims) -> {
		});
	}

	/** Signed by the trusted key, with the valid claims adjusted. */
	public String signed(Consumer<JWTClaimsSet.Builder> adjust) {
		JWTClaimsSet.Builder claims = this.validClaims.get();
		adjust.accept(claims);
		return TestJwtIssuer.rs256(this.trustedKey, this.trustedKey.getKeyID(), claims.build());
	}

	/** Valid claims with {@code alg: none} and no signature. */
	public String unsigned() {
		return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + encode(this.validClaims.get().build().toString())
				+ ".";
	}

	/**
	 * The algorithm-confusion attack: HMAC keyed with the trusted key's public half (as
	 * the JWKS publishes it), hoping the verifier uses "the key" with whatever algorithm
	 * the token names.
	 */
	public String hmacWithPublicKey(boolean pem) {
		try {
			byte[] der = this.trustedKey.toRSAPublicKey().getEncoded();
			byte[] secret = pem ? ("-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
					+ "\n-----END PUBLIC KEY-----\n")
				.getBytes(StandardCharsets.US_ASCII) : der;
			SignedJWT jwt = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(this.trustedKey.getKeyID()).build(),
					this.validClaims.get().build());
			jwt.sign(new MACSigner(secret));
			return jwt.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Valid claims, properly signed, but by a key nobody published, under any key id. */
	public String signedByStranger(String keyId) {
		try {
			RSAKey stranger = new RSAKeyGenerator(2048).keyID(keyId).generate();
			return TestJwtIssuer.rs256(stranger, keyId, this.validClaims.get().build());
		}
		catch (JOSEException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A valid token whose payload now names another tenant; the signature is kept. */
	public String tampered() {
		String[] parts = valid().split("\\.");
		String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		String forged = payload.replaceFirst("\"tenant_id\":\"[^\"]+\"", "\"tenant_id\":\"" + UUID.randomUUID() + "\"");
		if (forged.equals(payload)) {
			throw new IllegalStateException("The valid claims name no tenant to tamper with");
		}
		return parts[0] + "." + encode(forged) + "." + parts[2];
	}

	private static Date fromNow(Duration offset) {
		return Date.from(Instant.now().plus(offset));
	}

	private static String encode(String json) {
		return BASE64URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
	}

}
