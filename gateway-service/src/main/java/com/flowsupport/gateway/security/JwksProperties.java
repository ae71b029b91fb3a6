package com.flowsupport.gateway.security;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway keeps identity-service's public keys.
 *
 * @param cacheTtl keys are fetched again after this long, so a key identity-service has
 * withdrawn stops verifying tokens
 * @param minRefreshInterval a token with an unknown {@code kid} triggers a fetch, but at
 * most one per interval: forged tokens with random key ids cannot turn the gateway into a
 * flood against identity-service
 * @param fetchTimeout how long one fetch may take
 * @param verifiedTokenTtl how long a token that passed every check is taken as verified
 * without checking it again (never past its {@code exp}); zero turns the cache off
 * @param verifiedTokenCacheSize how many verified tokens are remembered at most
 */
@ConfigurationProperties("flowsupport.gateway.jwks")
public record JwksProperties(@DefaultValue("5m") Duration cacheTtl, @DefaultValue("10s") Duration minRefreshInterval,
		@DefaultValue("3s") Duration fetchTimeout, @DefaultValue("60s") Duration verifiedTokenTtl,
		@DefaultValue("10000") int verifiedTokenCacheSize) {
}
