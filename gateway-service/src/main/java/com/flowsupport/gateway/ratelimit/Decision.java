package com.flowsupport.gateway.ratelimit;

import java.util.List;

/**
 * One rate-limit decision.
 *
 * @param counted whether Redis answered; if not, the request goes through uncounted
 * @param allowed whether the request may proceed
 * @param limit requests allowed per period
 * @param remaining requests left right now
 * @param retryAfterMillis when refused, how long until one more request is allowed
 */
record Decision(boolean counted, boolean allowed, int limit, long remaining, long retryAfterMillis) {

	static Decision uncounted(int limit) {
		return new Decision(false, true, limit, 0, 0);
	}

	/** From the script's reply {@code {allowed, remaining, retry_after_ms}}. */
	static Decision fromScript(int limit, List<?> reply) {
		boolean allowed = ((Number) reply.get(0)).longValue() == 1;
		return new Decision(true, allowed, limit, ((Number) reply.get(1)).longValue(),
				((Number) reply.get(2)).longValue());
	}

	/** {@code Retry-After} in whole seconds, never 0 for a refusal. */
	long retryAfterSeconds() {
		return Math.max(1, (this.retryAfterMillis + 999) / 1000);
	}

}
