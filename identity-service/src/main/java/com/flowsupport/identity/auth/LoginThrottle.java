package com.flowsupport.identity.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.identity.IdentityProperties;
import com.flowsupport.shared.redis.RedisKeyProperties;
import com.flowsupport.shared.web.Problems;

/**
 * Counts failed logins per account (tenant slug + email, whether or not the account
 * exists, so the limit reveals nothing), in Redis. Over the limit, login answers 429 with
 * {@code Retry-After} until the window passes. The per-address limit lives at the
 * gateway, where the client's address is worked out (its sign-in surface budget, trusted
 * proxies only), so that every request is counted once, before any service sees it.
 * Counters are throttling state, not data: if Redis is unreachable, logins are not
 * blocked.
 */
@Component
class LoginThrottle {

	private static final Logger log = LoggerFactory.getLogger(LoginThrottle.class);

	private final StringRedisTemplate redis;

	private final IdentityProperties properties;

	private final String prefix;

	LoginThrottle(StringRedisTemplate redis, IdentityProperties properties, RedisKeyProperties keys) {
		this.redis = redis;
		this.properties = properties;
		this.prefix = keys.keyPrefix() + "login-failures:";
	}

	void requireAllowed(String tenantSlug, String email) {
		check(accountKey(tenantSlug, email), this.properties.maxFailuresPerAccount());
	}

	void recordFailure(String tenantSlug, String email) {
		increment(accountKey(tenantSlug, email));
	}

	void recordSuccess(String tenantSlug, String email) {
		try {
			this.redis.delete(accountKey(tenantSlug, email));
		}
		catch (DataAccessException ex) {
			log.warn("Login throttle unavailable: {}", ex.getMessage());
		}
	}

	private void check(String key, int limit) {
		try {
			String failures = this.redis.opsForValue().get(key);
			if (failures != null && Long.parseLong(failures) >= limit) {
				Long ttl = this.redis.getExpire(key);
				long retryAfter = (ttl != null && ttl > 0) ? ttl : this.properties.lockoutWindow().toSeconds();
				ErrorResponseException tooMany = Problems.of(HttpStatus.TOO_MANY_REQUESTS, "login-throttled",
						"Too many failed logins", "Too many failed sign-in attempts. Try again later.");
				tooMany.getHeaders().set("Retry-After", Long.toString(retryAfter));
				tooMany.getHeaders().set("X-RateLimit-Limit", Integer.toString(limit));
				tooMany.getHeaders().set("X-RateLimit-Remaining", "0");
				throw tooMany;
			}
		}
		catch (DataAccessException ex) {
			log.warn("Login throttle unavailable, not enforcing: {}", ex.getMessage());
		}
	}

	private void increment(String key) {
		try {
			Long count = this.redis.opsForValue().increment(key);
			if (count != null && count == 1) {
				this.redis.expire(key, this.properties.lockoutWindow());
			}
		}
		catch (DataAccessException ex) {
			log.warn("Login throttle unavailable: {}", ex.getMessage());
		}
	}

	private String accountKey(String tenantSlug, String email) {
		return this.prefix + "account:" + sha256(tenantSlug + "\n" + email);
	}

	private static String sha256(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
