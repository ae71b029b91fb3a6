package com.flowsupport.e2e.faults;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant signed up through the gateway for one fault case, its members and its AI
 * agent's knowledge.
 *
 * @param gateway the gateway
 * @param id the tenant's id
 * @param slug the tenant's slug
 * @param accessToken the admin's access token
 */
record FaultTenant(ApiClient gateway, UUID id, String slug, String accessToken) {

	private static final String PASSWORD = "faults correct horse";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	static FaultTenant signup(ApiClient gateway) {
		String slug = "fault-" + UUID.randomUUID().toString().substring(0, 8);
		ApiClient.Response response = gateway.post("/api/v1/auth/signup",
				Map.of("tenantName", "Faults " + slug, "tenantSlug", slug, "adminName", "Admin", "adminEmail",
						"admin@" + slug + ".example.com", "adminPassword", PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		JsonNode answer = response.json();
		return new FaultTenant(gateway, UUID.fromString(answer.at("/tenant/id").asString()), slug,
				answer.get("accessToken").asString());
	}

	ApiClient admin() {
		return this.gateway.withToken(this.accessToken);
	}

	/** A new user with {@code role}, logged in. */
	ApiClient member(String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + this.slug + ".example.com";
		ApiClient.Response created = admin().post("/api/v1/users",
				Map.of("email", email, "name", role, "role", role, "password", PASSWORD));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		ApiClient.Response login = this.gateway.post("/api/v1/auth/login",
				Map.of("tenantSlug", this.slug, "email", email, "password", PASSWORD));
		assertThat(login.status()).as(login.body()).isEqualTo(200);
		return this.gateway.withToken(login.json().get("accessToken").asString());
	}

	/**
	 * The AI agent leaves a suggested reply, as an internal note, on every new ticket
	 * about passwords: a visible trace of each {@code ticket.created} event it handled.
	 */
	void suggestsPasswordAnswers() {
		ApiClient.Response created = admin().post("/api/v1/kb/articles",
				Map.of("title", "Resetting your password", "body",
						"## Reset your password\n\nTo reset your password, open the sign-in page and choose "
								+ "**Forgot password**. We email you a link that works for 30 minutes; follow it and "
								+ "choose a new password of at least 12 characters.",
						"locale", "en", "visibility", "public", "status", "published"));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String article = created.json().get("id").asString();
		await().atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.untilAsserted(() -> assertThat(
					admin().get("/api/v1/kb/articles/" + article).json().at("/index/status").asString())
				.isEqualTo("indexed"));
		ApiClient.Response settings = admin().send("PATCH", "/api/v1/ai/settings",
				JSON.writeValueAsString(Map.of("mode", "suggest")), "application/json");
		assertThat(settings.status()).as(settings.body()).isEqualTo(200);
	}

}
