package com.flowsupport.shared.security;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.BasicCredentials;
import com.github.tomakehurst.wiremock.client.WireMock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Service tokens come from identity's service-token endpoint, with the service's own
 * credentials, once per tenant until shortly before they expire.
 */
class ServiceTokensTest {

	static final String PATH = "/api/v1/auth/service-token";

	private final WireMockServer identity = new WireMockServer(options().dynamicPort());

	private final MovableClock clock = new MovableClock(Instant.parse("2026-11-22T10:00:00Z"));

	private final UUID acme = UUID.randomUUID();

	private final UUID globex = UUID.randomUUID();

	@BeforeEach
	void startIdentity() {
		this.identity.start();
		issue(this.acme, "acme-1", 900);
		issue(this.globex, "globex-1", 900);
	}

	@AfterEach
	void stopIdentity() {
		this.identity.stop();
	}

	@Test
	void asksWithTheServiceCredentialsForTheNamedTenant() {
		assertThat(tokens("s3cret").token(this.acme)).isEqualTo("acme-1");
		this.identity
			.verify(postRequestedFor(urlEqualTo(PATH)).withBasicAuth(new BasicCredentials("ticket-service", "s3cret"))
				.withRequestBody(equalToJson("{\"tenantId\":\"" + this.acme + "\"}")));
	}

	@Test
	void keepsOneTokenPerTenantUntilShortlyBeforeItExpires() {
		ServiceTokens tokens = tokens("s3cret");
		assertThat(tokens.token(this.acme)).isEqualTo("acme-1");
		assertThat(tokens.token(this.globex)).isEqualTo("globex-1");
		this.clock.advance(Duration.ofSeconds(839));
		assertThat(tokens.token(this.acme)).isEqualTo("acme-1");
		this.identity.verify(2, postRequestedFor(urlEqualTo(PATH)));

		issue(this.acme, "acme-2", 900);
		this.clock.advance(Duration.ofSeconds(1));
		assertThat(tokens.token(this.acme)).as("60 s before expiry a new one is fetched").isEqualTo("acme-2");
		this.identity.verify(3, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void concurrentCallersForOneTenantShareOneRequest() throws Exception {
		this.identity.stubFor(post(urlEqualTo(PATH)).willReturn(
				okJson("{\"accessToken\":\"slow\",\"expiresIn\":900,\"tokenType\":\"Bearer\"}").withFixedDelay(300)));
		ServiceTokens tokens = tokens("s3cret");
		List<Future<String>> results = new ArrayList<>();
		try (ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
			for (int i = 0; i < 8; i++) {
				results.add(callers.submit(() -> tokens.token(this.acme)));
			}
		}
		for (Future<String> result : results) {
			assertThat(result.get()).isEqualTo("slow");
		}
		this.identity.verify(1, postRequestedFor(urlEqualTo(PATH)));
	}

	@Test
	void refusedCredentialsMissingCredentialsAndSilenceAreUnavailable() {
		this.identity.stubFor(post(urlEqualTo(PATH)).withBasicAuth("ticket-service", "wrong")
			.willReturn(aResponse().withStatus(401)));
		assertThatExceptionOfType(ServiceTokens.UnavailableException.class)
			.isThrownBy(() -> tokens("wrong").token(this.acme));

		ServiceTokens unconfigured = tokens(null);
		assertThat(unconfigured.available()).isFalse();
		assertThatExceptionOfType(ServiceTokens.UnavailableException.class)
			.isThrownBy(() -> unconfigured.token(this.acme));

		ServiceTokens tokens = tokens("s3cret");
		this.identity.stop();
		assertThatExceptionOfType(ServiceTokens.UnavailableException.class).isThrownBy(() -> tokens.token(this.acme));
	}

	@Test
	void aForgottenTokenIsFetchedAgain() {
		ServiceTokens tokens = tokens("s3cret");
		tokens.token(this.acme);
		issue(this.acme, "acme-2", 900);
		tokens.forget(this.acme);
		assertThat(tokens.token(this.acme)).isEqualTo("acme-2");
	}

	private ServiceTokens tokens(String secret) {
		return new ServiceTokens(new ServiceTokenProperties(URI.create(this.identity.baseUrl()), "ticket-service",
				secret, Duration.ofSeconds(60)), this.clock);
	}

	private void issue(UUID tenant, String token, long expiresIn) {
		this.identity.stubFor(post(urlEqualTo(PATH)).withBasicAuth("ticket-service", "s3cret")
			.withRequestBody(WireMock.matchingJsonPath("$.tenantId", equalTo(tenant.toString())))
			.willReturn(okJson(
					"{\"accessToken\":\"" + token + "\",\"expiresIn\":" + expiresIn + ",\"tokenType\":\"Bearer\"}")));
	}

	static final class MovableClock extends Clock {

		private Instant now;

		MovableClock(Instant now) {
			this.now = now;
		}

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

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
