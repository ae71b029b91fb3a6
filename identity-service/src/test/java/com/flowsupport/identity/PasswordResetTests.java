package com.flowsupport.identity;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.util.HtmlUtils;

import com.flowsupport.identity.token.OpaqueTokens;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestInfrastructure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@IdentityIntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class PasswordResetTests {

	private static final String PASSWORD = "correct horse battery";

	private static final String NEW_PASSWORD = "a brand new passphrase";

	private static final Pattern LINK = Pattern
		.compile(Pattern.quote(IdentityIntegrationTest.RESET_PAGE) + "\\?token=([A-Za-z0-9._-]+)");

	@Value("${local.server.port}")
	int port;

	@Autowired
	GreenMail mailServer;

	private ApiClient api;

	@BeforeEach
	void client() {
		this.api = ApiClient.at("http://localhost:" + this.port);
	}

	@Test
	void theEmailedLinkSetsANewPasswordOnceEndsEverySessionAndLiftsALockout(CapturedOutput output) throws Exception {
		SignedUpTenant ada = signup();
		String laptop = ada.signup().json().get("refreshToken").asString();
		String phone = login(ada, PASSWORD).json().get("refreshToken").asString();
		assertThat(this.api.withToken(ada.accessToken())
			.send("PATCH", "/api/v1/users/" + ada.adminId(), "{\"name\":\"Ada <b>Lovelace</b>\"}", "application/json")
			.status()).isEqualTo(200);
		for (int i = 0; i < 5; i++) {
			login(ada, "wrong password " + i);
		}
		assertThat(login(ada, PASSWORD).status()).as("locked out").isEqualTo(429);

		ApiClient.Response accepted = requestReset(ada.slug(), ada.adminEmail());
		assertThat(accepted.status()).isEqualTo(202);
		assertThat(accepted.json().get("message").asString()).contains("If this account exists");

		MimeMessage mail = awaitMail(ada.adminEmail(), 1).get(0);
		assertThat(mail.getFrom()[0].toString()).contains(IdentityIntegrationTest.MAIL_FROM);
		assertThat(mail.getSubject()).contains("Acme");
		String text = part(mail, "text/plain");
		String html = part(mail, "text/html");
		String token = linkToken(text);
		assertThat(linkToken(HtmlUtils.htmlUnescape(html))).as("both parts carry the same link").isEqualTo(token);
		assertThat(text).contains("Hello Ada <b>Lovelace</b>,");
		assertThat(html).as("names are text, not markup").contains("Hello Ada &lt;b&gt;Lovelace&lt;/b&gt;,");

		ApiClient.Response weak = confirm(token, "short");
		assertThat(weak.status()).as("the password policy of signup applies").isEqualTo(422);
		assertThat(weak.json().at("/errors/0/field").asString()).isEqualTo("newPassword");

		assertThat(confirm(token, NEW_PASSWORD).status()).as("a refused password leaves the link usable")
			.isEqualTo(204);
		assertThat(login(ada, PASSWORD).status()).as("the reset lifted the lockout").isEqualTo(401);
		ApiClient.Response signedIn = login(ada, NEW_PASSWORD);
		assertThat(signedIn.status()).isEqualTo(200);
		assertThat(refresh(laptop).status()).isEqualTo(401);
		assertThat(refresh(phone).status()).isEqualTo(401);

		ApiClient.Response reused = confirm(token, "yet another passphrase");
		assertThat(reused.status()).isEqualTo(400);
		assertThat(reused.contentType()).startsWith("application/problem+json");
		assertThat(login(ada, NEW_PASSWORD).status()).isEqualTo(200);

		ApiClient admin = this.api.withToken(signedIn.json().get("accessToken").asString());
		assertThat(admin.get("/api/v1/audit?action=password.reset_requested").json().get("items")).hasSize(1);
		JsonNode reset = admin.get("/api/v1/audit?action=password.reset").json().at("/items/0");
		assertThat(reset.at("/targetId").asString()).isEqualTo(ada.adminId());
		assertThat(reset.get("details").asString()).containsPattern("\"sessionsEnded\":\\s*2");

		assertThat(output.getAll()).as("the token never reaches a log").doesNotContain(token);
		assertThat(storedAnywhereButAsHash(ada.tenantId(), token)).as("nor the audit log or the outbox").isFalse();
	}

	@Test
	void invalidExpiredUsedAndRevokedLinksAreRefusedAlike() throws Exception {
		SignedUpTenant ada = signup();
		requestReset(ada.slug(), ada.adminEmail());
		String earlier = linkToken(part(awaitMail(ada.adminEmail(), 1).get(0), "text/plain"));
		requestReset(ada.slug(), ada.adminEmail());
		String later = linkToken(part(awaitMail(ada.adminEmail(), 2).get(1), "text/plain"));

		try (Connection db = TestInfrastructure.get().adminConnection()) {
			assertThat(lifetime(db, later)).as("the default lifetime").isEqualTo(Duration.ofMinutes(30));
			expire(db, later);
		}
		ApiClient.Response revoked = confirm(earlier, NEW_PASSWORD);
		ApiClient.Response expired = confirm(later, NEW_PASSWORD);
		ApiClient.Response unknown = confirm("pwr1." + ada.tenantId() + "." + "A".repeat(43), NEW_PASSWORD);
		ApiClient.Response garbage = confirm("not a token", NEW_PASSWORD);
		for (ApiClient.Response refused : List.of(revoked, expired, unknown, garbage)) {
			assertThat(refused.status()).isEqualTo(400);
			assertThat(refused.json().get("detail").asString()).isEqualTo(garbage.json().get("detail").asString());
		}
		assertThat(login(ada, PASSWORD).status()).isEqualTo(200);
	}

	@Test
	void unknownAccountsAndTenantsGetTheSameAnswerAndNoMail() {
		SignedUpTenant ada = signup();
		String ghost = "ghost-" + SignedUpTenant.unique() + "@example.com";
		ApiClient.Response unknownAccount = requestReset(ada.slug(), ghost);
		ApiClient.Response unknownTenant = requestReset("no-such-" + SignedUpTenant.unique(), ghost);
		ApiClient.Response known = requestReset(ada.slug(), ada.adminEmail());
		for (ApiClient.Response response : List.of(unknownAccount, unknownTenant)) {
			assertThat(response.status()).isEqualTo(known.status());
			assertThat(response.body()).isEqualTo(known.body());
		}
		awaitMail(ada.adminEmail(), 1);
		assertThat(messagesTo(ghost)).isEmpty();
	}

	@Test
	void customersRegisterAsCustomersAndSignInOnlyWithThePasswordTheirMailboxChose() throws Exception {
		SignedUpTenant acme = signup();
		String email = "shopper-" + SignedUpTenant.unique() + "@example.com";
		ApiClient.Response registered = register(Map.of("tenantSlug", acme.slug(), "name", "Shopper", "email", email,
				"password", PASSWORD, "role", "admin"));
		assertThat(registered.status()).isEqualTo(202);
		assertThat(registered.json().has("accessToken")).as("no session before the mailbox answers").isFalse();
		assertThat(login(acme.slug(), email, PASSWORD).status()).as("a password in the body is not the account's")
			.isEqualTo(401);

		MimeMessage welcome = awaitMail(email, 1).get(0);
		assertThat(welcome.getSubject()).startsWith("Finish creating your account at");
		String token = linkToken(part(welcome, "text/plain"));
		assertThat(part(welcome, "text/plain")).as("the name the caller chose is not mailed to the address")
			.doesNotContain("Shopper");
		assertThat(confirm(token, NEW_PASSWORD).status()).isEqualTo(204);
		ApiClient.Response signedIn = login(acme.slug(), email, NEW_PASSWORD);
		assertThat(signedIn.status()).isEqualTo(200);
		String accessToken = signedIn.json().get("accessToken").asString();
		assertThat(this.api.withToken(accessToken).get("/api/v1/users/me").json().get("role").asString())
			.as("a role in the body is ignored")
			.isEqualTo("customer");

		ApiClient.Response again = register(Map.of("tenantSlug", acme.slug(), "name", "Someone else", "email", email));
		assertThat(again.status()).as("a taken address answers as a new one").isEqualTo(registered.status());
		assertThat(again.body()).isEqualTo(registered.body());
		assertThat(awaitMail(email, 2).get(1).getSubject()).as("its owner gets a reset link")
			.startsWith("Reset your password for");
		assertThat(login(acme.slug(), email, NEW_PASSWORD).status()).as("and nothing changed").isEqualTo(200);
	}

	@Test
	void registeringOneAddressAtTheSameMomentAnswersAlike() throws Exception {
		SignedUpTenant acme = signup();
		String email = "twice-" + SignedUpTenant.unique() + "@example.com";
		Set<Integer> statuses = java.util.concurrent.ConcurrentHashMap.newKeySet();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			threads.add(Thread.ofVirtual()
				.start(() -> statuses
					.add(register(Map.of("tenantSlug", acme.slug(), "name", "Twice", "email", email)).status())));
		}
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(statuses).containsOnly(202);
		awaitMail(email, 3);
	}

	@Test
	void addressesThatNoMailboxCanProveAreRefused() {
		SignedUpTenant acme = signup();
		for (String email : List.of("15551234567@phone.flowsupport.invalid", "v-1@visitor.flowsupport.invalid",
				"someone@mail.INVALID", "x@phone.flowsupport.invalid.")) {
			ApiClient.Response refused = register(Map.of("tenantSlug", acme.slug(), "name", "X", "email", email));
			assertThat(refused.status()).isEqualTo(422);
			assertThat(refused.json().at("/errors/0/field").asString()).isEqualTo("email");
		}
		assertThat(register(
				Map.of("tenantSlug", "no-such-" + SignedUpTenant.unique(), "name", "X", "email", "x@example.com"))
			.status()).isEqualTo(422);
	}

	@Test
	void requestsForOneAddressAreLimitedWhetherOrNotItHasAnAccount() {
		SignedUpTenant ada = signup();
		String ghost = "ghost-" + SignedUpTenant.unique() + "@example.com";
		for (String email : List.of(ada.adminEmail(), ghost)) {
			for (int i = 0; i < 3; i++) {
				assertThat(requestReset(ada.slug(), email).status()).isEqualTo(202);
			}
			ApiClient.Response limited = requestReset(ada.slug(), email);
			assertThat(limited.status()).isEqualTo(429);
			assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
			assertThat(limited.header("X-RateLimit-Limit")).isEqualTo("3");
			assertThat(limited.header("X-RateLimit-Remaining")).isEqualTo("0");
		}
		awaitMail(ada.adminEmail(), 3);
		assertThat(requestReset(ada.slug(), "other-" + SignedUpTenant.unique() + "@example.com").status())
			.as("other addresses are unaffected")
			.isEqualTo(202);
	}

	@Test
	void disabledUsersAndSuspendedTenantsCannotReset() throws Exception {
		SignedUpTenant acme = signup();
		ApiClient admin = this.api.withToken(acme.accessToken());
		String agentEmail = "agent-" + SignedUpTenant.unique() + "@example.com";
		String agentId = admin
			.post("/api/v1/users", Map.of("email", agentEmail, "name", "Agent", "role", "agent", "password", PASSWORD))
			.json()
			.get("id")
			.asString();
		requestReset(acme.slug(), agentEmail);
		String agentToken = linkToken(part(awaitMail(agentEmail, 1).get(0), "text/plain"));
		requestReset(acme.slug(), acme.adminEmail());
		String adminToken = linkToken(part(awaitMail(acme.adminEmail(), 1).get(0), "text/plain"));

		assertThat(admin.delete("/api/v1/users/" + agentId).status()).isEqualTo(204);
		assertThat(confirm(agentToken, NEW_PASSWORD).status()).isEqualTo(400);
		assertThat(requestReset(acme.slug(), agentEmail).status()).isEqualTo(202);
		JsonNode requested = admin.get("/api/v1/audit?action=password.reset_requested").json().get("items");
		assertThat(requested).hasSize(3);
		assertThat(requested.at("/0/targetId").asString()).isEqualTo(agentId);
		assertThat(requested.at("/0/details").asString()).contains("disabled");

		ApiClient operator = this.api.withToken(login("platform-operators", IdentityIntegrationTest.OPERATOR_EMAIL,
				IdentityIntegrationTest.OPERATOR_PASSWORD)
			.json()
			.get("accessToken")
			.asString());
		assertThat(operator.post("/api/v1/tenants/" + acme.tenantId() + "/suspend", Map.of()).status()).isEqualTo(204);
		assertThat(confirm(adminToken, NEW_PASSWORD).status()).isEqualTo(400);
		assertThat(requestReset(acme.slug(), acme.adminEmail()).status()).isEqualTo(202);

		assertThat(operator.post("/api/v1/tenants/" + acme.tenantId() + "/reactivate", Map.of()).status())
			.isEqualTo(204);
		assertThat(login(acme, PASSWORD).status()).as("no password changed").isEqualTo(200);
		assertThat(messagesTo(agentEmail)).hasSize(1);
		assertThat(messagesTo(acme.adminEmail())).as("nothing sent while suspended").hasSize(1);
	}

	private ApiClient.Response requestReset(String slug, String email) {
		return this.api.post("/api/v1/auth/password-reset", Map.of("tenantSlug", slug, "email", email));
	}

	private ApiClient.Response register(Map<String, String> body) {
		return this.api.post("/api/v1/auth/register", body);
	}

	private ApiClient.Response confirm(String token, String newPassword) {
		return this.api.post("/api/v1/auth/password-reset/confirm", Map.of("token", token, "newPassword", newPassword));
	}

	private ApiClient.Response refresh(String refreshToken) {
		return this.api.post("/api/v1/auth/refresh", Map.of("refreshToken", refreshToken));
	}

	private ApiClient.Response login(SignedUpTenant account, String password) {
		return login(account.slug(), account.adminEmail(), password);
	}

	private ApiClient.Response login(String slug, String email, String password) {
		return this.api.post("/api/v1/auth/login", Map.of("tenantSlug", slug, "email", email, "password", password));
	}

	private List<MimeMessage> awaitMail(String to, int count) {
		await().atMost(Duration.ofSeconds(10)).until(() -> messagesTo(to).size() >= count);
		return messagesTo(to);
	}

	private List<MimeMessage> messagesTo(String to) {
		return Arrays.stream(this.mailServer.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getAllRecipients()).map(Address::toString).anyMatch(to::equals);
			}
			catch (MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	/** The content of the message's part of this type, however the parts are nested. */
	private static String part(Part part, String type) throws MessagingException, IOException {
		List<String> found = new ArrayList<>();
		collect(part, type, found);
		assertThat(found).as(type + " part").hasSize(1);
		return found.get(0);
	}

	private static void collect(Part part, String type, List<String> found) throws MessagingException, IOException {
		if (part.isMimeType(type)) {
			found.add((String) part.getContent());
		}
		else if (part.getContent() instanceof Multipart multipart) {
			for (int i = 0; i < multipart.getCount(); i++) {
				collect(multipart.getBodyPart(i), type, found);
			}
		}
	}

	private static String linkToken(String content) {
		Matcher link = LINK.matcher(content);
		assertThat(link.find()).as("a link to the reset page in " + content).isTrue();
		return link.group(1);
	}

	private static Duration lifetime(Connection db, String token) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(
				"SELECT extract(epoch FROM expires_at - created_at) FROM identity.password_reset WHERE token_hash = ?")) {
			statement.setBytes(1, OpaqueTokens.hash(token));
			try (ResultSet row = statement.executeQuery()) {
				assertThat(row.next()).isTrue();
				return Duration.ofMillis(Math.round(row.getDouble(1) * 1000));
			}
		}
	}

	/** Moves the link's expiry into the past, as if its lifetime had gone by. */
	private static void expire(Connection db, String token) throws SQLException {
		try (PreparedStatement statement = db.prepareStatement(
				"UPDATE identity.password_reset SET expires_at = now() - interval '1 second' WHERE token_hash = ?")) {
			statement.setBytes(1, OpaqueTokens.hash(token));
			assertThat(statement.executeUpdate()).isEqualTo(1);
		}
	}

	private static boolean storedAnywhereButAsHash(String tenantId, String token) throws SQLException {
		String secret = token.substring(token.lastIndexOf('.') + 1);
		String query = """
				SELECT (SELECT count(*) FROM identity.audit_event
						WHERE tenant_id = ?::uuid AND details::text LIKE '%' || ? || '%')
					+ (SELECT count(*) FROM identity.outbox_event WHERE payload::text LIKE '%' || ? || '%')""";
		try (Connection db = TestInfrastructure.get().adminConnection();
				PreparedStatement statement = db.prepareStatement(query)) {
			statement.setString(1, tenantId);
			statement.setString(2, secret);
			statement.setString(3, secret);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getLong(1) > 0;
			}
		}
	}

	private SignedUpTenant signup() {
		return SignedUpTenant.signUp(this.api, PASSWORD);
	}

}
