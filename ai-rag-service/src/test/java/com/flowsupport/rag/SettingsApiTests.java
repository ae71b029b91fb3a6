package com.flowsupport.rag;

import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.ServiceIntegrationTest;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

@ServiceIntegrationTest
class SettingsApiTests {

	@Value("${local.server.port}")
	int port;

	final UUID tenant = UUID.randomUUID();

	ApiClient as(AppRole role) {
		return as(this.tenant, role);
	}

	ApiClient as(UUID tenant, AppRole role) {
		return ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenant, UUID.randomUUID(), role));
	}

	ApiClient.Response patch(ApiClient client, String body) {
		return client.send("PATCH", "/api/v1/ai/settings", body, "application/json");
	}

	@Test
	void aTenantStartsWithTheBotOffAndTheDefaultThreshold() {
		ApiClient.Response response = as(AppRole.AGENT).get("/api/v1/ai/settings");
		assertThat(response.status()).isEqualTo(200);
		JsonNode settings = response.json();
		assertThat(settings.get("mode").asString()).isEqualTo("off");
		assertThat(settings.get("threshold").asDouble()).isBetween(0.0, 1.0);
		assertThat(settings.get("version").asLong()).isZero();
	}

	@Test
	void adminsChangeTheSettingsWithOptimisticLocking() {
		ApiClient admin = as(AppRole.ADMIN);
		ApiClient.Response changed = patch(admin,
				"{\"mode\":\"suggest\",\"threshold\":0.7,\"channels\":[\"email\",\"chat\"],\"tone\":\"Warm, brief.\","
						+ "\"maxRepliesPerTicket\":3,\"dailyLlmBudget\":50}");
		assertThat(changed.status()).isEqualTo(200);
		JsonNode settings = changed.json();
		assertThat(settings.get("mode").asString()).isEqualTo("suggest");
		assertThat(settings.get("threshold").asDouble()).isEqualTo(0.7);
		assertThat(settings.get("channels").toString()).isEqualTo("[\"email\",\"chat\"]");
		assertThat(settings.get("tone").asString()).isEqualTo("Warm, brief.");
		assertThat(settings.get("maxRepliesPerTicket").asInt()).isEqualTo(3);
		assertThat(settings.get("dailyLlmBudget").asInt()).isEqualTo(50);
		String etag = changed.header("ETag");
		assertThat(etag).isNotNull();
		ApiClient.Response next = patch(admin.withHeader("If-Match", etag), "{\"mode\":\"auto\"}");
		assertThat(next.status()).isEqualTo(200);
		assertThat(next.json().get("mode").asString()).isEqualTo("auto");
		assertThat(next.json().get("threshold").asDouble()).isEqualTo(0.7);
		ApiClient.Response stale = patch(as(AppRole.ADMIN).withHeader("If-Match", etag), "{\"mode\":\"off\"}");
		assertThat(stale.status()).isEqualTo(412);
		assertThat(as(AppRole.AGENT).get("/api/v1/ai/settings").json().get("mode").asString()).isEqualTo("auto");
	}

	@Test
	void refusesBadValuesAndChangesNothing() {
		ApiClient admin = as(AppRole.ADMIN);
		ApiClient.Response bad = patch(admin,
				"{\"mode\":\"always\",\"threshold\":1.5,\"channels\":[\"pigeon\"],\"maxRepliesPerTicket\":-1,\"colour\":\"red\"}");
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(bad.body()).contains("mode")
			.contains("threshold")
			.contains("channels")
			.contains("maxRepliesPerTicket")
			.contains("colour");
		assertThat(as(AppRole.AGENT).get("/api/v1/ai/settings").json().get("mode").asString()).isEqualTo("off");
	}

	@Test
	void onlyAdminsChangeThemAndCustomersDoNotReadThem() {
		assertThat(patch(as(AppRole.AGENT), "{\"mode\":\"auto\"}").status()).isEqualTo(403);
		assertThat(as(AppRole.CUSTOMER).get("/api/v1/ai/settings").status()).isEqualTo(403);
	}

	@Test
	void eachTenantHasItsOwn() {
		patch(as(AppRole.ADMIN), "{\"mode\":\"auto\"}");
		assertThat(as(UUID.randomUUID(), AppRole.ADMIN).get("/api/v1/ai/settings").json().get("mode").asString())
			.isEqualTo("off");
	}

}
