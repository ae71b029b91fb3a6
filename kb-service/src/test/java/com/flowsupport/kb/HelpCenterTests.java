package com.flowsupport.kb;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.transaction.support.TransactionTemplate;

import com.flowsupport.kb.importing.ArticleImporter;
import com.flowsupport.shared.events.EventPublisher;
import com.flowsupport.shared.events.EventTypes;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.tenancy.CallerIdentity;
import com.flowsupport.shared.tenancy.Tenancy;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@KbIntegrationTest
class HelpCenterTests {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	@Value("${local.server.port}")
	int port;

	@Autowired
	EventPublisher events;

	@Autowired
	TransactionTemplate transactions;

	UUID tenant;

	String slug;

	KbApi agent;

	ApiClient visitor;

	@BeforeEach
	void tenant() {
		this.tenant = UUID.randomUUID();
		this.slug = "acme-" + this.tenant.toString().substring(0, 8);
		this.agent = KbApi.as(this.port, this.tenant, AppRole.ADMIN);
		this.visitor = KbApi.anonymous(this.port);
		announce(Map.of("tenantId", this.tenant, "slug", this.slug, "name", "Acme"), EventTypes.TENANT_CREATED);
		await().atMost(PATIENCE).until(() -> this.visitor.get(help("/categories")).status() == 200);
	}

	@Test
	void theHelpCenterShowsPublishedPublicContentOnlyWithoutLogin() {
		String category = this.agent.post("/api/v1/kb/categories", Map.of("name", "Getting started"))
			.json()
			.get("id")
			.asString();
		this.agent.post("/api/v1/kb/categories", Map.of("name", "Internal only"));
		String open = this.agent
			.article(Map.of("title", "Welcome", "body", "Hello **there**", "status", "published", "categoryId",
					category))
			.get("id")
			.asString();
		String internal = this.agent
			.article(Map.of("title", "Escalation rota", "body", "Call Bob", "status", "published", "visibility",
					"internal", "categoryId", category))
			.get("id")
			.asString();
		String members = this.agent
			.article(Map.of("title", "Member perks", "body", "Discounts", "status", "published", "visibility",
					"signed_in"))
			.get("id")
			.asString();
		String draft = this.agent.article(Map.of("title", "Coming soon", "body", "Draft")).get("id").asString();
		JsonNode articles = this.visitor.get(help("/articles")).json().get("items");
		assertThat(articles.size()).isOne();
		assertThat(articles.get(0).get("id").asString()).isEqualTo(open);
		assertThat(this.visitor.get(help("/articles/" + open)).json().get("bodyHtml").asString())
			.contains("<strong>there</strong>");
		for (String hidden : List.of(internal, members, draft)) {
			assertThat(this.visitor.get(help("/articles/" + hidden)).status()).isEqualTo(404);
		}
		// The setup read the (empty) list and it was cached; the kb events drop it.
		await().atMost(PATIENCE)
			.untilAsserted(() -> assertThat(this.visitor.get(help("/categories")).json().get("items").size())
				.as("empty categories are not shown")
				.isOne());
		assertThat(this.visitor.get(help("/search?q=" + KbApi.encode("Bob rota escalation"))).body())
			.doesNotContain(internal);
		assertThat(this.visitor.get(help("/articles/by-slug/welcome")).json().get("id").asString()).isEqualTo(open);
		assertThat(this.visitor.get("/api/v1/help/no-such-tenant/articles").status()).isEqualTo(404);
		// A visitor's locale must be one before it reaches SQL or a cache key.
		for (String path : List.of("/articles?locale=", "/articles/by-slug/welcome?locale=")) {
			ApiClient.Response odd = this.visitor.get(help(path + KbApi.encode("en' OR 1=1 --")));
			assertThat(odd.status()).isEqualTo(422);
			assertThat(odd.body()).contains("locale");
		}
	}

	@Test
	void cachedAnswersGoWhenTheTenantsArticlesChange() {
		String id = this.agent.published("Returns", "Send it back within 30 days.", "public").get("id").asString();
		assertThat(this.visitor.get(help("/articles/" + id)).json().get("title").asString()).isEqualTo("Returns");
		this.agent.patch(id, Map.of("title", "Returns and exchanges"));
		await().atMost(PATIENCE)
			.until(() -> "Returns and exchanges"
				.equals(this.visitor.get(help("/articles/" + id)).json().get("title").asString()));
		this.agent.patch(id, Map.of("status", "archived"));
		await().atMost(PATIENCE).until(() -> this.visitor.get(help("/articles/" + id)).status() == 404);
	}

	@Test
	void aSuspendedTenantsHelpCenterCloses() {
		announce(Map.of("tenantId", this.tenant, "status", "suspended"), EventTypes.TENANT_UPDATED);
		await().atMost(PATIENCE).until(() -> this.visitor.get(help("/categories")).status() == 404);
	}

