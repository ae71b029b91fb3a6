package com.flowsupport.e2e;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ForgedTokens;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's journey and an attacker's, through the gateway with the real services
 * running: identity, ticket-service (reached directly too) and the gateway, each in its
 * own JVM.
 */
class IdentityJourneyTest {

	private static final String PASSWORD = "e2e correct horse";

	private static RunningPlatform platform;

	private static ApiClient gateway;

	@BeforeAll
	static void platform() {
		platform = RunningPlatform.get();
		gateway = platform.gateway();
	}

	@Test
	void signupLoginMeRefreshAndReuseThroughTheGateway() {
		Tenant acme = signup();
		ApiClient.Response login = login(acme.slug(), acme.email(), PASSWORD);
		assertThat(login.status()).isEqualTo(200);
		ApiClient.Response me = gateway.withToken(login.json().get("accessToken").asString()).get("/api/v1/users/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("email").asString()).isEqualTo(acme.email());
		assertThat(me.json().get("role").asString()).isEqualTo("admin");

		String first = login.json().get("refreshToken").asString();
		ApiClient.Response rotated = gateway.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
		assertThat(rotated.status()).isEqualTo(200);
		String second = rotated.json().get("refreshToken").asString();
		ApiClient.Response reuse = gateway.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
		assertThat(reuse.status()).isEqualTo(401);
		assertThat(reuse.contentType()).startsWith("application/problem+json");
		assertThat(gateway.post("/api/v1/auth/refresh", Map.of("refreshToken", second)).status())
			.as("the whole family is revoked")
			.isEqualTo(401);
	}

	@Test
	void anotherTenantsIdsLeadNowhere() {
		Tenant a = signup();
		Tenant b = signup();
		ApiClient asA = gateway.withToken(a.accessToken());
		assertThat(asA.get("/api/v1/users/" + b.adminId()).status()).isEqualTo(404);
		assertThat(asA.send("PATCH", "/api/v1/users/" + b.adminId(), "{\"role\":\"customer\"}", "application/json")
			.status()).isEqualTo(404);
		assertThat(gateway.withToken(b.accessToken()).get("/api/v1/users/me").json().get("role").asString())
			.isEqualTo("admin");
	}

	@Test
	void rolesAreEnforced() {
		Tenant acme = signup();
		ApiClient admin = gateway.withToken(acme.accessToken());
		String agentEmail = "agent-" + suffix() + "@example.com";
		String customerEmail = "customer-" + suffix() + "@example.com";
		assertThat(admin
			.post("/api/v1/users", Map.of("email", agentEmail, "name", "Agent", "role", "agent", "password", PASSWORD))
			.status()).isEqualTo(201);
		assertThat(
				admin
					.post("/api/v1/users",
							Map.of("email", customerEmail, "name", "Customer", "role", "customer", "password",
									PASSWORD))
					.status())
			.isEqualTo(201);
		ApiClient agent = gateway
			.withToken(login(acme.slug(), agentEmail, PASSWORD).json().get("accessToken").asString());
		ApiClient.Response forbidden = agent.post("/api/v1/api-keys", Map.of("name", "mine", "role", "admin"));
		assertThat(forbidden.status()).isEqualTo(403);
		assertThat(forbidden.contentType()).startsWith("application/problem+json");
		ApiClient customer = gateway
			.withToken(login(acme.slug(), customerEmail, PASSWORD).json().get("accessToken").asString());
		assertThat(customer.get("/api/v1/users").status()).isEqualTo(403);
	}

	@Test
	void forgedStaleAndMisdirectedTokensAreRejectedByTheGatewayAndByTheServices() throws Exception {
		Tenant acme = signup();
		ForgedTokens forged = new ForgedTokens(IdentityKey.active(platform.masterKey()),
				() -> TestJwtIssuer.accessTokenClaims(RunningPlatform.ISSUER, UUID.fromString(acme.tenantId()),
						UUID.fromString(acme.adminId()), AppRole.ADMIN));
		Map<String, String> attacks = new LinkedHashMap<>(forged.attacks());
		// A real token of this tenant with another tenant's id written into it.
		String[] parts = acme.accessToken().split("\\.");
		String otherTenant = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
			.replace(acme.tenantId(), UUID.randomUUID().toString());
		attacks.put("issued token with another tenant's id", parts[0] + "."
				+ Base64.getUrlEncoder().withoutPadding().encodeToString(otherTenant.getBytes(StandardCharsets.UTF_8))
				+ "." + parts[2]);

		String control = forged.valid();
		assertThat(gateway.withToken(control).get("/api/v1/users/me").status())
			.as("a well-formed token signed with identity's key is accepted, so rejections below are about the attack")
			.isEqualTo(200);
		assertThat(platform.direct("ticket-service").withToken(control).get("/api/v1/tickets").status())
			.isNotEqualTo(401);

		attacks.forEach((attack, token) -> {
			ApiClient.Response viaGateway = gateway.withToken(token).get("/api/v1/users/me");
			assertThat(viaGateway.status()).as("through the gateway: " + attack).isEqualTo(401);
			assertThat(viaGateway.contentType()).as(attack).startsWith("application/problem+json");
			assertThat(platform.direct("ticket-service").withToken(token).get("/api/v1/tickets").status())
				.as("directly at ticket-service: " + attack)
				.isEqualTo(401);
			assertThat(platform.direct("identity-service").withToken(token).get("/api/v1/users/me").status())
				.as("directly at identity-service: " + attack)
				.isEqualTo(401);
		});
	}

	@Test
	void repeatedFailedLoginsAreThrottledForThatAccountOnly() {
		Tenant acme = signup();
		Tenant other = signup();
		for (int i = 0; i < 5; i++) {
			assertThat(login(acme.slug(), acme.email(), "nope " + i).status()).isEqualTo(401);
		}
		ApiClient.Response locked = login(acme.slug(), acme.email(), PASSWORD);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(locked.header("Retry-After")).isNotBlank();
		assertThat(locked.header("X-RateLimit-Limit")).isNotBlank();
		assertThat(locked.header("X-RateLimit-Remaining")).isEqualTo("0");
		assertThat(login(other.slug(), other.email(), PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void aTenantOverItsBudgetGets429WhileOthersAreServed() {
		Tenant busy = signup();
		Tenant quiet = signup();
		ApiClient busyClient = gateway.withToken(busy.accessToken());
		ApiClient.Response first = busyClient.get("/api/v1/users/me");
		assertThat(first.status()).isEqualTo(200);
		assertThat(first.header("X-RateLimit-Limit"))
			.isEqualTo(Integer.toString(RunningPlatform.TENANT_REQUESTS_PER_MINUTE));
		assertThat(Integer.parseInt(first.header("X-RateLimit-Remaining")))
			.isLessThan(RunningPlatform.TENANT_REQUESTS_PER_MINUTE);
		ApiClient.Response limited = null;
		for (int i = 0; i < RunningPlatform.TENANT_REQUESTS_PER_MINUTE + 5 && limited == null; i++) {
			ApiClient.Response response = busyClient.get("/api/v1/users/me");
			if (response.status() == 429) {
				limited = response;
			}
		}
		assertThat(limited).as("the budget runs out").isNotNull();
		assertThat(limited.contentType()).startsWith("application/problem+json");
		assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
		assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
		ApiClient.Response other = gateway.withToken(quiet.accessToken()).get("/api/v1/users/me");
		assertThat(other.status()).as("another tenant is unaffected").isEqualTo(200);
	}

	private static Tenant signup() {
		String slug = "e2e-" + suffix();
		String email = "admin-" + suffix() + "@example.com";
		ApiClient.Response response = gateway.post("/api/v1/auth/signup", Map.of("tenantName", "E2E " + slug,
				"tenantSlug", slug, "adminName", "Admin", "adminEmail", email, "adminPassword", PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return new Tenant(slug, email, response.json());
	}

	private static ApiClient.Response login(String slug, String email, String password) {
		return gateway.post("/api/v1/auth/login", Map.of("tenantSlug", slug, "email", email, "password", password));
	}

	private static String suffix() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	private record Tenant(String slug, String email, JsonNode signup) {

		String tenantId() {
			return this.signup.at("/tenant/id").asString();
		}

		String adminId() {
			return this.signup.at("/user/id").asString();
		}

		String accessToken() {
			return this.signup.get("accessToken").asString();
		}

	}

}
