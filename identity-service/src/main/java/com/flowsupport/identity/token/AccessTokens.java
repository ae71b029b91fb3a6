package com.flowsupport.identity.token;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.security.JwtProperties;
import com.flowsupport.shared.tenancy.AppRole;

/**
 * Mints RS256 access tokens with the platform's claims (DESIGN §2): {@code sub},
 * {@code tenant_id}, {@code app_role}, {@code role} (the Postgres role Supabase expects),
 * {@code aud}, {@code iss}, {@code exp}, {@code iat}, {@code jti}; plus {@code sid} (the
 * session), {@code plan} (for rate limits) and, for agents, the groups whose tickets they
 * work.
 */
@Component
public class AccessTokens {

	private final SigningKeys keys;

	private final IdentityProperties properties;

	private final JwtProperties jwt;

	AccessTokens(SigningKeys keys, IdentityProperties properties, JwtProperties jwt) {
		this.keys = keys;
		this.properties = properties;
		this.jwt = jwt;
	}

	public long ttlSeconds() {
		return this.properties.accessTokenTtl().toSeconds();
	}

	/**
	 * A token for a service acting for one tenant (service-to-service calls, background
	 * work).
	 */
	public String issueForService(String service, UUID tenantId, String plan) {
		return sign(baseClaims(tenantId, AppRole.SERVICE, plan).claim("service", service));
	}

	/**
	 * @param subject the user (or API key) the token speaks for; absent for service
	 * tokens
	 * @param session the refresh-token family, when the token belongs to a login session
	 */
	public String issue(@Nullable UUID subject, UUID tenantId, AppRole role, String plan, @Nullable UUID session,
			List<UUID> groups, boolean restrictedToGroups) {
		JWTClaimsSet.Builder claims = baseClaims(tenantId, role, plan);
		if (subject != null) {
			claims.subject(subject.toString());
		}
		if (session != null) {
			claims.claim("sid", session.toString());
		}
		if (role == AppRole.AGENT) {
			claims.claim("groups", groups.stream().map(UUID::toString).toList());
			claims.claim("group_restricted", restrictedToGroups);
		}
		return sign(claims);
	}

	private JWTClaimsSet.Builder baseClaims(UUID tenantId, AppRole role, String plan) {
		Instant now = Instant.now();
		return new JWTClaimsSet.Builder().issuer(this.jwt.issuer())
			.audience(List.of(this.jwt.audience()))
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.jwtID(UUID.randomUUID().toString())
			.claim("tenant_id", tenantId.toString())
			.claim("app_role", role.claimValue())
			.claim("role", "authenticated")
			.claim("plan", plan);
	}

	private String sign(JWTClaimsSet.Builder claims) {
		RSAKey key = this.keys.active();
		try {
			SignedJWT token = new SignedJWT(
					new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
					claims.build());
			token.sign(new RSASSASigner(key));
			return token.serialize();
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an access token", ex);
		}
	}

}
