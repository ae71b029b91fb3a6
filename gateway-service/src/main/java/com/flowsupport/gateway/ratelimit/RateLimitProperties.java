package com.flowsupport.gateway.ratelimit;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Request budgets, kept in Redis. Calls that need a token are counted per tenant, with
 * the budget of the tenant's plan (the token's {@code plan} claim; none or an unknown one
 * means {@code defaultPlan}), except a customer's: each customer has a budget of their
 * own ({@code customer}), so that no customer can spend the one the tenant's agents work
 * with. Public surfaces are counted per client address, each surface apart, so a flood of
 * login attempts does not use up the widget's budget. Buckets live under the deployment's
 * Redis key prefix ({@code flowsupport.redis.key-prefix}).
 *
 * @param enabled whether requests are counted at all
 * @param redisTimeout how long a decision may wait for Redis before the request goes
 * through uncounted
 * @param redisBackoff after Redis failed, how long requests go through uncounted without
 * asking it again
 * @param leaseShare the largest share of a budget one gateway replica takes from Redis at
 * once, to hand out locally ({@link BucketLeases}); budgets too small for a lease of two
 * are counted request by request
 * @param leaseTtl how long a replica may hand out a lease before what is left of it
 * lapses
 * @param defaultPlan plan of tokens without a known {@code plan} claim
 * @param plans budget per tenant, by plan
 * @param customer budget per customer (tokens with the role {@code customer})
 * @param surfaces budget per client address, by public surface; the surface whose path
 * pattern is most specific wins
 */
@Validated
@ConfigurationProperties("flowsupport.gateway.rate-limit")
public record RateLimitProperties(@DefaultValue("true") boolean enabled, @DefaultValue("100ms") Duration redisTimeout,
		@DefaultValue("5s") Duration redisBackoff,
		@DefaultValue("0.01") @DecimalMin("0") @DecimalMax("1") double leaseShare,
		@DefaultValue("1s") Duration leaseTtl, @DefaultValue("standard") @NotBlank String defaultPlan,
		@NotEmpty Map<String, @Valid Limit> plans, @DefaultValue @Valid Customer customer,
		@NotEmpty Map<String, @Valid Surface> surfaces) {

	public RateLimitProperties {
		if (leaseTtl.isNegative() || leaseTtl.isZero()) {
			throw new IllegalArgumentException("flowsupport.gateway.rate-limit.lease-ttl must be positive");
		}
		if (plans != null && !plans.containsKey(defaultPlan)) {
			throw new IllegalArgumentException("flowsupport.gateway.rate-limit.default-plan '" + defaultPlan
					+ "' is not among the plans " + plans.keySet());
		}
	}

	/**
	 * @param requests requests allowed per period (and the largest burst)
	 * @param period the window the budget refills over
	 */
	public record Limit(@Min(1) int requests, @DefaultValue("1m") Duration period) {

		public Limit {
			if (period.isNegative() || period.isZero()) {
				throw new IllegalArgumentException("A rate-limit period must be positive");
			}
		}

	}

	/**
	 * @param requests requests one customer may make per period
	 * @param period the window the budget refills over
	 */
	public record Customer(@DefaultValue("300") @Min(1) int requests, @DefaultValue("1m") Duration period) {

		Limit limit() {
			return new Limit(this.requests, this.period);
		}

	}

	/**
	 * @param paths path patterns of the surface
	 * @param requests requests allowed per client address per period
	 * @param period the window the budget refills over
	 */
	public record Surface(@NotEmpty List<String> paths, @Min(1) int requests, @DefaultValue("1m") Duration period) {

		Limit limit() {
			return new Limit(this.requests, this.period);
		}

	}

}
