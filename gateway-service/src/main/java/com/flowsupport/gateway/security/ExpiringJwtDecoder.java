package com.flowsupport.gateway.security;

import java.time.Duration;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Nimbus's reactive decoder keeps the key set it fetched until a token names an unknown
 * key, so a key withdrawn from the set would verify tokens forever. This one starts a
 * fresh decoder (and so a fresh key set) once the current one is older than the TTL.
 */
final class ExpiringJwtDecoder implements ReactiveJwtDecoder {

	private final Supplier<ReactiveJwtDecoder> decoders;

	private final long ttlNanos;

	private volatile @Nullable Generation current;

	ExpiringJwtDecoder(Supplier<ReactiveJwtDecoder> decoders, Duration ttl) {
		this.decoders = decoders;
		this.ttlNanos = ttl.toNanos();
	}

	@Override
	public Mono<Jwt> decode(String token) throws JwtException {
		return current().decoder().decode(token);
	}

	private Generation current() {
		long now = System.nanoTime();
		Generation generation = this.current;
		if (generation != null && now - generation.expiresAt() < 0) {
			return generation;
		}
		synchronized (this) {
			generation = this.current;
			if (generation == null || now - generation.expiresAt() >= 0) {
				generation = new Generation(this.decoders.get(), now + this.ttlNanos);
				this.current = generation;
			}
			return generation;
		}
	}

	private record Generation(ReactiveJwtDecoder decoder, long expiresAt) {
	}

}
