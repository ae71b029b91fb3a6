package com.flowsupport.kb.content;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.kb.KbApi;
import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;

import static org.assertj.core.api.Assertions.assertThat;

@KbIntegrationTest
class ArticleApiTests {

	@Value("${local.server.port}")
	int port;

	KbApi agent;

	KbApi customer;

	@BeforeEach
	void tenant() {
		UUID tenant = UUID.randomUUID();
		this.agent = KbApi.as(this.port, tenant, AppRole.AGENT);
		this.customer = KbApi.as(this.port, tenant, AppRole.CUSTOMER);
	}

	@Test
	void articlesLiveInSectionsOfCategoriesAndStartAsDrafts() {
		String category = this.agent.post("/api/v1/kb/categories", Map.of("name", "Billing"))
			.json()
			.get("id")
			.asString();
		String section = this.agent.post("/api/v1/kb/sections", Map.of("categoryId", category, "name", "Refunds"))
			.json()
			.get("id")
			.asString();
		JsonNode article = this.agent.article(Map.of("title", "How do refunds work?", "body", "Refunds take 5 days.",
				"sectionId", section, "tags", List.of("Refund", "money")));
		assertThat(article.get("status").asString()).isEqualTo("draft");
		assertThat(article.get("categoryId").asString()).isEqualTo(category);
		assertThat(article.get("slug").asString()).isEqualTo("how-do-refunds-work");
		assertThat(article.get("locale").asString()).isEqualTo("en");
		assertThat(article.get("tags").toString()).isEqualTo("[\"refund\",\"money\"]");
		assertThat(article.get("bodyHtml").asString()).isEqualTo("<p>Refunds take 5 days.</p>\n");
		assertThat(this.agent.get("/api/v1/kb/articles?sectionId=" + section).json().get("items").size()).isOne();
		assertThat(this.customer.get("/api/v1/kb/articles/" + article.get("id").asString()).status())
			.as("customers do not see drafts")
			.isEqualTo(404);
		assertThat(this.customer.post("/api/v1/kb/articles", Map.of("title", "t", "body", "b")).status())
			.isEqualTo(403);
		assertThat(this.agent.client().delete("/api/v1/kb/sections/" + section).status())
			.as("a section holding articles stays")
			.isEqualTo(409);
	}

	@Test
	void customersSeeOnlyCategoriesAndSectionsHoldingSomethingTheyMayRead() {
		Map<String, String> categories = new java.util.LinkedHashMap<>();
		Map<String, String> sections = new java.util.LinkedHashMap<>();
		for (String visibility : List.of("public", "signed_in", "internal", "none")) {
			String category = this.agent.post("/api/v1/kb/categories", Map.of("name", "Category " + visibility))
				.json()
				.get("id")
				.asString();
			String section = this.agent
				.post("/api/v1/kb/sections", Map.of("categoryId", category, "name", "Section " + visibility))
				.json()
				.get("id")
				.asString();
			if (!visibility.equals("none")) {
				this.agent.article(Map.of("title", "For " + visibility, "body", "Text.", "visibility", visibility,
						"status", "published", "sectionId", section));
			}
			categories.put(visibility, category);
			sections.put(visibility, section);
		}
		assertThat(names(this.customer.get("/api/v1/kb/categories"))).containsExactly("Category public",
				"Category signed_in");
		assertThat(names(this.customer.get("/api/v1/kb/sections"))).containsExactly("Section public",
				"Section signed_in");
		assertThat(this.customer.get("/api/v1/kb/categories/" + categories.get("signed_in")).status()).isEqualTo(200);
		assertThat(this.customer.get("/api/v1/kb/categories/" + categories.get("internal")).status())
			.as("an agents-only category's name is not given away")
			.isEqualTo(404);
		assertThat(this.customer.get("/api/v1/kb/sections/" + sections.get("internal")).status()).isEqualTo(404);
		assertThat(this.customer.get("/api/v1/kb/sections/" + sections.get("none")).status()).isEqualTo(404);
		assertThat(names(this.agent.get("/api/v1/kb/categories"))).hasSize(4);
		assertThat(this.agent.get("/api/v1/kb/sections/" + sections.get("none")).status()).isEqualTo(200);
	}

	private static List<String> names(ApiClient.Response page) {
		assertThat(page.status()).isEqualTo(200);
		List<String> names = new java.util.ArrayList<>();
		page.json().get("items").forEach((item) -> names.add(item.get("name").asString()));
		return names;
	}

	@Test
	void hostileMarkdownAndHtmlAreSanitised() {
		String body = """
				# Hello

				<script>alert('x')</script>

				<img src="x.png" onerror="alert(1)">

				[click](javascript:alert(1)) and <a href="javascript:alert(2)">this</a> and ![i](javascript:alert(3))

				<iframe src="https://evil.example"></iframe>

				<p onclick="steal()" style="background:url(javascript:x)">text</p>

				[fine](https://example.com)
				""";
		String html = this.agent.article(Map.of("title", "Hostile", "body", body)).get("bodyHtml").asString();
		assertThat(html).doesNotContainIgnoringCase("<script")
			.doesNotContainIgnoringCase("alert('x')")
			.doesNotContainIgnoringCase("onerror")
			.doesNotContainIgnoringCase("onclick")
			.doesNotContainPattern("(?i)(href|src|style)\\s*=\\s*\"[^\"]*javascript")
			.doesNotContainIgnoringCase("<iframe")
			.contains("<h1>Hello</h1>")
			.contains("href=\"https://example.com\"")
			.contains("text");
	}

