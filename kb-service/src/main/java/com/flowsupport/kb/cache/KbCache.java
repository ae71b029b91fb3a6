package com.flowsupport.kb.cache;

import java.time.Duration;
import java.util.UUID;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

import com.flowsupport.kb.Sha256;
import com.flowsupport.shared.redis.RedisKeyProperties;

/**
 * Published content and search results in Redis, under keys scoped by tenant:
 * {@code <prefix>kb:<tenant>:<generation>:<kind>:<hash of the request>}. Dropping a
 * tenant's entries is one write: a new random generation, after which the old keys are
 * never read again and expire on their own. Redis is a cache here and nothing more: when
 * it fails, answers come from Postgres.
 */
@Component
public class KbCache {

	private static final Logger log = LoggerFactory.getLogger(KbCache.class);

	private final StringRedisTemplate redis;

	private final JsonMapper json;

	private final String prefix;

	private final Properties properties;

	KbCache(StringRedisTemplate redis, JsonMapper json, RedisKeyProperties keys, Properties properties) {
		this.redis = redis;
		this.json = json;
		this.prefix = keys.keyPrefix() + "kb:";
		this.properties = properties;
	}

	/**
	 * The cached answer to {@code request} of this kind, or what {@code load} answers
	 * (then cached).
	 */
	public <T> T get(UUID tenantId, String kind, String request, TypeReference<T> type, Supplier<T> load) {
		if (!this.properties.enabled()) {
			return load.get();
		}
		String key;
		String cached;
		try {
			key = this.prefix + tenantId + ":" + generation(tenantId) + ":" + kind + ":" + Sha256.hex(request);
			cached = this.redis.opsForValue().get(key);
		}
		catch (RuntimeException ex) {
			log.debug("KB cache unavailable, reading the database: {}", ex.toString());
			return load.get();
		}
		if (cached != null) {
			return this.json.readValue(cached, type);
		}
		T value = load.get();
		try {
			this.redis.opsForValue().set(key, this.json.writeValueAsString(value), this.properties.ttl());
		}
		catch (RuntimeException ex) {
			log.debug("KB cache unavailable, answer not cached: {}", ex.toString());
		}
		return value;
	}

	/** Forgets everything cached for the tenant. */
	public void evict(UUID tenantId) {
		this.redis.opsForValue().set(generationKey(tenantId), UUID.randomUUID().toString());
	}

	private String generation(UUID tenantId) {
		String key = generationKey(tenantId);
		String generation = this.redis.opsForValue().get(key);
		if (generation != null) {
			return generation;
		}
		String fresh = UUID.randomUUID().toString();
		Boolean set = this.redis.opsForValue().setIfAbsent(key, fresh);
		return Boolean.TRUE.equals(set) ? fresh : this.redis.opsForValue().get(key);
	}

	private String generationKey(UUID tenantId) {
		return this.prefix + tenantId + ":generation";
	}

	/**
	 * @param enabled whether answers are cached at all
	 * @param ttl how long an answer is kept; changes drop it earlier
	 */
	@ConfigurationProperties("flowsupport.kb.cache")
	public record Properties(@DefaultValue("true") boolean enabled, @DefaultValue("10m") Duration ttl) {
	}

}
