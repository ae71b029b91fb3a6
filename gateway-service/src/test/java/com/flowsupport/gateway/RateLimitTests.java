package com.flowsupport.gateway;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Budgets (tests: the free plan and the login surface allow 3 requests a minute): every
 * counted response says what is left, the request past the budget is refused with 429
 * before reaching the service, and other tenants and other clients keep their own.
 */
class RateLimitTests extends GatewayIntegrationTest {

	@Autowired
	ReactiveStringRedisTemplate redis;

	@Test
	void countsATenantsCallsAndRefusesThoseOverItsPlansBudget() {
		ApiClient tenant = gateway().withToken(token(UUID.randomUUID(), (claims) -> claims.claim("plan", "free")));

		ApiClient.Response refused = spend(tenant, 3);

		assertTooManyRequests(refused, "3");
		assertThat(refused.json().get("detail").asString()).contains("your organisation");
		assertThat(TICKET.received()).hasSize(3);
	}

	@Test
	void countsEachCustomerApartSoNoneSpendsTheTenantsBudget() {
		UUID tenant = UUID.randomUUID();
		ApiClient customer = gateway().withToken(TestJwtIssuer.get()
			.token(tenant, UUID.randomUUID(), AppRole.CUSTOMER, (claims) -> claims.claim("plan", "free")));
		ApiClient.Response refused = spend(customer, 2);
		assertTooManyRequests(refused, "2");
		assertThat(refused.json().get("detail").asString()).contains("your account");

		ApiClient.Response another = gateway()
			.withToken(TestJwtIssuer.get().token(tenant, UUID.randomUUID(), AppRole.CUSTOMER))
			.get("/api/v1/tickets");
		assertThat(another.status()).as("another customer of the tenant").isEqualTo(200);
		ApiClient.Response agent = gateway().withToken(token(tenant, (claims) -> claims.claim("plan", "free")))
			.get("/api/v1/tickets");
		assertThat(agent.status()).isEqualTo(200);
		assertThat(agent.header("X-RateLimit-Remaining")).as("the tenant's budget is untouched").isEqualTo("2");
	}

