package com.flowsupport.rag.peer;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * One peer service behind short timeouts. A call that cannot be made, times out, or meets
 * a server error or a refused token becomes a {@link PeerUnavailableException}; other
 * client errors (a 404, a 422) reach the caller as they are, because they say something
 * about the request.
 */
final class PeerClient {

	private final RestClient rest;

	private final PeerCredentials credentials;

	private final String name;

	PeerClient(String name, URI baseUrl, Duration connectTimeout, Duration readTimeout, PeerCredentials credentials,
			RestClient.Builder restClients) {
		this.name = name;
		this.credentials = credentials;
		// HTTP/1.1: a cleartext HTTP/2 upgrade buys nothing between services.
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(connectTimeout).build());
		requests.setReadTimeout(readTimeout);
		this.rest = restClients.baseUrl(baseUrl.toString()).requestFactory(requests).build();
	}

	<T> @Nullable T call(boolean asService, Request<T> request) {
		PeerCredentials.Credentials credentials = this.credentials.current(asService);
		try {
			return request.send(this.rest, credentials.token());
		}
		catch (HttpClientErrorException.Unauthorized ex) {
			this.credentials.refused(credentials);
			throw new PeerUnavailableException(this.name + " refused the token: " + ex.getMessage(), ex);
		}
		catch (HttpServerErrorException ex) {
			throw new PeerUnavailableException(this.name + " failed: " + ex.getStatusCode(), ex);
		}
		catch (HttpClientErrorException ex) {
			throw ex;
		}
		catch (RestClientException ex) {
			throw new PeerUnavailableException(this.name + " did not answer: " + ex.getMessage(), ex);
		}
	}

	@FunctionalInterface
	interface Request<T> {

		@Nullable T send(RestClient rest, String token);

	}

}
