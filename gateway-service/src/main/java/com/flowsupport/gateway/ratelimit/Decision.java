package com.flowsupport.gateway.ratelimit;

/**
 * One rate-limit decision.
 *
 * @param counted whether the budget could be consulted; if not (Redis did not answer),
 * the request goes through uncounted
 * @param allowed whether the request may proceed
 * @param limit requests allowed per period
 * @param remaining requests left right now
 * @param retryAfterMillis when refused, how long until one more request is allowed
 */
record Decision(boolean counted, boolean allowed, int limit, long remaining, long retryAfterMillis) {

	static Decision uncounted(int limit) {
		return new Decision(false, true, limit, 0, 0);
	}

	static Decision allowed(int limit, long remaining) {
		return new Decision(true, true, limit, remaining, 0);
	}

	static Decision refused(int limit, long retryAfterMillis) {
		return new Decision(true, false, limit, 0, retryAfterMillis);
	}

	/** {@code Retry-After} in whole seconds, never 0 for a refusal. */
	long retryAfterSeconds() {
		return Math.max(1, (this.retryAfterMillis + 999) / 1000);
	}

}
