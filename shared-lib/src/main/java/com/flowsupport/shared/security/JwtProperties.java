package com.flowsupport.shared.security;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service checks access tokens: RS256 only, signed by a key from identity-service's
 * JWKS, with the expected issuer and audience.
 *
 * @param jwkSetUri identity-service's {@code /.well-known/jwks.json}
 * @param issuer expected {@code iss}
 * @param audience expected entry of {@code aud}
 * @param clockSkew leeway on {@code exp} and {@code nbf}
 * @param publicPaths request paths served without a token (explicit public surfaces only)
 */
@Validated
@ConfigurationProperties("flowsupport.security.jwt")
public record JwtProperties(@NotBlank String jwkSetUri, @NotBlank String issuer,
		@DefaultValue("flowsupport") String audience, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue List<String> publicPaths) {
}
