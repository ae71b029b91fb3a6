package com.flowsupport.e2e.security;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import com.flowsupport.e2e.RunningPlatform;
import com.flowsupport.shared.test.ApiClient;

import static com.flowsupport.e2e.security.Org.rows;
import static com.flowsupport.e2e.security.Org.sql;
import static com.flowsupport.e2e.security.Probes.assertProblem;
import static com.flowsupport.e2e.security.Probes.ids;
import static com.flowsupport.e2e.security.Probes.inJson;
import static com.flowsupport.e2e.security.Probes.leaks;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hostile input through the gateway (OWASP API4, API7, API8, API10): oversized bodies,
 * SQL and regular-expression metacharacters in every filter, search and sort parameter,
 * script in every stored text surface, and URLs aimed at the platform's own network in
 * every field that takes one. Refusals are problems; nothing the server stores or serves
 * becomes script; no URL is fetched.
 */
class SecurityHostileInputTest {

	/** SQL, LIKE, regular-expression, path and encoding metacharacters. */
	private static final List<String> METACHARACTERS = List.of("' OR '1'='1", "'; DROP TABLE ticket.ticket; --",
			"%' UNION SELECT password_hash FROM identity.app_user --", "\" OR \"\"=\"", "%_%", "\\", "(a+)+$",
			".*(.*){1000}", "[", "(?<x>", "$where", "{\"$gt\":\"\"}", "../../etc/passwd", "\u0000", "\uD800",
			"status:open' OR 1=1 --", "1;SELECT pg_sleep(5)", "x".repeat(5_000));

	private static final List<String> SCRIPTS = List.of("<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
			"\"><svg onload=alert(1)>", "javascript:alert(1)");

	private static Org acme;

	private static Org other;

	private static ApiClient admin;

	private static String otherTicket;

	private static Canary canary;

	@BeforeAll
	static void tenants() {
		acme = Org.signup();
		other = Org.signup();
		admin = acme.admin();
		Probes.create(admin, "/api/v1/tickets", Map.of("subject", "Printer on fire", "description", "smoke"));
		otherTicket = Probes.create(other.admin(), "/api/v1/tickets",
				Map.of("subject", "Printer of the other tenant", "description", "secret"));
		canary = Canary.open();
	}

	@AfterAll
	static void closeCanary() {
		canary.close();
	}

	@Test
	void anOversizedBodyIsRefusedByTheGatewayAndStoresNothing() {
		long before = rows("ticket.ticket", acme.tenantId());
		String token = "Bearer " + acme.adminMember().accessToken();

		Probes.DeclaredResponse huge = Probes.declaringSize(gatewayUrl(), "/api/v1/tickets", "application/json",
				11L * 1024 * 1024, Map.of("Authorization", token));
		assertThat(huge.status()).as(huge.head()).isEqualTo(413);
		assertThat(huge.head()).containsIgnoringCase("Content-Type: application/problem+json");
		assertProblem(admin.post("/api/v1/tickets", Map.of("subject", "s".repeat(100_000), "description", "d")),
				"100,000-character subject", 422);
		assertProblem(admin.post("/api/v1/kb/articles", Map.of("title", "t", "body", "b".repeat(3 * 1024 * 1024))),
				"3 MB article", 413, 422);

		assertThat(rows("ticket.ticket", acme.tenantId())).isEqualTo(before);
		assertThat(rows("kb.article", acme.tenantId())).isZero();
	}

	@Test
	void anEmailLargerThanAnApiCallPassesTheGatewayUpToItsOwnLimit() {
		JsonNode channel = Probes
			.createJson(admin, "/api/v1/channels", Map.of("type", "email", "name", "Email", "config",
					Map.of("address", "big-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example.com")));
		String large = withAttachment(12 * 1024 * 1024);

		ApiClient.Response accepted = SecurityWebhookTest.postEmail(channel, large);
		Probes.DeclaredResponse refused = Probes.declaringSize(gatewayUrl(), SecurityWebhookTest.pathOf(channel),
				"message/rfc822", 26L * 1024 * 1024, Map.of(SecurityWebhookTest.EMAIL_SIGNATURE, "sha256=00"));

		assertThat(large.length()).isGreaterThan(12 * 1024 * 1024);
		assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
		assertThat(refused.status()).as(refused.head()).isEqualTo(413);
		assertThat(sql("SELECT count(*) FROM channel.message WHERE channel_id = ?::uuid",
				UUID.fromString(channel.get("id").asString())))
			.isEqualTo("1");
	}

