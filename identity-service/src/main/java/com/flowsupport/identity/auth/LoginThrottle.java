package com.flowsupport.identity.auth;

import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.redis.RedisKeyProperties;

/**
 * Locks an account's sign-in after repeated failed logins, for the rest of the lockout
 * window, whether or not the account exists. The per-address limit lives at the gateway,
 * where the client's address is worked out (its sign-in surface budget, trusted proxies
 * only), so that every request is counted once, before any service sees it.
 */
@Component
class LoginThrottle {

	private final AccountLimit failures;

	LoginThrottle(StringRedisTemplate redis, IdentityProperties properties, RedisKeyProperties keys) {
		this.failures = new AccountLimit(redis, keys.keyPrefix() + "login-failures:",
				properties.maxFailuresPerAccount(), properties.lockoutWindow(),
				new AccountLimit.Refusal("login-throttled", "Too many failed logins",
						"Too many failed sign-in attempts. Try again later."));
	}

	void requireAllowed(String tenantSlug, String email) {
		this.failures.requireBelowLimit(tenantSlug, email);
	}

	void recordFailure(String tenantSlug, String email) {
		this.failures.count(tenantSlug, email);
	}

	/**
	 * A successful sign-in, or a password reset that proved the owner, lifts the lock.
	 */
	void recordSuccess(String tenantSlug, String email) {
		this.failures.clear(tenantSlug, email);
	}

}
