package com.flowsupport.channel.directory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/** HTTP clients for the platform's services: short timeouts, HTTP/1.1. */
final class Peers {

	private Peers() {
	}

	/**
	 * @param restClients Boot's builder, whose clients are observed (metrics, trace
	 * context to the peer)
	 */
	static RestClient client(RestClient.Builder restClients, URI baseUrl, Duration readTimeout) {
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(2))
			.build());
		requests.setReadTimeout(readTimeout);
		return restClients.baseUrl(baseUrl.toString()).requestFactory(requests).build();
	}

}