	/** A multipart email: a line of text and {@code bytes} of attached scan. */
	private static String withAttachment(int bytes) {
		byte[] scan = new byte[bytes];
		Arrays.fill(scan, (byte) 7);
		return "From: Sam Scanner <sam@example.com>\r\nTo: help@acme.example.com\r\nSubject: Scans attached\r\n"
				+ "Message-ID: <" + UUID.randomUUID() + "@mail.example.com>\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: multipart/mixed; boundary=\"scan-boundary\"\r\n\r\n"
				+ "--scan-boundary\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nThe scans you asked for.\r\n"
				+ "--scan-boundary\r\nContent-Type: application/pdf; name=\"scans.pdf\"\r\n"
				+ "Content-Disposition: attachment; filename=\"scans.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
				+ Base64.getMimeEncoder().encodeToString(scan) + "\r\n--scan-boundary--\r\n";
	}

	private static String gatewayUrl() {
		return RunningPlatform.get().gatewayUrl();
	}

	@Test
	void metacharactersInEveryFilterSearchAndSortParameterAreJustText() {
		// A tenant of its own: the other cases' webhooks open tickets in acme
		// asynchronously.
		Org quiet = Org.signup();
		ApiClient admin = quiet.admin();
		Probes.create(admin, "/api/v1/tickets", Map.of("subject", "Printer on fire", "description", "smoke"));
		String slug = quiet.slug();
		List<String> templates = List.of("/api/v1/tickets?status=%s", "/api/v1/tickets?priority=%s",
				"/api/v1/tickets?type=%s", "/api/v1/tickets?assigneeId=%s", "/api/v1/tickets?groupId=%s",
				"/api/v1/tickets?requesterId=%s", "/api/v1/tickets?tag=%s", "/api/v1/tickets?sort=%s",
				"/api/v1/tickets?cursor=%s", "/api/v1/tickets?limit=%s", "/api/v1/tickets/search?q=%s",
				"/api/v1/tickets/search?q=subject:%s", "/api/v1/tickets/export?startTime=%s",
				"/api/v1/tickets/export?cursor=%s", "/api/v1/users?role=%s", "/api/v1/users?email=%s",
				"/api/v1/users?cursor=%s", "/api/v1/audit?action=%s", "/api/v1/triggers?active=%s",
				"/api/v1/views?cursor=%s", "/api/v1/kb/articles?status=%s", "/api/v1/kb/articles?locale=%s",
				"/api/v1/kb/articles?categoryId=%s", "/api/v1/kb/search?q=%s", "/api/v1/kb/search?locale=%s&q=a",
				"/api/v1/kb/search?audience=%s&q=a", "/api/v1/kb/categories?cursor=%s",
				"/api/v1/help/" + slug + "/search?q=%s", "/api/v1/help/" + slug + "/articles?locale=%s",
				"/api/v1/help/%s/articles", "/api/v1/ai/metrics?from=%s", "/api/v1/ai/feedback?cursor=%s",
				"/api/v1/channels?cursor=%s");
		long tickets = rows("ticket.ticket", quiet.tenantId());
		List<String> failures = new ArrayList<>();

		for (String template : templates) {
			for (String hostile : METACHARACTERS) {
				String path = template.formatted(URLEncoder.encode(hostile, StandardCharsets.UTF_8));
				ApiClient.Response response = admin.get(path);
				if (response.status() >= 500 || leaks(response) || response.body().contains(otherTicket)) {
					failures.add(path + " → " + response.status() + " " + abbreviated(response.body()));
				}
			}
		}

		assertThat(failures).isEmpty();
		assertThat(rows("ticket.ticket", quiet.tenantId())).as("the tickets are all still there").isEqualTo(tickets);
		assertThat(ids(admin.get("/api/v1/tickets"))).isNotEmpty().doesNotContain(otherTicket);
	}

	@Test
	void metacharactersInAViewsQueryAreJustText() {
		List<String> failures = new ArrayList<>();
		for (String hostile : METACHARACTERS) {
			ApiClient.Response view = admin.post("/api/v1/views",
					Map.of("name", "v " + UUID.randomUUID(), "query", "status:open " + hostile, "shared", false));
			if (view.status() >= 500 || leaks(view)) {
				failures.add("view " + hostile + " → " + view.status() + " " + abbreviated(view.body()));
			}
			else if (view.status() == 201) {
				ApiClient.Response tickets = admin
					.get("/api/v1/views/" + view.json().get("id").asString() + "/tickets");
				if (tickets.status() >= 500 || leaks(tickets) || tickets.body().contains(otherTicket)) {
					failures.add("view tickets " + hostile + " → " + tickets.status());
				}
			}
		}
		assertThat(failures).isEmpty();
	}

