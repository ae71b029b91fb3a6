package com.flowsupport.gateway;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When a service is down, slow or absent, the client gets a problem saying so, quickly
 * (tests: 1 s response timeout; ai-rag is down).
 */
class UpstreamFailureTests extends GatewayIntegrationTest {

	@Test
	void answers503WhenTheServiceIsDownAndStopsCallingItAfterRepeatedFailures() {
		ApiClient client = gateway().withToken(token());

		ApiClient.Response first = client.post("/api/v1/ai/answer", java.util.Map.of("question", "Where is my order?"));

		assertProblem(first, 503, "https://flowsupport.dev/problems/upstream-unavailable");
		assertThat(first.json().get("detail").asString())
			.isEqualTo("The ai-rag service cannot be reached; retry shortly.");
		// The circuit opens after 10 calls, at least half of them failed.
		ApiClient.Response last = first;
		for (int i = 0; i < 10; i++) {
			last = client.get("/api/v1/ai/conversations");
		}
		assertProblem(last, 503, "https://flowsupport.dev/problems/upstream-unavailable");
		assertThat(last.json().get("detail").asString()).contains("is failing and is not called for a short while");
	}

	@Test
	void answers504WhenTheServiceIsTooSlow() {
		Instant start = Instant.now();

		ApiClient.Response response = gateway().withToken(token()).get("/api/v1/tickets/slow");

		assertProblem(response, 504, "https://flowsupport.dev/problems/upstream-timeout");
		assertThat(response.json().get("detail").asString()).isEqualTo("The ticket service did not answer in time.");
		assertThat(Duration.between(start, Instant.now())).isLessThan(Duration.ofMillis(2500));
		assertThat(TICKET.received()).singleElement()
			.satisfies((request) -> assertThat(request.path()).isEqualTo("/api/v1/tickets/slow"));
	}

	@Test
	void answers404ForAPathNoServiceServes() {
		ApiClient.Response anonymous = gateway().get("/no/such/surface");
		ApiClient.Response authenticated = gateway().withToken(token()).get("/api/v1/no-such-resource");

		for (ApiClient.Response response : new ApiClient.Response[] { anonymous, authenticated }) {
			assertProblem(response, 404, null);
			assertThat(response.json().get("title").asString()).isEqualTo("Not found");
		}
		assertThat(anonymous.json().get("instance").asString()).isEqualTo("/no/such/surface");
	}

	@Test
	void doesNotServeTheFallbackDirectly() {
		assertProblem(gateway().get("/gateway-fallback"), 404, null);
	}

	/**
	 * {@code type} absent means {@code about:blank} (RFC 9457), as in the services'
	 * problems.
	 */
	private static void assertProblem(ApiClient.Response response, int status, @Nullable String type) {
		assertThat(response.status()).isEqualTo(status);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("status").asInt()).isEqualTo(status);
		if (type == null) {
			assertThat(response.json().has("type")).isFalse();
		}
		else {
			assertThat(response.json().get("type").asString()).isEqualTo(type);
		}
	}

}
