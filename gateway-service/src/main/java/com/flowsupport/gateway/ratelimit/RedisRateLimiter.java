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
 * Asks Redis, atomically through one Lua script, whether a bucket has room for one more
 * request.
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

	private volatile boolean degraded;

	private volatile long retryAt;

	RedisRateLimiter(ReactiveStringRedisTemplate redis, Duration timeout, Duration backoff, MeterRegistry meters) {
		this.redis = redis;
		this.timeout = timeout;
		this.backoffNanos = backoff.toNanos();
		this.unavailable = Counter.builder("flowsupport.gateway.rate-limit.unavailable")
			.description("Requests let through uncounted because Redis could not answer")
			.register(meters);
	}

	Mono<Decision> consume(String key, RateLimitProperties.Limit limit) {
		if (this.degraded && System.nanoTime() - this.retryAt < 0) {
			this.unavailable.increment();
			return Mono.just(Decision.uncounted(limit.requests()));
		}
		List<String> args = List.of(Integer.toString(limit.requests()), Long.toString(limit.period().toNanos() / 1000));
		return this.redis.execute(GCRA, List.of(key), args).next().timeout(this.timeout).map((reply) -> {
			recovered();
			return Decision.fromScript(limit.requests(), reply);
		}).onErrorResume((failure) -> {
			failed(failure);
			return Mono.just(Decision.uncounted(limit.requests()));
		});
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