	@Test
	void scriptInTicketsCommentsTagsAndNamesIsStoredAsTextAndServedAsJson() {
		for (String script : SCRIPTS) {
			ApiClient.Response created = admin.post("/api/v1/tickets", Map.of("subject", script, "description", script,
					"tags", List.of("t" + Math.abs(script.hashCode()))));
			assertThat(created.status()).as(created.body()).isEqualTo(201);
			String id = created.json().get("id").asString();
			assertThat(admin.post("/api/v1/tickets/" + id + "/comments", Map.of("body", script)).status())
				.isEqualTo(201);
			ApiClient.Response user = admin.post("/api/v1/users",
					Map.of("email", "x-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "name",
							script, "role", "customer"));
			assertThat(user.status()).as(user.body()).isIn(201, 422);

			for (ApiClient.Response served : List.of(admin.get("/api/v1/tickets/" + id),
					admin.get("/api/v1/tickets/" + id + "/comments"))) {
				assertInert(served);
				assertThat(served.body()).contains(inJson(script));
			}
			if (user.status() == 201) {
				assertInert(admin.get("/api/v1/users/" + user.json().get("id").asString()));
			}
		}
		ApiClient.Response tagged = admin.post("/api/v1/tickets",
				Map.of("subject", "tags", "description", "d", "tags", List.of("<script>alert(1)</script>")));
		assertThat(tagged.status()).as("a tag is a word, not markup").isIn(201, 422);
		if (tagged.status() == 201) {
			assertInert(admin.get("/api/v1/tickets/" + tagged.json().get("id").asString()));
		}
	}

	@Test
	void scriptInAnArticleNeverReachesItsHtml() {
		String markdown = """
				# Safe heading

				<script>alert('kb')</script>

				<img src="x" onerror="alert('kb')">

				[click me](javascript:alert('kb'))

				<a href="javascript:alert('kb')">raw link</a>

				<iframe src="https://evil.example"></iframe>

				<div style="background:url(javascript:alert('kb'))" onclick="alert('kb')">styled</div>

				![pixel](%s)
				""".formatted(canary.url("/pixel.png"));
		String id = Probes.create(admin, "/api/v1/kb/articles", Map.of("title", "<script>alert('title')</script>",
				"body", markdown, "visibility", "public", "status", "published"));

		ApiClient.Response staff = admin.get("/api/v1/kb/articles/" + id);
		ApiClient.Response help = Org.gateway().get("/api/v1/help/" + acme.slug() + "/articles/" + id);
		for (ApiClient.Response served : List.of(staff, help)) {
			assertInert(served);
			String html = served.json().get("bodyHtml").asString();
			assertThat(html).contains("Safe heading")
				.doesNotContainIgnoringCase("<script")
				.doesNotContainIgnoringCase("onerror")
				.doesNotContainIgnoringCase("onclick")
				.doesNotContainPattern("(?i)(href|src)\\s*=\\s*[\"']?\\s*javascript:")
				.doesNotContainIgnoringCase("<iframe")
				.doesNotContainIgnoringCase("style=");
		}
		assertThat(canary.connections()).as("the article's image is the browser's to load, never the server's")
			.isZero();
	}

