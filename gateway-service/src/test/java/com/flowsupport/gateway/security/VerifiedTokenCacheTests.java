package com.flowsupport.gateway.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class VerifiedTokenCacheTests {

	private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

	private final AtomicInteger verifications = new AtomicInteger();

	private Instant expiresAt = NOW.plus(Duration.ofMinutes(5));

	private final ReactiveJwtDecoder verifier = (token) -> {
		this.verifications.incrementAndGet();
		if (token.startsWith("forged")) {
			return Mono.error(new BadJwtException("bad signature"));
		}
		return Mono.just(Jwt.withTokenValue(token)
			.header("alg", "RS256")
			.subject("user")
			.issuedAt(NOW.minusSeconds(1))
			.expiresAt(this.expiresAt)
			.build());
	};

	private final MutableClock clock = new MutableClock();

	@Test
	void verifiesATokenOnceWhileItIsRemembered() {
		VerifiedTokenCache cache = cache(10);
		cache.decode("token-a").block();

		this.clock.now = NOW.plusSeconds(59);
		Jwt again = cache.decode("token-a").block();

		assertThat(again.getTokenValue()).isEqualTo("token-a");
		assertThat(this.verifications).hasValue(1);
	}

	@Test
	void verifiesAgainAfterTheTtl() {
		VerifiedTokenCache cache = cache(10);
		cache.decode("token-a").block();

		this.clock.now = NOW.plusSeconds(61);
		cache.decode("token-a").block();

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void neverRemembersATokenPastItsExpiry() {
		this.expiresAt = NOW.plusSeconds(10);
		VerifiedTokenCache cache = cache(10);
		cache.decode("token-a").block();

		this.clock.now = NOW.plusSeconds(11);
		cache.decode("token-a").block();

		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void neverRemembersARefusal() {
		VerifiedTokenCache cache = cache(10);

		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(BadJwtException.class).isThrownBy(() -> cache.decode("forged").block());
		}
		assertThat(this.verifications).hasValue(2);
	}

	@Test
	void staysWithinItsSize() {
		VerifiedTokenCache cache = cache(2);
		cache.decode("token-a").block();
		cache.decode("token-b").block();
		cache.decode("token-c").block();

		cache.decode("token-a").block();

		assertThat(this.verifications).hasValue(4);
	}

	private VerifiedTokenCache cache(int size) {
		return new VerifiedTokenCache(this.verifier, Duration.ofSeconds(60), size, this.clock);
	}

	private static final class MutableClock extends Clock {

		Instant now = NOW;

		@Override
		public ZoneId getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return this.now;
		}

	}

}
