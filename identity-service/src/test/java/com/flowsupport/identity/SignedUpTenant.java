package com.flowsupport.identity;

import java.util.Map;
import java.util.UUID;

import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant of one test, created through {@code POST /api/v1/auth/signup} under a slug and
 * admin email no other test uses.
 *
 * @param signup the answer: the tenant, its first admin and the admin's tokens
 */
record SignedUpTenant(String slug, String adminEmail, ApiClient.Response signup) {

	static SignedUpTenant signUp(ApiClient api, String adminPassword) {
		String slug = "acme-" + unique();
		String email = "admin-" + unique() + "@example.com";
		ApiClient.Response response = api.post("/api/v1/auth/signup", Map.of("tenantName", "Acme " + slug, "tenantSlug",
				slug, "adminName", "Ada Admin", "adminEmail", email, "adminPassword", adminPassword));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		return new SignedUpTenant(slug, email, response);
	}

	/** Eight random characters, for names and addresses of one test's own. */
	static String unique() {
		return UUID.randomUUID().toString().substring(0, 8);
	}

	String tenantId() {
		return this.signup.json().at("/tenant/id").asString();
	}

	String adminId() {
		return this.signup.json().at("/user/id").asString();
	}

	String accessToken() {
		return this.signup.json().get("accessToken").asString();
	}

}