	@Test
	void scriptInAWidgetMessageAndAnHtmlEmailIsStoredAsText() {
		JsonNode widget = Probes.createJson(admin, "/api/v1/channels", Map.of("type", "widget", "name", "Chat"));
		ApiClient visitor = Org.gatewayFromNewAddress();
		ApiClient.Response session = visitor.post("/widget/" + widget.get("widgetKey").asString() + "/sessions",
				Map.of("name", "<img src=x onerror=alert(1)>"));
		assertThat(session.status()).as(session.body()).isEqualTo(201);
		ApiClient inSession = visitor.withHeader("X-Widget-Session", session.json().get("sessionToken").asString());
		String key = widget.get("widgetKey").asString();
		assertThat(inSession.post("/widget/" + key + "/messages", Map.of("body", "<script>alert('widget')</script>"))
			.status()).isEqualTo(202);
		ApiClient.Response history = inSession.get("/widget/" + key + "/messages");
		assertInert(history);
		assertThat(history.body()).contains(inJson("<script>alert('widget')</script>"));

		JsonNode email = Probes.createJson(admin, "/api/v1/channels", Map.of("type", "email", "name", "Mail", "config",
				Map.of("address", "html-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example.com")));
		String mime = "From: Mallory <mallory@example.com>\r\nTo: help@acme.example.com\r\nSubject: Invoice\r\n"
				+ "Message-ID: <" + UUID.randomUUID() + "@example.com>\r\nMIME-Version: 1.0\r\n"
				+ "Content-Type: text/html; charset=utf-8\r\n\r\n"
				+ "<html><body><p>Hello <b>team</b></p><script>alert('mail')</script>" + "<img src=\""
				+ canary.url("/track.gif") + "\" onerror=\"alert(2)\"></body></html>\r\n";
		assertThat(SecurityWebhookTest.postEmail(email, mime).status()).isEqualTo(202);

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(
					sql("SELECT count(*) FROM ticket.ticket WHERE tenant_id = ?::uuid AND subject = 'Invoice'",
							acme.tenantId()))
				.isEqualTo("1"));
		String stored = sql("SELECT description FROM ticket.ticket WHERE tenant_id = ?::uuid AND subject = 'Invoice'",
				acme.tenantId());
		assertThat(stored).contains("Hello").doesNotContain("<script").doesNotContain("onerror").doesNotContain("<b>");
		assertThat(canary.connections()).as("the email's tracking image was not fetched").isZero();
	}

	@Test
	void urlsAimedAtThePlatformsOwnNetworkAreRefusedOrNeverFetched() {
		String tenant = sql("SELECT settings::text FROM identity.tenant WHERE id = ?::uuid", acme.tenantId());
		for (String logo : List.of(canary.url("/logo.png"), "javascript:alert(1)", "file:///etc/passwd",
				"gopher://127.0.0.1:" + canary.port() + "/_x", "http://169.254.169.254/latest/meta-data/")) {
			assertProblem(admin.send("PATCH", "/api/v1/tenants/current",
					"{\"branding\":{\"logoUrl\":\"" + logo + "\"}}", "application/json"), "logo " + logo, 422);
		}
		assertThat(sql("SELECT settings::text FROM identity.tenant WHERE id = ?::uuid", acme.tenantId()))
			.isEqualTo(tenant);
		for (String field : List.of("baseUrl", "llmBaseUrl", "endpoint", "webhookUrl")) {
			assertProblem(admin.send("PATCH", "/api/v1/ai/settings",
					"{\"" + field + "\":\"" + canary.url("/v1") + "\"}", "application/json"), "AI settings " + field,
					422);
		}
		assertProblem(
				admin.post("/api/v1/channels",
						Map.of("type", "sms", "provider", "twilio", "name", "Evil", "config",
								Map.of("phoneNumber", "+15550002222", "accountSid", "AC" + "0".repeat(32), "authToken",
										"t", "apiUrl", canary.url("/twilio")))),
				"a Twilio channel with its own API URL", 422);

		for (String host : List.of("127.0.0.1", "localhost", "169.254.169.254", "10.0.0.5", "192.168.1.20")) {
			assertProblem(admin.post("/api/v1/channels", Map.of("type", "email", "name", "Internal SMTP", "config",
					Map.of("address", "smtp-" + UUID.randomUUID().toString().substring(0, 8) + "@acme.example.com",
							"smtpHost", host, "smtpPort", canary.port()))),
					"an email channel sending through " + host, 422);
		}
		assertThat(sql("SELECT count(*) FROM channel.channel WHERE name = 'Internal SMTP'")).isEqualTo("0");

		JsonNode twilio = Probes.createJson(admin, "/api/v1/channels",
				Map.of("type", "sms", "provider", "twilio", "name", "SMS media", "config", Map.of("phoneNumber",
						"+15550003333", "accountSid", "AC" + "1".repeat(32), "authToken", "media-token")));
		String url = twilio.get("webhookUrl").asString();
		Map<String, String> form = Map.of("MessageSid", "SM" + UUID.randomUUID().toString().replace("-", ""), "From",
				"+15557654000", "To", "+15550003333", "Body", "see attached", "NumMedia", "2", "MediaUrl0",
				canary.url("/media.jpg"), "MediaContentType0", "image/jpeg", "MediaUrl1",
				"https://api.twilio.com.evil.example/media.jpg", "MediaContentType1", "image/jpeg");
		assertThat(SecurityWebhookTest.postTwilio(url, "media-token", form).status()).isEqualTo(200);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(sql(
					"SELECT count(*) FROM ticket.ticket WHERE tenant_id = ?::uuid AND description LIKE '%see attached%'",
					acme.tenantId()))
				.isEqualTo("1"));
		assertThat(canary.connections()).as("no URL of a tenant or a sender was fetched").isZero();
	}

	private static void assertInert(ApiClient.Response served) {
		assertThat(served.status()).as(served.body()).isEqualTo(200);
		assertThat(served.contentType()).as("served as data, never as a page").startsWith("application/json");
		assertThat(served.header("X-Content-Type-Options")).as("no sniffing it into HTML").isEqualTo("nosniff");
	}

	private static String abbreviated(String body) {
		return (body.length() > 300) ? body.substring(0, 300) + "…" : body;
	}

}
