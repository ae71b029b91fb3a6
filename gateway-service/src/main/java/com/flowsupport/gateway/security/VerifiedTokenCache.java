package com.flowsupport.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Remembers tokens that passed every check, so a client's next calls with the same token
 * skip the signature check and claim parsing (most of the gateway's own CPU per request);
 * like Envoy's verified-JWT cache. An entry lives for {@code ttl} at most and never past
 * the token's {@code exp}. Only verified tokens are stored, so forged ones cannot fill
 * the cache; when it is full anyway, expired entries go, and if none had expired, all go.
 */
final class VerifiedTokenCache implements ReactiveJwtDecoder {

	private final ReactiveJwtDecoder decoder;

	private final Duration ttl;

	private final int maxEntries;

	private final Clock clock;

	private final Map<String, Verified> verified = new ConcurrentHashMap<>();

	VerifiedTokenCache(ReactiveJwtDecoder decoder, Duration ttl, int maxEntries, Clock clock) {
		this.decoder = decoder;
		this.ttl = ttl;
		this.maxEntries = maxEntries;
		this.clock = clock;
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		Instant now = this.clock.instant();
		Verified hit = this.verified.get(token);
		if (hit != null) {
			if (now.isBefore(hit.until())) {
				return Mono.just(hit.jwt());
			}
			this.verified.remove(token, hit);
		}
		return this.decoder.decode(token).doOnNext((jwt) -> remember(token, jwt, now));
	}

	private void remember(String token, Jwt jwt, Instant now) {
		Instant until = now.plus(this.ttl);
		Instant expiresAt = jwt.getExpiresAt();
		if (expiresAt != null && expiresAt.isBefore(until)) {
			until = expiresAt;
		}
		if (!now.isBefore(until)) {
			return;
		}
		if (this.verified.size() >= this.maxEntries) {
			this.verified.values().removeIf((entry) -> !now.isBefore(entry.until()));
			if (this.verified.size() >= this.maxEntries) {
				this.verified.clear();
			}
		}
		this.verified.put(token, new Verified(jwt, until));
	}

	private record Verified(Jwt jwt, Instant until) {
	}

}
