package com.flowsupport.shared.security;

import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * This service's own access tokens, one per tenant, from identity-service's
 * {@code POST /api/v1/auth/service-token} (HTTP Basic with the client name and secret of
 * {@link ServiceTokenProperties}). A token is kept until shortly before it expires, so a
 * busy consumer asks identity once per tenant per token lifetime; concurrent callers for
 * one tenant wait for a single request rather than each sending their own.
 */
public class ServiceTokens {

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private final ServiceTokenProperties properties;

	private final Clock clock;

	private final RestClient identity;

	private final Map<UUID, Issued> tokens = new ConcurrentHashMap<>();

	private final Map<UUID, ReentrantLock> fetching = new ConcurrentHashMap<>();

	public ServiceTokens(ServiceTokenProperties properties, Clock clock) {
		this(properties, clock, RestClient.builder());
	}

	/**
	 * @param restClients Boot's builder, whose clients are observed (metrics, trace
	 * context to identity)
	 */
	public ServiceTokens(ServiceTokenProperties properties, Clock clock, RestClient.Builder restClients) {
		this.properties = properties;
		this.clock = clock;
		// HTTP/1.1: a cleartext HTTP/2 upgrade buys nothing for one small request, and
		// not every server in between accepts it.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build());
		requests.setReadTimeout(READ_TIMEOUT);
		this.identity = restClients.baseUrl(properties.identityUrl().toString()).requestFactory(requests).build();
	}

	/** Whether a client name and secret are configured at all. */
	public boolean available() {
		return this.properties.configured();
	}

	/**
	 * A current access token of this service for {@code tenantId}.
	 * @throws UnavailableException when none can be had: no credentials configured, or
	 * identity refused them or did not answer
	 */
	public String token(UUID tenantId) {
		Issued cached = this.tokens.get(tenantId);
		if (cached != null && cached.current(this.clock.instant())) {
			return cached.value();
		}
		// Locks, not synchronized: callers may be virtual threads.
		ReentrantLock lock = this.fetching.computeIfAbsent(tenantId, (id) -> new ReentrantLock());
		lock.lock();
		try {
			cached = this.tokens.get(tenantId);
			Instant now = this.clock.instant();
			if (cached != null && cached.current(now)) {
				return cached.value();
			}
			Issued issued = fetch(tenantId, now);
			this.tokens.values().removeIf((token) -> !token.current(now));
			this.tokens.put(tenantId, issued);
			return issued.value();
		}
		finally {
			lock.unlock();
		}
	}

	/** Forgets the token of {@code tenantId}, e.g. after a call was refused with it. */
	public void forget(UUID tenantId) {
		this.tokens.remove(tenantId);
	}

	private Issued fetch(UUID tenantId, Instant now) {
		if (!available()) {
			throw new UnavailableException("No service client credentials are configured "
					+ "(flowsupport.service-token.client-name and client-secret)", null);
		}
		String name = String.valueOf(this.properties.clientName());
		String secret = String.valueOf(this.properties.clientSecret());
		TokenResponse response;
		try {
			response = this.identity.post()
				.uri("/api/v1/auth/service-token")
				.headers((headers) -> headers.setBasicAuth(name, secret))
				.contentType(MediaType.APPLICATION_JSON)
				.body(Map.of("tenantId", tenantId))
				.retrieve()
				.body(TokenResponse.class);
		}
		catch (RestClientException ex) {
			throw new UnavailableException("identity-service issued no service token for tenant " + tenantId, ex);
		}
		if (response == null || response.accessToken() == null || response.accessToken().isBlank()) {
			throw new UnavailableException("identity-service answered without a token for tenant " + tenantId, null);
		}
		Duration lifetime = Duration.ofSeconds(Math.max(0, response.expiresIn()));
		Duration margin = this.properties.renewBefore();
		// A lifetime shorter than the margin still serves for half of it rather than
		// never.
		Duration usable = (lifetime.compareTo(margin) > 0) ? lifetime.minus(margin) : lifetime.dividedBy(2);
		return new Issued(response.accessToken(), now.plus(usable));
	}

	/** What identity answers. */
	record TokenResponse(@Nullable String accessToken, long expiresIn) {
	}

	private record Issued(String value, Instant renewAt) {

		boolean current(Instant now) {
			return now.isBefore(this.renewAt);
		}

	}

	/** No service token can be had now; callers degrade. */
	public static final class UnavailableException extends RuntimeException {

		UnavailableException(String message, @Nullable Throwable cause) {
			super(message, cause);
		}

	}

}
