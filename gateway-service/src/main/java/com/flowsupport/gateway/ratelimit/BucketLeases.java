package com.flowsupport.gateway.ratelimit;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Hands out a bucket's requests from leases taken from Redis, so that a busy tenant costs
 * one Redis round trip per lease rather than one per request.
 * <p>
 * A lease is taken out of the shared bucket, so leases never let more than the budget
 * through, however many gateway replicas run: what one replica holds, no other can take.
 * The price is on the other side. Requests a replica leased but did not use before the
 * lease lapsed ({@code leaseTtl}) are lost to the tenant, and while a replica holds a
 * lease another may refuse a request the first could have served. Leases are sized to
 * demand to keep both small: a lease asks for twice the last one while leases are used
 * up, for what was used when one lapses, and never for more than {@code leaseShare} of
 * the budget. A budget too small for leases of two (the login surface's) is counted in
 * Redis request by request, exactly as before.
 * <p>
 * A refusal is remembered until Redis said the bucket has room again, so a flood against
 * a spent budget is refused without asking Redis each time. {@code X-RateLimit-Remaining}
 * is what Redis had left at the last lease plus what this replica still holds: exact with
 * one replica, a little high with several.
 */
final class BucketLeases {

	/** Leases that lapsed are forgotten every so many requests. */
	private static final int SWEEP_EVERY = 4096;

	private final RedisRateLimiter redis;

	private final double leaseShare;

	private final long leaseTtlNanos;

	private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();

	private final AtomicInteger untilSweep = new AtomicInteger(SWEEP_EVERY);

	BucketLeases(RedisRateLimiter redis, double leaseShare, Duration leaseTtl) {
		this.redis = redis;
		this.leaseShare = leaseShare;
		this.leaseTtlNanos = leaseTtl.toNanos();
	}

	Mono<Decision> consume(String key, RateLimitProperties.Limit limit) {
		int largest = (int) Math.min(Integer.MAX_VALUE, (long) (limit.requests() * this.leaseShare));
		if (largest < 2) {
			return this.redis.take(key, limit, 1).map((grant) -> exact(limit, grant));
		}
		long now = System.nanoTime();
		sweepNowAndThen(now);
		Lease lease = this.leases.computeIfAbsent(key, (bucket) -> new Lease());
		Step step = lease.take(now, limit.requests(), largest);
		if (step.decision() != null) {
			return Mono.just(step.decision());
		}
		return this.redis.take(key, limit, step.want())
			.map((grant) -> lease.granted(grant, System.nanoTime(), limit.requests()));
	}

	/** How many buckets this replica holds a lease or a refusal for. */
	int size() {
		return this.leases.size();
	}

	private static Decision exact(RateLimitProperties.Limit limit, RedisRateLimiter.Grant grant) {
		if (!grant.counted()) {
			return Decision.uncounted(limit.requests());
		}
		return (grant.granted() > 0) ? Decision.allowed(limit.requests(), grant.remaining())
				: Decision.refused(limit.requests(), grant.retryAfterMillis());
	}

	private void sweepNowAndThen(long now) {
		if (this.untilSweep.decrementAndGet() > 0) {
			return;
		}
		this.untilSweep.set(SWEEP_EVERY);
		this.leases.values().removeIf((lease) -> lease.idle(now));
	}

	/**
	 * What a request gets from the local lease: a decision, or how many requests to ask
	 * Redis for.
	 */
	private record Step(@Nullable Decision decision, int want) {

	}

	/** One bucket's lease on this replica. */
	private final class Lease {

		private int held;

		private long lapsesAt;

		private long refusedUntil;

		private boolean refused;

		private long remainingInRedis;

		private int size = 1;

		synchronized Step take(long now, int limit, int largest) {
			if (this.refused && now - this.refusedUntil < 0) {
				return new Step(Decision.refused(limit, TimeUnit.NANOSECONDS.toMillis(this.refusedUntil - now) + 1), 0);
			}
			this.refused = false;
			boolean lapsed = now - this.lapsesAt >= 0;
			if (this.held > 0 && !lapsed) {
				this.held--;
				return new Step(Decision.allowed(limit, this.remainingInRedis + this.held), 0);
			}
			if (this.held > 0) {
				// Lapsed with requests unused: the last lease was too large for the
				// demand.
				this.size = Math.max(1, this.size - this.held);
				this.held = 0;
			}
			else {
				this.size = (int) Math.min(largest, 2L * this.size);
			}
			return new Step(null, this.size);
		}

		synchronized Decision granted(RedisRateLimiter.Grant grant, long now, int limit) {
			if (!grant.counted()) {
				return Decision.uncounted(limit);
			}
			if (grant.granted() == 0) {
				this.refused = true;
				this.refusedUntil = now + TimeUnit.MILLISECONDS.toNanos(grant.retryAfterMillis());
				return Decision.refused(limit, grant.retryAfterMillis());
			}
			// The request that asked takes the first of the lease.
			this.held += grant.granted() - 1;
			this.lapsesAt = now + BucketLeases.this.leaseTtlNanos;
			this.remainingInRedis = grant.remaining();
			return Decision.allowed(limit, this.remainingInRedis + this.held);
		}

		synchronized boolean idle(long now) {
			return (this.held == 0 || now - this.lapsesAt >= 0) && (!this.refused || now - this.refusedUntil >= 0);
		}

	}

}
