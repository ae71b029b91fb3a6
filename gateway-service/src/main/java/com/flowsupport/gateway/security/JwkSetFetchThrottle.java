package com.flowsupport.gateway.security;

import java.time.Duration;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;

/**
 * Sits under the JWT decoder's key-set fetches. A token whose {@code kid} is not in the
 * cached set makes the decoder fetch the set again, which is how rotated keys are picked
 * up; but anyone can mint such tokens. So concurrent fetches share one call, and within
 * {@code minInterval} of the last successful fetch its answer is served again instead of
 * calling identity-service. A failed fetch is not remembered: the next token tries again.
 */
final class JwkSetFetchThrottle implements ExchangeFilterFunction {

	private final long minIntervalNanos;

	private volatile @Nullable Fetched last;

	private @Nullable Mono<Fetched> inFlight;

	JwkSetFetchThrottle(Duration minInterval) {
		this.minIntervalNanos = minInterval.toNanos();
	}

	@Override
	public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
		Fetched recent = this.last;
		if (recent != null && System.nanoTime() - recent.at() < this.minIntervalNanos) {
			return Mono.just(recent.response());
		}
		return fetch(request, next).map(Fetched::response);
	}

	private synchronized Mono<Fetched> fetch(ClientRequest request, ExchangeFunction next) {
		if (this.inFlight == null) {
			this.inFlight = next.exchange(request)
				.flatMap(this::read)
				.doOnNext((fetched) -> this.last = fetched)
				.doFinally((signal) -> finished())
				.cache();
		}
		return this.inFlight;
	}

	private synchronized void finished() {
		this.inFlight = null;
	}

	private Mono<Fetched> read(ClientResponse response) {
		if (!response.statusCode().is2xxSuccessful()) {
			return response.createException().flatMap(Mono::error);
		}
		MediaType contentType = response.headers().contentType().orElse(MediaType.APPLICATION_JSON);
		return response.bodyToMono(String.class).map((body) -> new Fetched(body, contentType, System.nanoTime()));
	}

	private record Fetched(String body, MediaType contentType, long at) {

		ClientResponse response() {
			return ClientResponse.create(HttpStatus.OK)
				.header(HttpHeaders.CONTENT_TYPE, this.contentType.toString())
				.body(this.body)
				.build();
		}

	}

}
