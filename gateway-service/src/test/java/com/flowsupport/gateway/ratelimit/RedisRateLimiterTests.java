package com.flowsupport.gateway.ratelimit;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.flowsupport.gateway.ratelimit.RedisRateLimiter.Grant;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token bucket script against a real Redis, and what happens when Redis is gone.
 */
class RedisRateLimiterTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private LettuceConnectionFactory connections;

	@AfterEach
	void close() {
		this.connections.destroy();
	}

	@Test
	void allowsTheBudgetAtOnceAndRefillsEvenly() throws InterruptedException {
		URI redis = URI.create(TestInfrastructure.get().redisUrl());
		RedisRateLimiter limiter = limiter(redis.getHost(), redis.getPort(), Duration.ofSeconds(2));
		String key = TestInfrastructure.get().keyPrefix() + "ratelimit-test:" + UUID.randomUUID();
		RateLimitProperties.Limit twoPerSecond = new RateLimitProperties.Limit(2, Duration.ofSeconds(1));

		Grant first = limiter.take(key, twoPerSecond, 1).block();
		Grant second = limiter.take(key, twoPerSecond, 1).block();
		Grant third = limiter.take(key, twoPerSecond, 1).block();

		assertThat(first).isEqualTo(new Grant(true, 1, 1, 0));
		assertThat(second).isEqualTo(new Grant(true, 1, 0, 0));
		assertThat(third.granted()).isZero();
		assertThat(third.retryAfterMillis()).isBetween(400L, 500L);

		Thread.sleep(third.retryAfterMillis() + 20);
		Grant refilled = limiter.take(key, twoPerSecond, 1).block();
		assertThat(refilled.granted()).isOne();
		assertThat(refilled.remaining()).isZero();
	}

	@Test
	void leasesNoMoreThanTheBucketHolds() {
		URI redis = URI.create(TestInfrastructure.get().redisUrl());
		RedisRateLimiter limiter = limiter(redis.getHost(), redis.getPort(), Duration.ofSeconds(2));
		String key = TestInfrastructure.get().keyPrefix() + "ratelimit-test:" + UUID.randomUUID();
		RateLimitProperties.Limit tenPerMinute = new RateLimitProperties.Limit(10, Duration.ofMinutes(1));

		assertThat(limiter.take(key, tenPerMinute, 4).block()).isEqualTo(new Grant(true, 4, 6, 0));
		assertThat(limiter.take(key, tenPerMinute, 8).block()).isEqualTo(new Grant(true, 6, 0, 0));
		Grant spent = limiter.take(key, tenPerMinute, 8).block();
		assertThat(spent.granted()).isZero();
		assertThat(spent.retryAfterMillis()).isBetween(5_900L, 6_000L);
	}

	@Test
	void letsRequestsThroughUncountedWhileRedisIsUnreachable() throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0)) {
			closedPort = socket.getLocalPort();
		}
		RedisRateLimiter limiter = limiter("127.0.0.1", closedPort, Duration.ofSeconds(30));
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit(1, Duration.ofMinutes(1));

		long start = System.nanoTime();
		Grant first = limiter.take("any", limit, 1).block();
		Grant second = limiter.take("any", limit, 1).block();
		long secondTookMillis = (System.nanoTime() - start) / 1_000_000;

		assertThat(first).isEqualTo(Grant.UNCOUNTED);
		assertThat(second).isEqualTo(Grant.UNCOUNTED);
		// Within the back-off Redis is not asked again, so nothing waits for it.
		assertThat(secondTookMillis).isLessThan(1000);
		assertThat(this.meters.counter("flowsupport.gateway.rate-limit.unavailable").count()).isEqualTo(2);
	}

	private RedisRateLimiter limiter(String host, int port, Duration backoff) {
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(host, port));
		this.connections.afterPropertiesSet();
		this.connections.start();
		return new RedisRateLimiter(new ReactiveStringRedisTemplate(this.connections), Duration.ofMillis(500), backoff,
				this.meters);
	}

}
