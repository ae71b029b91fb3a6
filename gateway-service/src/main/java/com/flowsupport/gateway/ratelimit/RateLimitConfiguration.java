package com.flowsupport.gateway.ratelimit;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationListener;
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
	RedisRateLimiter requestBudgets(ReactiveStringRedisTemplate redis, RateLimitProperties properties,
			ObjectProvider<MeterRegistry> meters) {
		return new RedisRateLimiter(redis, properties.redisTimeout(), properties.redisBackoff(),
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	@Bean
	RateLimitFilter rateLimitFilter(RedisRateLimiter limiter, RateLimitProperties properties, RedisKeyProperties keys,
			JwtProperties jwt, ClientAddressResolver clients, ObjectProvider<MeterRegistry> meters) {
		BucketLeases leases = new BucketLeases(limiter, properties.leaseShare(), properties.leaseTtl());
		return new RateLimitFilter(leases, properties, keys.keyPrefix(), jwt.publicPaths(), clients,
				meters.getIfAvailable(SimpleMeterRegistry::new));
	}

	/**
	 * Before the gateway reports itself ready ({@code ApplicationReadyEvent}), Redis is
	 * connected and the script loaded.
	 */
	@Bean
	ApplicationListener<ApplicationStartedEvent> rateLimiterWarmUp(RedisRateLimiter limiter, RedisKeyProperties keys) {
		return (started) -> limiter.warmUp(keys.keyPrefix() + "ratelimit:warm-up", Duration.ofSeconds(5));
	}

}
