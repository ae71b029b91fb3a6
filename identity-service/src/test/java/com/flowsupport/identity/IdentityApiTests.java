package com.flowsupport.identity;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.FlowSupportTestInitializer;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;
import com.flowsupport.shared.web.ClientAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@IdentityIntegrationTest
class IdentityApiTests {

	private static final String PASSWORD = "correct horse battery";

	@Value("${local.server.port}")
	int port;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = ApiClient.at("http://localhost:" + this.port);
	}

	@Test
	void signupThenLoginThenMe() {
		SignedUpTenant acme = signup();
		assertThat(acme.signup().status()).isEqualTo(201);
		JsonNode body = acme.signup().json();
		assertThat(body.at("/tenant/slug").asString()).isEqualTo(acme.slug());
		assertThat(body.at("/user/role").asString()).isEqualTo("admin");
		assertThat(body.get("expiresIn").asLong()).isPositive();

		ApiClient.Response login = login(acme.slug(), acme.adminEmail(), PASSWORD);
		assertThat(login.status()).isEqualTo(200);
		ApiClient.Response me = this.api.withToken(login.json().get("accessToken").asString()).get("/api/v1/users/me");
		assertThat(me.status()).isEqualTo(200);
		assertThat(me.json().get("email").asString()).isEqualTo(acme.adminEmail());
		assertThat(me.json().get("tenantId").asString()).isEqualTo(acme.tenantId());
		assertThat(me.header("ETag")).isNotBlank();
	}

	@Test
	void signupRejectsBadInputAndTakenSlugsWithoutCreatingAnything() {
		SignedUpTenant acme = signup();
		ApiClient.Response taken = this.api.post("/api/v1/auth/signup", Map.of("tenantName", "Other", "tenantSlug",
				acme.slug(), "adminName", "X", "adminEmail", "x@example.com", "adminPassword", PASSWORD));
		assertThat(taken.status()).isEqualTo(409);
		ApiClient.Response weak = this.api.post("/api/v1/auth/signup", Map.of("tenantName", "Weak", "tenantSlug",
				"weak-" + suffix(), "adminName", "X", "adminEmail", "x@example.com", "adminPassword", "short"));
		assertThat(weak.status()).isEqualTo(422);
		assertThat(weak.json().at("/errors/0/field").asString()).isEqualTo("adminPassword");
		ApiClient.Response badSlug = this.api.post("/api/v1/auth/signup", Map.of("tenantName", "Bad", "tenantSlug",
				"Bad Slug!", "adminName", "X", "adminEmail", "x@example.com", "adminPassword", PASSWORD));
		assertThat(badSlug.status()).isEqualTo(422);
		assertThat(badSlug.json().at("/errors/0/field").asString()).isEqualTo("tenantSlug");
		assertThat(login("weak", "x@example.com", PASSWORD).status()).isEqualTo(401);
	}

	@Test
	void refreshRotatesAndReuseRevokesTheWholeFamily() {
		SignedUpTenant acme = signup();
		String first = acme.signup().json().get("refreshToken").asString();
		ApiClient.Response rotated = this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
		assertThat(rotated.status()).isEqualTo(200);
		String second = rotated.json().get("refreshToken").asString();
		assertThat(second).isNotEqualTo(first);

		ApiClient.Response reused = this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", first));
		assertThat(reused.status()).isEqualTo(401);
		assertThat(reused.contentType()).startsWith("application/problem+json");
		// The thief's reuse also ended the legitimate holder's session.
		assertThat(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", second)).status()).isEqualTo(401);
		assertThat(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", "rt1.garbage")).status())
			.isEqualTo(401);
	}

	@Test
	void logoutEndsTheSession() {
		SignedUpTenant acme = signup();
		String refresh = acme.signup().json().get("refreshToken").asString();
		assertThat(this.api.post("/api/v1/auth/logout", Map.of("refreshToken", refresh)).status()).isEqualTo(204);
		assertThat(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", refresh)).status()).isEqualTo(401);
	}

	@Test
	void anotherTenantsUsersAreNotFound() {
		SignedUpTenant a = signup();
		SignedUpTenant b = signup();
		String bAdminId = b.signup().json().at("/user/id").asString();
		ApiClient asA = this.api.withToken(a.accessToken());
		assertThat(asA.get("/api/v1/users/" + bAdminId).status()).isEqualTo(404);
		assertThat(asA.send("PATCH", "/api/v1/users/" + bAdminId, "{\"name\":\"pwned\"}", "application/json").status())
			.isEqualTo(404);
		assertThat(asA.delete("/api/v1/users/" + bAdminId).status()).isEqualTo(404);
		ApiClient.Response list = asA.get("/api/v1/users?limit=100");
		assertThat(list.json().get("items").findValuesAsString("tenantId")).containsOnly(a.tenantId());
	}

	@Test
	void rolesLimitWhatCallersMayDo() {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		String agentEmail = "agent-" + suffix() + "@example.com";
		assertThat(admin
			.post("/api/v1/users", Map.of("email", agentEmail, "name", "Agent", "role", "agent", "password", PASSWORD))
			.status()).isEqualTo(201);
		String customerEmail = "customer-" + suffix() + "@example.com";
		ApiClient.Response customerCreated = admin.post("/api/v1/users",
				Map.of("email", customerEmail, "name", "Customer", "role", "customer", "password", PASSWORD));
		assertThat(customerCreated.status()).isEqualTo(201);

		ApiClient agent = this.api.withToken(accessToken(acme.slug(), agentEmail));
		ApiClient.Response agentMakesAdmin = agent.post("/api/v1/users",
				Map.of("email", "boss-" + suffix() + "@example.com", "name", "Boss", "role", "admin"));
		assertThat(agentMakesAdmin.status()).isEqualTo(403);
		assertThat(agentMakesAdmin.contentType()).startsWith("application/problem+json");
		assertThat(agent.send("PATCH", "/api/v1/tenants/current", "{\"name\":\"x\"}", "application/json").status())
			.isEqualTo(403);
		assertThat(agent
			.post("/api/v1/users",
					Map.of("email", "cust-" + suffix() + "@example.com", "name", "Walk-in", "role", "customer"))
			.status()).isEqualTo(201);

		ApiClient customer = this.api.withToken(accessToken(acme.slug(), customerEmail));
		assertThat(customer.get("/api/v1/users").status()).isEqualTo(403);
		assertThat(customer.get("/api/v1/users/" + acme.signup().json().at("/user/id").asString()).status())
			.isEqualTo(404);
		assertThat(customer.get("/api/v1/users/me").status()).isEqualTo(200);
	}

	@Test
	void repeatedFailuresLockTheAccountWithoutRevealingWhetherItExists() {
		SignedUpTenant acme = signup();
		for (int i = 0; i < 5; i++) {
			assertThat(login(acme.slug(), acme.adminEmail(), "wrong password " + i).status()).isEqualTo(401);
		}
		ApiClient.Response locked = login(acme.slug(), acme.adminEmail(), PASSWORD);
		assertThat(locked.status()).isEqualTo(429);
		assertThat(Long.parseLong(locked.header("Retry-After"))).isPositive();
		assertThat(locked.header("X-RateLimit-Remaining")).isEqualTo("0");

		String ghost = "nobody-" + suffix() + "@example.com";
		for (int i = 0; i < 5; i++) {
			assertThat(login(acme.slug(), ghost, "whatever " + i).status()).isEqualTo(401);
		}
		assertThat(login(acme.slug(), ghost, PASSWORD).status()).as("unknown accounts lock the same way")
			.isEqualTo(429);

		SignedUpTenant other = signup();
		assertThat(login(other.slug(), other.adminEmail(), PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void tenantSettingsAreValidatedAsAWhole() {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		ApiClient.Response current = admin.get("/api/v1/tenants/current");
		assertThat(current.json().get("timeZone").asString()).isEqualTo("UTC");

		ApiClient.Response changed = admin.send("PATCH", "/api/v1/tenants/current",
				"{\"timeZone\":\"Europe/Berlin\",\"branding\":{\"primaryColor\":\"#112233\"},\"features\":{\"sms\":true}}",
				"application/json");
		assertThat(changed.status()).isEqualTo(200);
		assertThat(changed.json().get("timeZone").asString()).isEqualTo("Europe/Berlin");
		assertThat(changed.json().at("/branding/primaryColor").asString()).isEqualTo("#112233");
		assertThat(changed.json().at("/features/sms").asBoolean()).isTrue();
		assertThat(changed.json().at("/features/widget").asBoolean()).as("merge keeps other flags").isTrue();

		ApiClient.Response invalid = admin.send("PATCH", "/api/v1/tenants/current",
				"{\"name\":\"Renamed\",\"timeZone\":\"Mars/Olympus\",\"branding\":{\"logoUrl\":\"javascript:alert(1)\"}}",
				"application/json");
		assertThat(invalid.status()).isEqualTo(422);
		assertThat(invalid.json().get("errors").findValuesAsString("field")).contains("timeZone", "branding.logoUrl");
		assertThat(admin.get("/api/v1/tenants/current").json().get("name").asString()).as("nothing changed")
			.isNotEqualTo("Renamed");

		ApiClient.Response stale = admin.withHeader("If-Match", "\"0\"")
			.send("PATCH", "/api/v1/tenants/current", "{\"name\":\"Stale\"}", "application/json");
		assertThat(stale.status()).isEqualTo(412);
		ApiClient.Response unknown = admin.send("PATCH", "/api/v1/tenants/current", "{\"plan\":\"enterprise\"}",
				"application/json");
		assertThat(unknown.status()).as("plan is not the tenant's to set").isEqualTo(422);
	}

	@Test
	void passwordChangeEndsOtherSessionsButNotThisOne() {
		SignedUpTenant acme = signup();
		String otherDevice = acme.signup().json().get("refreshToken").asString();
		ApiClient.Response thisDevice = login(acme.slug(), acme.adminEmail(), PASSWORD);
		ApiClient me = this.api.withToken(thisDevice.json().get("accessToken").asString());
		assertThat(me
			.post("/api/v1/users/me/password",
					Map.of("currentPassword", PASSWORD, "newPassword", "another long passphrase"))
			.status()).isEqualTo(204);
		assertThat(this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", otherDevice)).status()).isEqualTo(401);
		assertThat(this.api
			.post("/api/v1/auth/refresh", Map.of("refreshToken", thisDevice.json().get("refreshToken").asString()))
			.status()).isEqualTo(200);
		assertThat(login(acme.slug(), acme.adminEmail(), PASSWORD).status()).isEqualTo(401);
		assertThat(login(acme.slug(), acme.adminEmail(), "another long passphrase").status()).isEqualTo(200);
	}

	@Test
	void tokensFromAnyOtherIssuerOrKeyAreRejected() {
		String foreign = TestJwtIssuer.get().token(UUID.randomUUID(), UUID.randomUUID(), AppRole.ADMIN);
		assertThat(this.api.withToken(foreign).get("/api/v1/users/me").status()).isEqualTo(401);
		SignedUpTenant acme = signup();
		String[] parts = acme.accessToken().split("\\.");
		String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
		assertThat(this.api.withToken(tampered).get("/api/v1/users/me").status()).isEqualTo(401);
	}

	@Test
	void theAuditLogRecordsSecurityEventsAndIsAppendOnly() throws SQLException {
		SignedUpTenant acme = signup();
		login(acme.slug(), acme.adminEmail(), "wrong password");
		login(acme.slug(), acme.adminEmail(), PASSWORD);
		try (Connection admin = TestInfrastructure.get().adminConnection();
				Statement statement = admin.createStatement();
				var rows = statement.executeQuery("SELECT action FROM identity.audit_event WHERE tenant_id = '"
						+ acme.tenantId() + "' ORDER BY occurred_at")) {
			java.util.List<String> actions = new java.util.ArrayList<>();
			while (rows.next()) {
				actions.add(rows.getString(1));
			}
			assertThat(actions).containsSubsequence("tenant.created", "login.failed", "login.succeeded");
		}
		ApiClient.Response page = this.api.withToken(acme.accessToken()).get("/api/v1/audit?limit=2");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.json().get("items")).hasSize(2);
		assertThat(page.json().at("/items/0/action").asString()).isEqualTo("login.succeeded");
		ApiClient.Response next = this.api.withToken(acme.accessToken())
			.get("/api/v1/audit?limit=2&cursor=" + page.json().get("nextCursor").asString());
		assertThat(next.json().at("/items/0/action").asString()).isEqualTo("tenant.created");
		try (Connection runtime = TestInfrastructure.get()
			.connectAs("identity_app", FlowSupportTestInitializer.ROLE_PASSWORD);
				Statement statement = runtime.createStatement()) {
			assertThatThrownBy(() -> statement.executeUpdate("UPDATE audit_event SET action = 'forged'"))
				.hasMessageContaining("permission denied");
			assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM audit_event"))
				.hasMessageContaining("permission denied");
		}
	}

	@Test
	void theAuditLogNamesTheClientTheGatewayForwarded() {
		SignedUpTenant acme = signup();
		ApiClient.Response login = this.api.withHeader(ClientAddress.HEADER, "203.0.113.7")
			.post("/api/v1/auth/login",
					Map.of("tenantSlug", acme.slug(), "email", acme.adminEmail(), "password", PASSWORD));
		assertThat(login.status()).isEqualTo(200);

		ApiClient admin = this.api.withToken(acme.accessToken());
		assertThat(admin.get("/api/v1/audit?action=login.succeeded").json().at("/items/0/clientIp").asString())
			.isEqualTo("203.0.113.7");
		assertThat(admin.get("/api/v1/audit?action=tenant.created").json().at("/items/0/clientIp").asString())
			.as("without the header, the peer")
			.isIn("127.0.0.1", "0:0:0:0:0:0:0:1");
	}

	@Test
	void groupMembershipReachesTheAgentsToken() {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		String agentEmail = "agent-" + suffix() + "@example.com";
		String agentId = admin
			.post("/api/v1/users", Map.of("email", agentEmail, "name", "Agent", "role", "agent", "password", PASSWORD))
			.json()
			.get("id")
			.asString();
		ApiClient.Response billing = admin.post("/api/v1/groups", Map.of("name", "Billing"));
		assertThat(billing.status()).isEqualTo(201);
		String groupId = billing.json().get("id").asString();
		assertThat(admin.post("/api/v1/groups", Map.of("name", "Billing")).status()).isEqualTo(409);
		assertThat(admin.send("PUT", "/api/v1/groups/" + groupId + "/members/" + agentId, null, null).status())
			.isEqualTo(204);
		JsonNode group = admin.get("/api/v1/groups/" + groupId).json();
		assertThat(group.get("members").toString()).contains(agentId);
		assertThat(group.at("/memberDetails/0/id").asString()).isEqualTo(agentId);
		assertThat(group.at("/memberDetails/0/role").asString()).isEqualTo("agent");
		assertThat(group.at("/memberDetails/0/status").asString()).isEqualTo("active");

		String agentToken = accessToken(acme.slug(), agentEmail);
		assertThat(claims(agentToken).get("groups").toString()).contains(groupId);
		ApiClient agent = this.api.withToken(agentToken);
		assertThat(agent.post("/api/v1/groups", Map.of("name", "Sneaky")).status()).isEqualTo(403);
		assertThat(agent.get("/api/v1/groups").json().get("items")).hasSize(1);
		SignedUpTenant other = signup();
		assertThat(this.api.withToken(other.accessToken()).get("/api/v1/groups/" + groupId).status()).isEqualTo(404);
	}

	@Test
	void invitationsAreSingleUse() {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		String email = "invitee-" + suffix() + "@example.com";
		ApiClient.Response invitation = admin.post("/api/v1/users/invitations",
				Map.of("email", email, "role", "agent"));
		assertThat(invitation.status()).isEqualTo(201);
		String token = invitation.json().get("token").asString();
		assertThat(admin.get("/api/v1/users/invitations").body()).contains(email).doesNotContain(token);

		ApiClient.Response accepted = this.api.post("/api/v1/auth/invitations/accept",
				Map.of("token", token, "name", "New Agent", "password", PASSWORD));
		assertThat(accepted.status()).isEqualTo(201);
		assertThat(claims(accepted.json().get("accessToken").asString()).get("app_role").asString()).isEqualTo("agent");
		assertThat(this.api
			.post("/api/v1/auth/invitations/accept", Map.of("token", token, "name", "Again", "password", PASSWORD))
			.status()).isEqualTo(400);
		assertThat(this.api
			.post("/api/v1/auth/invitations/accept",
					Map.of("token", "inv1.nonsense", "name", "X", "password", PASSWORD))
			.status()).isEqualTo(400);
		assertThat(admin.post("/api/v1/users/invitations", Map.of("email", email, "role", "root")).status())
			.isEqualTo(422);
	}

	@Test
	void apiKeysAreShownOnceExchangedForTokensAndRevocable() {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		ApiClient.Response created = admin.post("/api/v1/api-keys", Map.of("name", "CRM sync", "role", "agent"));
		assertThat(created.status()).isEqualTo(201);
		String key = created.json().get("key").asString();
		assertThat(admin.get("/api/v1/api-keys").body()).contains("CRM sync").doesNotContain(key);

		ApiClient.Response exchanged = this.api.post("/api/v1/auth/token", Map.of("apiKey", key));
		assertThat(exchanged.status()).isEqualTo(200);
		String token = exchanged.json().get("accessToken").asString();
		assertThat(claims(token).get("tenant_id").asString()).isEqualTo(acme.tenantId());
		assertThat(this.api.withToken(token).get("/api/v1/users").status()).isEqualTo(200);

		assertThat(admin.delete("/api/v1/api-keys/" + created.json().get("id").asString()).status()).isEqualTo(204);
		assertThat(this.api.post("/api/v1/auth/token", Map.of("apiKey", key)).status()).isEqualTo(401);
	}

	@Test
	void serviceTokensRequireServiceCredentialsAndNameOneTenant() {
		SignedUpTenant acme = signup();
		ApiClient.Response refused = this.api.withHeader("Authorization", basic("ticket-service", "wrong"))
			.post("/api/v1/auth/service-token", Map.of("tenantId", acme.tenantId()));
		assertThat(refused.status()).isEqualTo(401);
		ApiClient.Response issued = this.api
			.withHeader("Authorization", basic("ticket-service", IdentityIntegrationTest.SERVICE_SECRET))
			.post("/api/v1/auth/service-token", Map.of("tenantId", acme.tenantId()));
		assertThat(issued.status()).isEqualTo(200);
		JsonNode claims = claims(issued.json().get("accessToken").asString());
		assertThat(claims.get("app_role").asString()).isEqualTo("service");
		assertThat(claims.get("tenant_id").asString()).isEqualTo(acme.tenantId());
		assertThat(claims.get("service").asString()).isEqualTo("ticket-service");
	}

	@Test
	void servicesCreateCustomersOnlyAndWithoutPasswords() {
		SignedUpTenant acme = signup();
		String token = this.api
			.withHeader("Authorization", basic("ticket-service", IdentityIntegrationTest.SERVICE_SECRET))
			.post("/api/v1/auth/service-token", Map.of("tenantId", acme.tenantId()))
			.json()
			.get("accessToken")
			.asString();
		ApiClient service = this.api.withToken(token);
		String email = "caller-" + suffix() + "@example.com";
		ApiClient.Response created = service.post("/api/v1/users",
				Map.of("email", email, "name", "First-time caller", "role", "customer"));
		assertThat(created.status()).isEqualTo(201);
		assertThat(created.json().get("role").asString()).isEqualTo("customer");
		assertThat(service.get("/api/v1/users?email=" + email).json().get("items").get(0).get("id").asString())
			.isEqualTo(created.json().get("id").asString());
		assertThat(
				service.post("/api/v1/users", Map.of("email", "a-" + email, "name", "Agent", "role", "agent")).status())
			.isEqualTo(403);
		assertThat(service
			.post("/api/v1/users", Map.of("email", "p-" + email, "name", "P", "role", "customer", "password", PASSWORD))
			.status()).isEqualTo(422);
	}

	@Test
	void onlySuperAdminsChangeSuperAdminsAndNobodyRegistersAmongTheOperators() {
		ApiClient superAdmin = this.api.withToken(accessToken("platform-operators",
				IdentityIntegrationTest.OPERATOR_EMAIL, IdentityIntegrationTest.OPERATOR_PASSWORD));
		String superAdminId = superAdmin.get("/api/v1/users/me").json().get("id").asString();
		String adminEmail = "ops-admin-" + suffix() + "@example.com";
		assertThat(superAdmin
			.post("/api/v1/users",
					Map.of("email", adminEmail, "name", "Ops admin", "role", "admin", "password", PASSWORD))
			.status()).isEqualTo(201);
		ApiClient admin = this.api.withToken(accessToken("platform-operators", adminEmail));
		for (String change : List.of("{\"role\":\"agent\"}", "{\"active\":false}", "{\"name\":\"Mallory\"}")) {
			assertThat(admin.send("PATCH", "/api/v1/users/" + superAdminId, change, "application/json").status())
				.as(change)
				.isEqualTo(403);
		}
		assertThat(admin.delete("/api/v1/users/" + superAdminId).status()).isEqualTo(403);
		for (String kind : List.of("erasures", "exports")) {
			assertThat(admin.post("/api/v1/privacy/" + kind, Map.of("userId", superAdminId)).status()).as(kind)
				.isEqualTo(403);
		}
		assertThat(superAdmin.get("/api/v1/users/me").json().get("role").asString()).isEqualTo("super_admin");

		ApiClient.Response register = this.api.post("/api/v1/auth/register",
				Map.of("tenantSlug", "platform-operators", "name", "X", "email", "x-" + suffix() + "@example.com"));
		assertThat(register.status()).isEqualTo(422);
		assertThat(register.json().at("/errors/0/field").asString()).isEqualTo("tenantSlug");
	}

	@Test
	void operatorsProvisionSuspendAndReactivateTenants() {
		String operator = accessToken("platform-operators", IdentityIntegrationTest.OPERATOR_EMAIL,
				IdentityIntegrationTest.OPERATOR_PASSWORD);
		ApiClient ops = this.api.withToken(operator);
		String slug = "prov-" + suffix();
		String email = "owner-" + suffix() + "@example.com";
		ApiClient.Response provisioned = ops.post("/api/v1/tenants", Map.of("tenantName", "Provisioned", "tenantSlug",
				slug, "adminName", "Owner", "adminEmail", email, "adminPassword", PASSWORD));
		assertThat(provisioned.status()).isEqualTo(201);
		String tenantId = provisioned.json().get("tenantId").asString();
		ApiClient.Response session = login(slug, email, PASSWORD);
		assertThat(session.status()).isEqualTo(200);
		assertThat(this.api.withToken(session.json().get("accessToken").asString())
			.post("/api/v1/tenants/" + tenantId + "/suspend", Map.of())
			.status()).as("only operators suspend").isEqualTo(403);

		assertThat(ops.post("/api/v1/tenants/" + tenantId + "/suspend", Map.of()).status()).isEqualTo(204);
		assertThat(login(slug, email, PASSWORD).status()).isEqualTo(401);
		assertThat(this.api
			.post("/api/v1/auth/refresh", Map.of("refreshToken", session.json().get("refreshToken").asString()))
			.status()).isEqualTo(401);
		assertThat(ops.post("/api/v1/tenants/" + tenantId + "/reactivate", Map.of()).status()).isEqualTo(204);
		assertThat(login(slug, email, PASSWORD).status()).isEqualTo(200);
	}

	private static String basic(String user, String secret) {
		return "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + secret).getBytes());
	}

	private static JsonNode claims(String jwt) {
		return tools.jackson.databind.json.JsonMapper.builder()
			.build()
			.readTree(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]));
	}

	private SignedUpTenant signup() {
		return SignedUpTenant.signUp(this.api, PASSWORD);
	}

	private ApiClient.Response login(String slug, String email, String password) {
		return this.api.post("/api/v1/auth/login", Map.of("tenantSlug", slug, "email", email, "password", password));
	}

	private String accessToken(String slug, String email) {
		return accessToken(slug, email, PASSWORD);
	}

	private String accessToken(String slug, String email, String password) {
		ApiClient.Response response = login(slug, email, password);
		assertThat(response.status()).as(response.body()).isEqualTo(200);
		return response.json().get("accessToken").asString();
	}

	private static String suffix() {
		return SignedUpTenant.unique();
	}

}
