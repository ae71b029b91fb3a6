package com.flowsupport.shared.security;

import java.util.List;

import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;

/**
 * The one definition of an acceptable access token, used by every service and by the
 * gateway: current ({@code exp} required, {@code exp}/{@code nbf} with a small leeway),
 * from our issuer, for our audience, and naming a tenant and a known app role. The
 * signature algorithm (RS256 only) and key (identity-service's JWKS) are the decoder's
 * part.
 */
public final class AccessTokenValidators {

	private AccessTokenValidators() {
	}

	public static OAuth2TokenValidator<Jwt> of(JwtProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(
				List.of(new JwtTimestampValidator(properties.clockSkew()), new JwtIssuerValidator(properties.issuer()),
						new JwtClaimValidator<List<String>>("aud",
								(audience) -> audience != null && audience.contains(properties.audience())),
						new JwtClaimValidator<Object>("exp", (exp) -> exp != null),
						new JwtClaimValidator<String>(CallerIdentity.TENANT_ID,
								(tenant) -> tenant != null && !tenant.isBlank()),
						new JwtClaimValidator<String>(CallerIdentity.APP_ROLE, AccessTokenValidators::knownRole)));
	}

	/**
	 * What the gateway accepts from outside: the same, but not the tokens the services
	 * call one another with ({@code service}, {@code platform}), which never go through
	 * it; a leaked one is no use from outside.
	 */
	public static OAuth2TokenValidator<Jwt> ofClients(JwtProperties properties) {
		return new DelegatingOAuth2TokenValidator<>(of(properties), new JwtClaimValidator<String>(
				CallerIdentity.APP_ROLE, (role) -> knownRole(role) && !AppRole.fromClaim(role).internal()));
	}

	private static boolean knownRole(String role) {
		try {
			AppRole.fromClaim(role);
			return true;
		}
		catch (IllegalArgumentException | NullPointerException ex) {
			return false;
		}
	}

}
