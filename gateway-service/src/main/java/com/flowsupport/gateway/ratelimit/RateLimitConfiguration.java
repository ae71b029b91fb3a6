package com.flowsupport.gateway.ratelimit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.flowsupport.gateway.edge.ClientAddressResolver;
import com.flowsupport.shared.redis.RedisKeyProperties;
import com.flowsupport.shared.security.JwtProperties;

/**
 * Per-tenant and per-address request budgets in Redis
 * ({@code flowsupport.gateway.rate-limit.*}; {@code enabled=false} turns them off).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "flowsupport.gateway.rate-limit.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RateLimitProperties.class)
class RateLimitConfiguration {

	@Bean
	RateLimitFilter rateLimitFilter(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			RedisKeyProperties keys, JwtProperties jwt, ClientAddressResolver clients,
			ObjectProvider<MeterRegistry> meters) {
		MeterRegistry registry = meters.getIfAvailable(SimpleMeterRegistry::new);
		RedisRateLimiter limiter = new RedisRateLimiter(redis, properties.redisTimeout(), properties.redisBackoff(),
				registry);
		return new RateLimitFilter(limiter, properties, keys.keyPrefix(), jwt.publicPaths(), clients, registry);
	}

}
