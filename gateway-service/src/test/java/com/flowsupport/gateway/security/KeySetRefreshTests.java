package com.flowsupport.gateway.security;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

import com.flowsupport.shared.security.JwtProperties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How the gateway keeps identity-service's keys: rotated keys are picked up, withdrawn
 * keys stop working, and tokens with made-up key ids cannot make it hammer the key set.
 */
class KeySetRefreshTests {

	private static final String ISSUER = "https://identity.flowsupport.test";

	private final AtomicInteger fetches = new AtomicInteger();

	private volatile List<JWK> published = List.of();

	private final HttpServer keySet = keySetServer();

	@AfterEach
	void stop() {
		this.keySet.stop(0);
	}

	@Test
	void fetchesTheKeySetOnceForAFloodOfUnknownKeyIds() throws Exception {
		RSAKey current = key("current");
		this.published = List.of(current.toPublicJWK());
		ReactiveJwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofSeconds(10));
		decoder.decode(token(current)).block();

		RSAKey stranger = key("stranger");
		List<Throwable> failures = Flux.range(0, 50)
			.flatMap((i) -> decoder.decode(token(new RSAKey.Builder(stranger).keyID("forged-" + i).build()))
				.<Throwable>map((accepted) -> new AssertionError("accepted a forged token"))
				.onErrorResume(Mono::just))
			.collectList()
			.block();

		assertThat(failures).hasSize(50).allMatch(BadJwtException.class::isInstance);
		assertThat(this.fetches).hasValue(1);
	}

	@Test
	void picksUpARotatedKeyOnItsFirstToken() throws Exception {
		RSAKey current = key("current");
		this.published = List.of(current.toPublicJWK());
		ReactiveJwtDecoder decoder = decoder(Duration.ofMinutes(5), Duration.ofMillis(200));
		decoder.decode(token(current)).block();

		Thread.sleep(250);
		RSAKey next = key("next");
		this.published = List.of(current.toPublicJWK(), next.toPublicJWK());

		assertThat(decoder.decode(token(next)).block().getSubject()).isNotNull();
		assertThat(this.fetches).hasValue(2);
	}

	@Test
	void stopsAcceptingAWithdrawnKeyOnceTheCacheExpires() throws Exception {
		RSAKey withdrawn = key("withdrawn");
		RSAKey next = key("next");
		this.published = List.of(withdrawn.toPublicJWK(), next.toPublicJWK());
		ReactiveJwtDecoder decoder = decoder(Duration.ofMillis(300), Duration.ofMillis(100));
		decoder.decode(token(withdrawn)).block();

		this.published = List.of(next.toPublicJWK());
		Thread.sleep(350);

		assertThatExceptionOfType(JwtException.class).isThrownBy(() -> decoder.decode(token(withdrawn)).block());
		assertThat(decoder.decode(token(next)).block().getSubject()).isNotNull();
	}

	private ReactiveJwtDecoder decoder(Duration ttl, Duration minRefreshInterval) {
		JwtProperties jwt = new JwtProperties(
				"http://127.0.0.1:" + this.keySet.getAddress().getPort() + "/.well-known/jwks.json", ISSUER,
				"flowsupport", Duration.ofSeconds(30), List.of());
		return new GatewaySecurityConfiguration().jwtDecoder(jwt,
				new JwksProperties(ttl, minRefreshInterval, Duration.ofSeconds(3), Duration.ofSeconds(60), 100));
	}

	private static RSAKey key(String id) throws Exception {
		return new RSAKeyGenerator(2048).keyID(id).generate();
	}

	private static String token(RSAKey key) {
		try {
			Instant now = Instant.now();
			JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER)
				.audience("flowsupport")
				.subject(UUID.randomUUID().toString())
				.issueTime(Date.from(now))
				.expirationTime(Date.from(now.plusSeconds(300)))
				.claim("tenant_id", UUID.randomUUID().toString())
				.claim("app_role", "agent")
				.build();
			SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
					claims);
			jwt.sign(new RSASSASigner(key));
			return jwt.serialize();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	private HttpServer keySetServer() {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
			server.createContext("/.well-known/jwks.json", (exchange) -> {
				this.fetches.incrementAndGet();
				byte[] body = new JWKSet(this.published).toString().getBytes(StandardCharsets.UTF_8);
				exchange.getResponseHeaders().add("Content-Type", "application/json");
				exchange.sendResponseHeaders(200, body.length);
				try (OutputStream out = exchange.getResponseBody()) {
					out.write(body);
				}
			});
			server.start();
			return server;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
