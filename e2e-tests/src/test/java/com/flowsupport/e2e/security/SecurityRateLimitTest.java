package com.flowsupport.e2e.security;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Org.sql;
import static com.flowsupport.e2e.security.Probes.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OWASP API4, unrestricted resource consumption, through the gateway: password guessing
 * locks the account (and only it), a client starting widget sessions is cut off per
 * address, and provider webhooks keep flowing while the tenant's own API budget is spent.
 * Every refusal is a 429 problem with {@code Retry-After}.
 */
class SecurityRateLimitTest {

	@Test
	void guessingAPasswordLocksThatAccountAndIssuesNoToken() {
		Org acme = Org.signup();
		Org.Member agent = acme.newMember("agent");
		Org.Member colleague = acme.newMember("agent");
		ApiClient.Response last = null;
		for (int guess = 0; guess < 6; guess++) {
			last = login(agent, "guess " + guess);
		}
		assertTooMany(last, "the sixth guess");

		ApiClient.Response right = login(agent, Org.PASSWORD);
		assertTooMany(right, "the right password while locked");
		assertThat(right.body()).doesNotContain("accessToken");
		assertThat(
				sql("SELECT count(*) FROM identity.refresh_token WHERE user_id = ?::uuid", UUID.fromString(agent.id())))
			.isEqualTo("0");
		assertThat(login(colleague, Org.PASSWORD).status()).as("another account of the tenant").isEqualTo(200);
	}

	@Test
	void startingWidgetSessionsIsLimitedPerAddress() {
		Org acme = Org.signup();
		JsonNode widget = Probes.createJson(acme.admin(), "/api/v1/channels", Map.of("type", "widget", "name", "Chat"));
		String sessions = "/widget/" + widget.get("widgetKey").asString() + "/sessions";
		ApiClient flooder = Org.gatewayFromNewAddress();
		String token = null;
		for (int i = 0; i < RunningPlatform.WIDGET_SESSIONS_PER_MINUTE; i++) {
			ApiClient.Response started = flooder.post(sessions, Map.of());
			assertThat(started.status()).as(started.body()).isEqualTo(201);
			token = started.json().get("sessionToken").asString();
		}

		assertTooMany(flooder.post(sessions, Map.of()), "one session too many");
		assertThat(sql("SELECT count(*) FROM channel.widget_session WHERE channel_id = ?::uuid",
				UUID.fromString(widget.get("id").asString())))
			.isEqualTo(Integer.toString(RunningPlatform.WIDGET_SESSIONS_PER_MINUTE));
		assertThat(flooder.withHeader("X-Widget-Session", token)
			.get("/widget/" + widget.get("widgetKey").asString() + "/messages")
			.status()).as("the sessions it has keep working").isEqualTo(200);
		assertThat(Org.gatewayFromNewAddress().post(sessions, Map.of()).status()).as("another address").isEqualTo(201);
	}

	@Test
	void webhooksKeepFlowingWhileTheTenantsApiBudgetIsSpent() {
		Org busy = Org.signupOnStandardPlan();
		ApiClient admin = busy.admin();
		JsonNode channel = Probes.createJson(admin, "/api/v1/channels", Map.of("type", "email", "name", "Email",
				"config", Map.of("address", "busy-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com")));
		ApiClient.Response spent = null;
		for (int i = 0; i <= RunningPlatform.TENANT_REQUESTS_PER_MINUTE && spent == null; i++) {
			ApiClient.Response response = admin.get("/api/v1/users/me");
			if (response.status() == 429) {
				spent = response;
			}
		}
		assertTooMany(spent, "the tenant's API budget");

		String email = SecurityWebhookTest.mime("<" + UUID.randomUUID() + "@mail.example.com>", "Still there?",
				"Webhooks are not the tenant's API calls");
		ApiClient.Response delivered = SecurityWebhookTest.postEmail(channel, email);

		assertThat(delivered.status()).as(delivered.body()).isEqualTo(202);
		assertThat(delivered.header("X-RateLimit-Limit")).as("counted on the webhooks' own surface")
			.isNotEqualTo(Integer.toString(RunningPlatform.TENANT_REQUESTS_PER_MINUTE));
		assertThat(sql("SELECT count(*) FROM channel.message WHERE channel_id = ?::uuid",
				UUID.fromString(channel.get("id").asString())))
			.isEqualTo("1");
	}

	private static ApiClient.Response login(Org.Member member, String password) {
		return Org.gateway()
			.post("/api/v1/auth/login",
					Map.of("tenantSlug", member.slug(), "email", member.email(), "password", password));
	}

	private static void assertTooMany(ApiClient.Response response, String what) {
		assertThat(response).as(what).isNotNull();
		assertProblem(response, what, 429);
		assertThat(Long.parseLong(response.header("Retry-After"))).as(what + ": Retry-After").isPositive();
		assertThat(response.header("X-RateLimit-Remaining")).as(what).isEqualTo("0");
	}

}