	/**
	 * Calls until the budget is spent, each call counted down in its headers; the answer
	 * to the call after.
	 */
	private static ApiClient.Response spend(ApiClient client, int budget) {
		for (int remaining = budget - 1; remaining >= 0; remaining--) {
			ApiClient.Response response = client.get("/api/v1/tickets");
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("X-RateLimit-Limit")).isEqualTo(Integer.toString(budget));
			assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}
		return client.get("/api/v1/tickets");
	}

	@Test
	void leavesOtherTenantsAlone() {
		ApiClient spent = gateway().withToken(token(UUID.randomUUID(), (claims) -> claims.claim("plan", "free")));
		for (int i = 0; i < 3; i++) {
			spent.get("/api/v1/tickets");
		}
		assertThat(spent.get("/api/v1/tickets").status()).isEqualTo(429);

		ApiClient.Response other = gateway()
			.withToken(token(UUID.randomUUID(), (claims) -> claims.claim("plan", "free")))
			.get("/api/v1/tickets");

		assertThat(other.status()).isEqualTo(200);
		assertThat(other.header("X-RateLimit-Remaining")).isEqualTo("2");
	}

	@Test
	void keepsItsBucketsUnderTheDeploymentsRedisKeyPrefix() {
		UUID tenant = UUID.randomUUID();

		gateway().withToken(token(tenant)).get("/api/v1/tickets");

		assertThat(this.redis.hasKey(TestInfrastructure.get().keyPrefix() + "ratelimit:tenant:" + tenant).block())
			.isTrue();
	}

	@Test
	void takesTheBudgetFromTheTokensPlan() {
		assertThat(limitFor(token())).isEqualTo("1200");
		assertThat(limitFor(token(UUID.randomUUID(), (claims) -> claims.claim("plan", "enterprise"))))
			.isEqualTo("6000");
		assertThat(limitFor(token(UUID.randomUUID(), (claims) -> claims.claim("plan", "platinum")))).isEqualTo("1200");
	}

	@Test
	void countsPublicSurfacesPerClientAddressBehindATrustedProxy() {
		String client = randomAddress();
		for (int remaining = 2; remaining >= 0; remaining--) {
			ApiClient.Response response = login(gateway().withHeader("X-Forwarded-For", client));
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("X-RateLimit-Remaining")).isEqualTo(Integer.toString(remaining));
		}

		ApiClient.Response refused = login(gateway().withHeader("X-Forwarded-For", client));
		ApiClient.Response otherClient = login(gateway().withHeader("X-Forwarded-For", randomAddress()));
		ApiClient.Response otherSurface = gateway().withHeader("X-Forwarded-For", client).get("/widget/widget.js");

		assertTooManyRequests(refused, "3");
		assertThat(refused.json().get("detail").asString()).contains("your address");
		assertThat(otherClient.status()).isEqualTo(200);
		assertThat(otherSurface.status()).isEqualTo(200);
		assertThat(IDENTITY.received()).hasSize(4);
	}

	@Test
	void countsNewWidgetSessionsApartFromTheWidgetsOtherCalls() {
		ApiClient client = gateway().withHeader("X-Forwarded-For", randomAddress());
		for (int i = 0; i < 2; i++) {
			assertThat(client.post("/widget/key/sessions", Map.of()).status()).isEqualTo(200);
		}

		ApiClient.Response refused = client.post("/widget/key/sessions", Map.of());
		ApiClient.Response otherWidgetCall = client.get("/widget/key/messages");

		assertTooManyRequests(refused, "2");
		assertThat(otherWidgetCall.status()).isEqualTo(200);
		assertThat(CHANNEL.received()).hasSize(3);
	}

	@Test
	void believesOnlyTheAddressTheTrustedProxySaw() {
		String client = randomAddress();
		for (int i = 0; i < 3; i++) {
			// Whatever the client wrote to the left, the proxy appended the real address.
			assertThat(login(gateway().withHeader("X-Forwarded-For", randomAddress() + ", " + client)).status())
				.isEqualTo(200);
		}

		assertThat(login(gateway().withHeader("X-Forwarded-For", randomAddress() + ", " + client)).status())
			.isEqualTo(429);
	}

	@Test
	void ignoresForwardedForFromAnUntrustedPeer() throws Exception {
		// 127.0.0.2 is not a trusted proxy (the tests trust 127.0.0.1 only): its
		// X-Forwarded-For is ignored, so changing it every time buys no extra budget.
		HttpClient untrusted = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.localAddress(InetAddress.getByName("127.0.0.2"))
			.build();
		int[] statuses = new int[4];
		for (int i = 0; i < statuses.length; i++) {
			statuses[i] = loginFrom(untrusted, randomAddress()).statusCode();
		}

		assertThat(statuses).containsExactly(200, 200, 200, 429);
	}

	private String limitFor(String token) {
		ApiClient.Response response = gateway().withToken(token).get("/api/v1/tickets");
		assertThat(response.status()).isEqualTo(200);
		return response.header("X-RateLimit-Limit");
	}

	private static ApiClient.Response login(ApiClient client) {
		return client.post("/api/v1/auth/login", Map.of("tenantSlug", "acme", "email", "a@acme.test", "password", "x"));
	}

	private HttpResponse<String> loginFrom(HttpClient client, String forwardedFor)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/auth/login"))
			.header("Content-Type", "application/json")
			.header("X-Forwarded-For", forwardedFor)
			.POST(HttpRequest.BodyPublishers.ofString("{}"))
			.build();
		return client.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static void assertTooManyRequests(ApiClient.Response response, String limit) {
		assertThat(response.status()).isEqualTo(429);
		assertThat(response.contentType()).startsWith("application/problem+json");
		assertThat(response.json().get("type").asString()).isEqualTo("https://flowsupport.dev/problems/rate-limited");
		assertThat(response.json().get("title").asString()).isEqualTo("Too many requests");
		assertThat(response.header("X-RateLimit-Limit")).isEqualTo(limit);
		assertThat(response.header("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(Integer.parseInt(response.header("Retry-After"))).isBetween(1, 60);
	}

	/** An address from the documentation range, fresh for each call. */
	private static String randomAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return "198.51." + random.nextInt(256) + "." + random.nextInt(1, 255);
	}

}