	@Test
	void importsReportWhatFailedAndWhy() throws IOException {
		JsonNode report = this.agent.post("/api/v1/kb/imports",
				Map.of("articles",
						List.of(Map.of("title", "Imported one", "body", "Body one", "status", "published"),
								Map.of("title", "", "body", "no title", "visibility", "everyone"),
								Map.of("title", "Imported two", "body", "Body two", "colour", "red"))))
			.json();
		assertThat(report.get("imported").asInt()).isOne();
		assertThat(report.get("failed").asInt()).isEqualTo(2);
		JsonNode second = report.get("items").get(1);
		assertThat(second.get("source").asString()).isEqualTo("body: articles[1]");
		assertThat(second.get("problem").get("errors").toString()).contains("title", "visibility");
		assertThat(report.get("items").get(2).get("problem").get("errors").toString()).contains("colour");
		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			entry(out, "guides/setup.md", """
					---
					tags: [setup, start]
					status: published
					---
					# Setting up

					Install the app.
					""");
			entry(out, "guides/broken.md", "---\nvisibility: secret\n---\nBody");
			entry(out, "more.json", "{\"articles\": [{\"title\": \"From JSON\", \"body\": \"b\"}]}");
			entry(out, "bad.json", "{not json");
			entry(out, "image.png", "ignored");
		}
		JsonNode zipped = postZip(zip.toByteArray());
		assertThat(zipped.get("imported").asInt()).as(zipped.toString()).isEqualTo(2);
		assertThat(zipped.get("failed").asInt()).isEqualTo(2);
		assertThat(zipped.get("items").get(0).get("title").asString()).isEqualTo("Setting up");
		assertThat(zipped.get("items").get(1).get("source").asString()).isEqualTo("guides/broken.md");
		assertThat(zipped.get("items").get(3).get("source").asString()).isEqualTo("bad.json");
		JsonNode setup = this.agent.get("/api/v1/kb/articles/" + zipped.get("items").get(0).get("articleId").asString())
			.json();
		assertThat(setup.get("slug").asString()).isEqualTo("setup");
		assertThat(setup.get("tags").toString()).isEqualTo("[\"setup\",\"start\"]");
		assertThat(setup.get("body").asString()).isEqualTo("Install the app.\n");
	}

	@Test
	void importsOverTheLimitsOrCutShortChangeNothingOrKeepWhatCameBefore() throws IOException {
		List<Map<String, String>> tooMany = new ArrayList<>();
		for (int i = 0; i <= ArticleImporter.ARTICLES_MAX; i++) {
			tooMany.add(Map.of("title", "Bulk " + i, "body", "b"));
		}
		ApiClient.Response refused = this.agent.post("/api/v1/kb/imports", Map.of("articles", tooMany));
		assertThat(refused.status()).isEqualTo(413);
		assertThat(refused.contentType()).startsWith("application/problem+json");
		assertThat(this.agent.get("/api/v1/kb/articles").json().get("items")).isEmpty();

		// Under an Idempotency-Key the request runs in one transaction: a refused
		// article must not take the others with it; the replay answers the same.
		Map<String, Object> mixed = Map.of("articles",
				List.of(Map.of("title", "Keyed one", "body", "b"), Map.of("title", "", "body", "no title")));
		for (int attempt = 0; attempt < 2; attempt++) {
			ApiClient.Response keyed = this.agent.client()
				.withHeader("Idempotency-Key", "import-" + this.tenant)
				.post("/api/v1/kb/imports", mixed);
			assertThat(keyed.status()).as(keyed.body()).isEqualTo(200);
			assertThat(keyed.json().get("imported").asInt()).isOne();
			assertThat(keyed.json().get("failed").asInt()).isOne();
		}
		assertThat(this.agent.get("/api/v1/kb/articles").json().get("items")).hasSize(1);

		ByteArrayOutputStream zip = new ByteArrayOutputStream();
		try (ZipOutputStream out = new ZipOutputStream(zip)) {
			entry(out, "first.md", "# Before the damage\n\nKept.");
			StringBuilder long_ = new StringBuilder("# Cut short\n\n");
			for (int i = 0; i < 2_000; i++) {
				long_.append(Integer.toHexString(i * 7919)).append(' ');
			}
			entry(out, "second.md", long_.toString());
		}
		byte[] whole = zip.toByteArray();
		int second = indexOf(whole, "second.md".getBytes(StandardCharsets.UTF_8));
		JsonNode cut = postZip(Arrays.copyOf(whole, second + 200));
		assertThat(cut.get("imported").asInt()).as(cut.toString()).isOne();
		assertThat(cut.get("items").get(0).get("title").asString()).isEqualTo("Before the damage");
		assertThat(cut.get("items").get(1).get("problem").get("title").asString()).isEqualTo("Invalid archive");
	}

	private static int indexOf(byte[] data, byte[] part) {
		for (int i = 0; i + part.length <= data.length; i++) {
			if (Arrays.equals(data, i, i + part.length, part, 0, part.length)) {
				return i;
			}
		}
		throw new AssertionError("not found");
	}

	private JsonNode postZip(byte[] zip) throws IOException {
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/v1/kb/imports"))
			.header("Content-Type", "application/zip")
			.header("Authorization",
					"Bearer " + TestJwtIssuer.get().token(this.tenant, UUID.randomUUID(), AppRole.ADMIN))
			.POST(HttpRequest.BodyPublishers.ofByteArray(zip))
			.build();
		try {
			return JsonMapper.builder()
				.build()
				.readTree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IOException(ex);
		}
	}

	private static void entry(ZipOutputStream out, String name, String content) throws IOException {
		out.putNextEntry(new ZipEntry(name));
		out.write(content.getBytes(StandardCharsets.UTF_8));
		out.closeEntry();
	}

	private String help(String path) {
		return "/api/v1/help/" + this.slug + path;
	}

	private void announce(Map<String, ?> data, String type) {
		Tenancy.runAs(CallerIdentity.service(this.tenant, "identity-service"),
				() -> this.transactions.executeWithoutResult((status) -> this.events.publish(type, data)));
	}

}
