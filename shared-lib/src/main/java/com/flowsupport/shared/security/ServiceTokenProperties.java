package com.flowsupport.shared.security;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a service obtains its own access tokens for a tenant from identity-service
 * ({@code POST /api/v1/auth/service-token}), for work no user's token covers: event
 * consumers, and calls made for customers whose tokens identity does not accept.
 *
 * @param identityUrl where identity-service answers
 * @param clientName the name identity knows this service by
 * ({@code flowsupport.identity.service-clients.<name>} there; by default the
 * application's name)
 * @param clientSecret its secret there; without one, no service tokens are to be had
 * @param renewBefore how long before a token expires a fresh one is fetched, so that no
 * call carries a token that expires on the way
 */
@Validated
@ConfigurationProperties("flowsupport.service-token")
public record ServiceTokenProperties(@DefaultValue("http://localhost:8081") @NotNull URI identityUrl,
		@Nullable String clientName, @Nullable String clientSecret, @DefaultValue("60s") Duration renewBefore) {

	public boolean configured() {
		return this.clientName != null && !this.clientName.isBlank() && this.clientSecret != null
				&& !this.clientSecret.isBlank();
	}

}
