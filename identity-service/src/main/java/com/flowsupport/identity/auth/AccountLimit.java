package com.flowsupport.identity.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

import com.flowsupport.shared.web.Problems;

/**
 * Counts attempts per account (tenant slug + email, whether or not the account exists, so
 * the limit reveals nothing) within a window, in Redis. At the limit, the next attempt is
 * refused with 429 and {@code Retry-After} until the window passes. Counters are
 * throttling state, not data: if Redis is unreachable, nothing is blocked.
 */
final class AccountLimit {

	private static final Logger log = LoggerFactory.getLogger(AccountLimit.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final int limit;

	private final Duration window;

	private final Refusal refusal;

	/**
	 * @param prefix the Redis key prefix of this limit's counters
	 * @param refusal the problem that answers an attempt over the limit
	 */
	AccountLimit(StringRedisTemplate redis, String prefix, int limit, Duration window, Refusal refusal) {
		this.redis = redis;
		this.prefix = prefix;
		this.limit = limit;
		this.window = window;
		this.refusal = refusal;
	}

	void requireBelowLimit(String tenantSlug, String email) {
		String key = key(tenantSlug, email);
		try {
			String count = this.redis.opsForValue().get(key);
			if (count != null && Long.parseLong(count) >= this.limit) {
				Long ttl = this.redis.getExpire(key);
				long retryAfter = (ttl != null && ttl > 0) ? ttl : this.window.toSeconds();
				ErrorResponseException tooMany = Problems.of(HttpStatus.TOO_MANY_REQUESTS, this.refusal.type(),
						this.refusal.title(), this.refusal.detail());
				tooMany.getHeaders().set("Retry-After", Long.toString(retryAfter));
				tooMany.getHeaders().set("X-RateLimit-Limit", Integer.toString(this.limit));
				tooMany.getHeaders().set("X-RateLimit-Remaining", "0");
				throw tooMany;
			}
		}
		catch (DataAccessException ex) {
			log.warn("Account limit {} unavailable, not enforcing: {}", this.prefix, ex.getMessage());
		}
	}

	void count(String tenantSlug, String email) {
		String key = key(tenantSlug, email);
		try {
			Long count = this.redis.opsForValue().increment(key);
			if (count != null && count == 1) {
				this.redis.expire(key, this.window);
			}
		}
		catch (DataAccessException ex) {
			log.warn("Account limit {} unavailable: {}", this.prefix, ex.getMessage());
		}
	}

	void clear(String tenantSlug, String email) {
		try {
			this.redis.delete(key(tenantSlug, email));
		}
		catch (DataAccessException ex) {
			log.warn("Account limit {} unavailable: {}", this.prefix, ex.getMessage());
		}
	}

	private String key(String tenantSlug, String email) {
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

	/** The RFC 9457 problem of a refused attempt: type slug, title and detail. */
	record Refusal(String type, String title, String detail) {
	}

}
