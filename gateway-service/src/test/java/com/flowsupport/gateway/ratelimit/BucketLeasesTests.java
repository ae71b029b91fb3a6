package com.flowsupport.gateway.ratelimit;

import java.net.URI;
import java.time.Duration;
import java.util.UUID;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Local leases against a real Redis: far fewer round trips than requests, never more
 * requests through than the budget however many replicas share it, refusals remembered,
 * and small budgets still counted exactly.
 */
class BucketLeasesTests {

	private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	private LettuceConnectionFactory connections;

	private RedisRateLimiter redis;

	private String key;

	@BeforeEach
	void connect() {
		URI url = URI.create(TestInfrastructure.get().redisUrl());
		this.connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration(url.getHost(), url.getPort()));
		this.connections.afterPropertiesSet();
		this.connections.start();
		this.redis = new RedisRateLimiter(new ReactiveStringRedisTemplate(this.connections), Duration.ofMillis(500),
				Duration.ofSeconds(2), this.meters);
		this.key = TestInfrastructure.get().keyPrefix() + "ratelimit-test:" + UUID.randomUUID();
	}

	@AfterEach
	void close() {
		this.connections.destroy();
	}

	@Test
	void asksRedisOncePerLeaseNotPerRequest() {
		BucketLeases leases = new BucketLeases(this.redis, 0.01, Duration.ofMinutes(1));
		// A period so long that nothing refills while the test runs.
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit(100_000, Duration.ofDays(30));

		for (int i = 0; i < 2_000; i++) {
			Decision decision = leases.consume(this.key, limit).block();
			assertThat(decision.allowed()).isTrue();
			assertThat(decision.remaining()).isEqualTo(100_000 - i - 1);
		}

		// Leases of 2, 4, ... 1,024, then 1,000 (1 % of the budget) at most.
		assertThat(redisCalls()).isLessThanOrEqualTo(12);
	}

	@Test
	void replicasSharingABucketNeverLetMoreThanItsBudgetThrough() {
		BucketLeases one = new BucketLeases(this.redis, 0.1, Duration.ofMinutes(1));
		BucketLeases other = new BucketLeases(this.redis, 0.1, Duration.ofMinutes(1));
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit(100, Duration.ofHours(1));

		int allowed = 0;
		for (int i = 0; i < 300; i++) {
			BucketLeases replica = (i % 3 == 0) ? one : other;
			if (replica.consume(this.key, limit).block().allowed()) {
				allowed++;
			}
		}

		assertThat(allowed).isEqualTo(100);
	}

	@Test
	void remembersARefusalUntilTheBucketHasRoomAgain() {
		BucketLeases leases = new BucketLeases(this.redis, 0.5, Duration.ofMinutes(1));
		RateLimitProperties.Limit fourPerMinute = new RateLimitProperties.Limit(4, Duration.ofMinutes(1));
		for (int i = 0; i < 4; i++) {
			assertThat(leases.consume(this.key, fourPerMinute).block().allowed()).isTrue();
		}
		Decision refused = leases.consume(this.key, fourPerMinute).block();
		double callsAtRefusal = redisCalls();

		for (int i = 0; i < 50; i++) {
			Decision again = leases.consume(this.key, fourPerMinute).block();
			assertThat(again.allowed()).isFalse();
			assertThat(again.retryAfterSeconds()).isBetween(14L, 15L);
		}

		assertThat(refused.allowed()).isFalse();
		assertThat(refused.retryAfterSeconds()).isEqualTo(15);
		assertThat(redisCalls()).isEqualTo(callsAtRefusal);
	}

	@Test
	void letsWhatIsLeftOfALeaseLapseAndAsksForLessNextTime() throws InterruptedException {
		BucketLeases leases = new BucketLeases(this.redis, 0.01, Duration.ofMillis(200));
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit(100_000, Duration.ofDays(30));
		for (int i = 0; i < 7; i++) {
			leases.consume(this.key, limit).block();
		}
		// Leases of 2 and 4 used up; the third (8) holds 7 more.
		assertThat(redisCalls()).isEqualTo(3);

		Thread.sleep(300);
		Decision afterLapse = leases.consume(this.key, limit).block();

		assertThat(redisCalls()).isEqualTo(4);
		// 14 taken from Redis so far, then a lease of 1 (the 8 less the 7 that lapsed).
		assertThat(afterLapse.remaining()).isEqualTo(100_000 - 15);
		assertThat(leases.consume(this.key, limit).block().allowed()).isTrue();
		assertThat(redisCalls()).isEqualTo(5);
	}

	@Test
	void countsSmallBudgetsInRedisRequestByRequest() {
		BucketLeases leases = new BucketLeases(this.redis, 0.01, Duration.ofMinutes(1));
		RateLimitProperties.Limit threePerMinute = new RateLimitProperties.Limit(3, Duration.ofMinutes(1));

		for (int remaining = 2; remaining >= 0; remaining--) {
			assertThat(leases.consume(this.key, threePerMinute).block()).isEqualTo(Decision.allowed(3, remaining));
		}
		assertThat(leases.consume(this.key, threePerMinute).block().allowed()).isFalse();

		assertThat(redisCalls()).isEqualTo(4);
		assertThat(leases.size()).isZero();
	}

	private double redisCalls() {
		return this.meters.counter("flowsupport.gateway.rate-limit.redis-calls").count();
	}

}