	@Test
	void badContentIsRefusedNamingEveryFieldAndChangesNothing() {
		ApiClient.Response bad = this.agent.post("/api/v1/kb/articles", Map.of("title", "", "body", "b", "visibility",
				"secret", "locale", "english", "tags", List.of("two words"), "tenantId", UUID.randomUUID().toString()));
		assertThat(bad.status()).isEqualTo(422);
		assertThat(bad.contentType()).startsWith("application/problem+json");
		assertThat(fields(bad)).contains("title", "visibility", "locale", "tags", "tenantId");
		String id = this.agent.article(Map.of("title", "Keep", "body", "b")).get("id").asString();
		ApiClient.Response badPatch = this.agent.patch(id, Map.of("title", "Changed", "status", "gone"));
		assertThat(badPatch.status()).isEqualTo(422);
		assertThat(this.agent.get("/api/v1/kb/articles/" + id).json().get("title").asString()).isEqualTo("Keep");
		assertThat(this.agent
			.post("/api/v1/kb/articles", Map.of("title", "x", "body", "b", "sectionId", UUID.randomUUID().toString()))
			.status()).isEqualTo(422);
		// PostgreSQL cannot store NUL: the field's fault, not a 409 from the database.
		ApiClient.Response nul = this.agent.post("/api/v1/kb/articles", Map.of("title", "a\u0000b", "body", "b"));
		assertThat(nul.status()).isEqualTo(422);
		assertThat(fields(nul)).containsExactly("title");
		ApiClient.Response nulQuery = this.agent.get("/api/v1/kb/search?q=refund%00policy");
		assertThat(nulQuery.status()).isEqualTo(422);
		assertThat(fields(nulQuery)).containsExactly("q");
		Map<String, Object> orphan = new HashMap<>();
		orphan.put("categoryId", null);
		orphan.put("name", "Orphan");
		ApiClient.Response nullCategory = this.agent.post("/api/v1/kb/sections", orphan);
		assertThat(nullCategory.status()).isEqualTo(422);
		assertThat(fields(nullCategory)).containsExactly("categoryId");
		assertThat(this.agent.get("/api/v1/kb/articles").json().get("items")).hasSize(1);
	}

	@Test
	void everyContentChangeIsARevisionAndRevertingMakesANewOne() {
		ApiClient.Response created = this.agent.client()
			.post("/api/v1/kb/articles", Map.of("title", "Reset your password", "body", "Step one.\nStep two."));
		String id = created.json().get("id").asString();
		ApiClient.Response edited = this.agent.patch(id,
				Map.of("body", "Step one.\nStep two, changed.\nStep three.", "note", "clearer"),
				created.header("ETag"));
		assertThat(edited.json().get("revision").asInt()).isEqualTo(2);
		assertThat(this.agent.patch(id, Map.of("title", "Stale"), created.header("ETag")).status())
			.as("a stale If-Match")
			.isEqualTo(412);
		this.agent.patch(id, Map.of("title", "Reset a password"));
		JsonNode diff = this.agent.get("/api/v1/kb/articles/" + id + "/diff?from=1&to=2").json();
		assertThat(diff.get("unified").asString())
			.isEqualTo(" Step one.\n-Step two.\n+Step two, changed.\n+Step three.\n");
		JsonNode versions = this.agent.get("/api/v1/kb/articles/" + id + "/versions").json().get("items");
		assertThat(versions.size()).isEqualTo(3);
		assertThat(versions.get(1).get("note").asString()).isEqualTo("clearer");
		JsonNode reverted = this.agent.post("/api/v1/kb/articles/" + id + "/versions/1/revert", Map.of()).json();
		assertThat(reverted.get("revision").asInt()).isEqualTo(4);
		assertThat(reverted.get("title").asString()).isEqualTo("Reset your password");
		assertThat(reverted.get("body").asString()).isEqualTo("Step one.\nStep two.");
		assertThat(this.agent.get("/api/v1/kb/articles/" + id + "/versions/4").json().get("note").asString())
			.isEqualTo("Reverted to revision 1");
		assertThat(this.customer.get("/api/v1/kb/articles/" + id + "/versions").status()).isEqualTo(403);
	}

	@Test
	void translationsAreLinkedOnePerLocale() {
		JsonNode english = this.agent.published("Shipping times", "We ship in two days.", "public");
		String id = english.get("id").asString();
		JsonNode german = this.agent.article(Map.of("title", "Lieferzeiten", "body", "Wir liefern in zwei Tagen.",
				"locale", "de", "translationOf", id, "status", "published"));
		assertThat(german.get("translationGroup").asString()).isEqualTo(english.get("translationGroup").asString());
		assertThat(german.get("translations").get(0).get("locale").asString()).isEqualTo("en");
		JsonNode seen = this.customer.get("/api/v1/kb/articles/" + id).json();
		assertThat(seen.get("translations").get(0).get("title").asString()).isEqualTo("Lieferzeiten");
		ApiClient.Response twice = this.agent.post("/api/v1/kb/articles",
				Map.of("title", "Noch mal", "body", "b", "locale", "de", "translationOf", id));
		assertThat(twice.status()).isEqualTo(422);
		assertThat(fields(twice)).containsExactly("locale");
		this.agent.article(Map.of("title", "Temps de livraison", "body", "Brouillon", "locale", "fr", "translationOf",
				german.get("id").asString()));
		assertThat(this.customer.get("/api/v1/kb/articles/" + id + "/translations").json().size())
			.as("the French draft is not shown to customers")
			.isOne();
		assertThat(this.agent.get("/api/v1/kb/articles/" + id + "/translations").json().size()).isEqualTo(2);
	}

	static List<String> fields(ApiClient.Response problem) {
		return StreamSupport.stream(problem.json().get("errors").spliterator(), false)
			.map((error) -> error.get("field").asString())
			.toList();
	}

}
