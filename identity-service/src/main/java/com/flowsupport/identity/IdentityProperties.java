package com.flowsupport.identity;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * identity-service settings.
 *
 * @param signupEnabled whether anyone may create a tenant with
 * {@code POST /api/v1/auth/signup}
 * @param accessTokenTtl lifetime of access tokens (keep short: they cannot be revoked)
 * @param refreshTokenTtl lifetime of a refresh token (each refresh issues a new one)
 * @param keyRotationPeriod how long a signing key signs before its successor takes over
 * @param signingKeyLeadTime how long a new signing key is published in the JWKS before it
 * signs, so that every verifier holds it before the first token naming it arrives: longer
 * than verifiers cache the key set (5 minutes: the gateway, the services and the JWKS's
 * own {@code max-age}) plus the 30 s for which each identity replica caches its keys
 * @param invitationTtl how long an agent invitation can be accepted
 * @param maxFailuresPerAccount failed logins for one account within the lockout window
 * before it is locked for the rest of the window
 * @param lockoutWindow the window of the account limit
 * @param serviceClients credentials of the services allowed to obtain service tokens:
 * name to secret (from the environment, never from files)
 * @param platformAdmin the platform operator account created at startup, when configured
 * @param mailFrom the sender of the emails identity sends (password reset links)
 * @param passwordReset how users who forgot their password get a new one
 */
@Validated
@ConfigurationProperties("flowsupport.identity")
public record IdentityProperties(@DefaultValue("true") boolean signupEnabled,
		@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("30d") Duration keyRotationPeriod, @DefaultValue("10m") Duration signingKeyLeadTime,
		@DefaultValue("7d") Duration invitationTtl, @DefaultValue("5") @Min(1) int maxFailuresPerAccount,
		@DefaultValue("15m") Duration lockoutWindow, @DefaultValue Map<String, String> serviceClients,
		@DefaultValue PlatformAdmin platformAdmin,
		@DefaultValue("FlowSupport <no-reply@flowsupport.local>") String mailFrom,
		@DefaultValue @Valid PasswordReset passwordReset) {

	public IdentityProperties {
		if (signingKeyLeadTime.isNegative() || signingKeyLeadTime.compareTo(keyRotationPeriod) >= 0) {
			throw new IllegalArgumentException(
					"flowsupport.identity.signing-key-lead-time must be at least zero and shorter than key-rotation-period");
		}
	}

	/**
	 * @param email the super admin's email; nothing is created without it
	 * @param password their initial password
	 * @param tenantSlug the operators' own tenant
	 */
	public record PlatformAdmin(@Nullable String email, @Nullable String password,
			@DefaultValue("platform-operators") String tenantSlug) {
	}

	/**
	 * @param linkBase the page that completes a reset (the web console's), which receives
	 * the token as its {@code token} query parameter
	 * @param ttl how long a reset link works
	 * @param maxRequestsPerAccount reset emails one address may ask for within the
	 * request window, so that nobody can flood someone's inbox
	 * @param requestWindow the window of that limit
	 */
	public record PasswordReset(@DefaultValue("http://localhost:3000/reset-password") URI linkBase,
			@DefaultValue("30m") Duration ttl, @DefaultValue("3") @Min(1) int maxRequestsPerAccount,
			@DefaultValue("1h") Duration requestWindow) {
	}

}
