package com.flowsupport.gateway.ratelimit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ClassPathResource;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * Takes requests from a bucket in Redis, atomically through one Lua script: one at a
 * time, or several at once for a local lease ({@link BucketLeases}).
 * <p>
 * When Redis cannot answer within the timeout, the request goes through uncounted (fails
 * open): a gateway that refused all traffic whenever its cache node restarted would turn
 * a minor outage into a full one, and the services still authenticate every call. The
 * outage is logged once when it starts and once when it ends, counted in
 * {@code flowsupport.gateway.rate-limit.unavailable}, and for {@code redisBackoff} after
 * a failure Redis is not asked at all, so requests do not each wait out the timeout.
 */
final class RedisRateLimiter {

	private static final Log logger = LogFactory.getLog(RedisRateLimiter.class);

	/**
	 * Loaded once as text: a script backed by a resource would be checked for changes on
	 * every call.
	 */
	@SuppressWarnings("rawtypes")
	private static final RedisScript<List> GCRA = RedisScript.of(script("ratelimit/gcra.lua"), List.class);

	private final ReactiveStringRedisTemplate redis;

	private final Duration timeout;

	private final long backoffNanos;

	private final Counter unavailable;

	private final Counter calls;

	private volatile boolean degraded;

	private volatile long retryAt;

	RedisRateLimiter(ReactiveStringRedisTemplate redis, Duration timeout, Duration backoff, MeterRegistry meters) {
		this.redis = redis;
		this.timeout = timeout;
		this.backoffNanos = backoff.toNanos();
		this.unavailable = Counter.builder("flowsupport.gateway.rate-limit.unavailable")
			.description("Requests let through uncounted because Redis could not answer")
			.register(meters);
		this.calls = Counter.builder("flowsupport.gateway.rate-limit.redis-calls")
			.description("Round trips to Redis for request budgets (one per lease, not per request)")
			.register(meters);
	}

	/**
	 * Opens the connection and loads the script before the gateway takes traffic, so that
	 * the first requests do not wait for either (and, on a busy machine, time out and
	 * pass uncounted). Failing here only logs: the limiter copes with Redis arriving
	 * later.
	 */
	void warmUp(String key, Duration wait) {
		RateLimitProperties.Limit limit = new RateLimitProperties.Limit(1, Duration.ofSeconds(1));
		List<String> args = List.of("1", Long.toString(limit.period().toNanos() / 1000), "1");
		try {
			this.redis.execute(GCRA, List.of(key), args).next().block(wait);
		}
		catch (RuntimeException ex) {
			logger
				.warn("Redis did not answer the rate limiter's warm-up (" + ex + "); it will be asked again per lease");
		}
	}

	/**
	 * Takes up to {@code want} requests from the bucket: as many as it holds, or none and
	 * when the next one will be there.
	 */
	Mono<Grant> take(String key, RateLimitProperties.Limit limit, int want) {
		if (this.degraded && System.nanoTime() - this.retryAt < 0) {
			this.unavailable.increment();
			return Mono.just(Grant.UNCOUNTED);
		}
		this.calls.increment();
		List<String> args = List.of(Integer.toString(limit.requests()), Long.toString(limit.period().toNanos() / 1000),
				Integer.toString(want));
		return this.redis.execute(GCRA, List.of(key), args).next().timeout(this.timeout).map((reply) -> {
			recovered();
			return Grant.fromScript(reply);
		}).onErrorResume((failure) -> {
			failed(failure);
			return Mono.just(Grant.UNCOUNTED);
		});
	}

	/**
	 * What Redis handed out.
	 *
	 * @param counted whether Redis answered; if not, requests go through uncounted
	 * @param granted requests taken from the bucket
	 * @param remaining requests left in the bucket after them
	 * @param retryAfterMillis when none was granted, how long until the next one
	 */
	record Grant(boolean counted, int granted, long remaining, long retryAfterMillis) {

		static final Grant UNCOUNTED = new Grant(false, 0, 0, 0);

		/** From the script's reply {@code {granted, remaining, retry_after_ms}}. */
		static Grant fromScript(List<?> reply) {
			return new Grant(true, ((Number) reply.get(0)).intValue(), ((Number) reply.get(1)).longValue(),
					((Number) reply.get(2)).longValue());
		}

	}

	private static String script(String path) {
		try (InputStream in = new ClassPathResource(path).getInputStream()) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void failed(Throwable failure) {
		this.unavailable.increment();
		this.retryAt = System.nanoTime() + this.backoffNanos;
		if (!this.degraded) {
			this.degraded = true;
			logger.warn("Rate limiting suspended: Redis did not answer (" + failure + "); requests pass uncounted");
		}
	}

	private void recovered() {
		if (this.degraded) {
			this.degraded = false;
			logger.info("Rate limiting resumed: Redis answers again");
		}
	}

}
