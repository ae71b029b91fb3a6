package com.flowsupport.e2e.security;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import tools.jackson.databind.JsonNode;

import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tenant signed up through the gateway for an attack scenario, with the people its
 * admin adds. Its tenant is moved to the enterprise plan before anyone signs in, so that
 * the many probes of a scenario are not cut short by the gateway's per-tenant budget
 * (which the rate-limit cases test on a tenant of the standard plan).
 */
final class Org {

	static final String PASSWORD = "security suite passphrase";

	private final String slug;

	private final String tenantId;

	private final Member admin;

	private ApiClient adminClient;

	private Org(String slug, String tenantId, Member admin) {
		this.slug = slug;
		this.tenantId = tenantId;
		this.admin = admin;
	}

	static ApiClient gateway() {
		return RunningPlatform.get().gateway();
	}

	/**
	 * The gateway as a client at an address of its own (the gateway believes the
	 * {@code X-Forwarded-For} of the e2e platform's address), so per-address budgets
	 * start full.
	 */
	static ApiClient gatewayFromNewAddress() {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		return gateway().withHeader("X-Forwarded-For", "198.18." + random.nextInt(256) + "." + random.nextInt(1, 255));
	}

	/** A new tenant on the enterprise plan, its admin signed in. */
	static Org signup() {
		Org org = signupOnStandardPlan();
		sql("UPDATE identity.tenant SET plan = 'enterprise' WHERE id = ?::uuid", org.tenantId);
		return org;
	}

	/** A new tenant on the default (standard) plan and its small request budget. */
	static Org signupOnStandardPlan() {
		String slug = "sec-" + UUID.randomUUID().toString().substring(0, 8);
		String email = "admin@" + slug + ".example.com";
		ApiClient.Response response = gateway().post("/api/v1/auth/signup", Map.of("tenantName", "Security " + slug,
				"tenantSlug", slug, "adminName", "Admin", "adminEmail", email, "adminPassword", PASSWORD));
		assertThat(response.status()).as(response.body()).isEqualTo(201);
		JsonNode answer = response.json();
		return new Org(slug, answer.at("/tenant/id").asString(),
				new Member(slug, email, answer.at("/user/id").asString()));
	}

	String slug() {
		return this.slug;
	}

	String tenantId() {
		return this.tenantId;
	}

	Member adminMember() {
		return this.admin;
	}

	/** The admin, signed in once the tenant is on its plan. */
	synchronized ApiClient admin() {
		if (this.adminClient == null) {
			this.adminClient = this.admin.login();
		}
		return this.adminClient;
	}

	/** A new user with {@code role}, created by the admin. */
	Member newMember(String role) {
		String email = role + "-" + UUID.randomUUID().toString().substring(0, 8) + "@" + this.slug + ".example.com";
		ApiClient.Response created = admin().post("/api/v1/users",
				Map.of("email", email, "name", role, "role", role, "password", PASSWORD));
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		return new Member(this.slug, email, created.json().get("id").asString());
	}

	/** One value of a query run as the database's administrator (RLS does not apply). */
	static String sql(String query, Object... parameters) {
		try (Connection connection = TestInfrastructure.get().adminConnection();
				PreparedStatement statement = connection.prepareStatement(query)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			if (!statement.execute()) {
				return Integer.toString(statement.getUpdateCount());
			}
			try (ResultSet rows = statement.getResultSet()) {
				return rows.next() ? rows.getString(1) : null;
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(query, ex);
		}
	}

	/** Rows of {@code table} that belong to {@code tenantId}, read past RLS. */
	static long rows(String table, String tenantId) {
		return Long.parseLong(sql("SELECT count(*) FROM " + table + " WHERE tenant_id = ?::uuid", tenantId));
	}

	/**
	 * @param slug the tenant's slug
	 * @param email the user's email
	 * @param id the user's id
	 */
	record Member(String slug, String email, String id) {

		ApiClient login() {
			return gateway().withToken(accessToken());
		}

		/** A fresh access token of this user's. */
		String accessToken() {
			ApiClient.Response login = gateway().post("/api/v1/auth/login",
					Map.of("tenantSlug", this.slug, "email", this.email, "password", PASSWORD));
			assertThat(login.status()).as(login.body()).isEqualTo(200);
			return login.json().get("accessToken").asString();
		}

	}

}
