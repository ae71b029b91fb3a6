package com.flowsupport.kb.privacy;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.kb.KbApi;
import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.shared.tenancy.AppRole;
import com.flowsupport.shared.test.ApiClient;
import com.flowsupport.shared.test.PersonalDataTraces;
import com.flowsupport.shared.test.TestInfrastructure;
import com.flowsupport.shared.test.TestJwtIssuer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kb-service's part of data-subject requests: an author's articles keep their content and
 * name a tombstone, in their revision history too.
 */
@KbIntegrationTest
class KnowledgeBasePersonalDataTests {

	@Value("${local.server.port}")
	int port;

	@Test
	void anAuthorIsExportedThenReplacedByATombstoneEverywhereOnlyInTheirTenant() throws Exception {
		UUID tenant = UUID.randomUUID();
		UUID author = UUID.randomUUID();
		KbApi writer = new KbApi(tenant, author, AppRole.AGENT, ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().token(tenant, author, AppRole.AGENT)));
		String id = writer.article(Map.of("title", "Returns policy", "body", "Send it back within 30 days."))
			.get("id")
			.asString();
		assertThat(writer.patch(id, Map.of("body", "Send it back within 60 days.")).status()).isEqualTo(200);
		String colleagues = KbApi.as(this.port, tenant, AppRole.AGENT)
			.article(Map.of("title", "Shipping", "body", "We ship worldwide."))
			.get("id")
			.asString();
		UUID elsewhere = UUID.randomUUID();
		KbApi sameIdElsewhere = new KbApi(elsewhere, author, AppRole.AGENT,
				ApiClient.at("http://localhost:" + this.port)
					.withToken(TestJwtIssuer.get().token(elsewhere, author, AppRole.AGENT)));
		String otherTenants = sameIdElsewhere.article(Map.of("title", "Other", "body", "Other tenant"))
			.get("id")
			.asString();
		ApiClient identity = ApiClient.at("http://localhost:" + this.port)
			.withToken(TestJwtIssuer.get().serviceToken(tenant, "identity-service"));
		String base = "/internal/v1/privacy/subjects/" + author;

		JsonNode export = identity.post(base + "/export", Map.of()).json().at("/sections/articles");
		assertThat(export.get("articles").findValuesAsString("id")).containsExactly(id);
		int revisions = export.get("revisions").size();
		assertThat(revisions).as("the author's revisions").isPositive();
		assertThat(export.toString()).doesNotContain(colleagues).doesNotContain(otherTenants);

		UUID tombstone = UUID.randomUUID();
		JsonNode erased = identity.post(base + "/erasure", Map.of("tombstoneId", tombstone.toString()))
			.json()
			.at("/erased/articles");
		assertThat(erased.get("articles").asInt()).isEqualTo(1);
		assertThat(erased.get("revisions").asInt()).isEqualTo(revisions);
		try (Connection admin = TestInfrastructure.get().adminConnection()) {
			List<String> traces = PersonalDataTraces.find(admin, "kb", List.of(author.toString()),
					PersonalDataTraces.PLATFORM_TABLES);
			assertThat(traces).as("only the other tenant's article and its revision")
				.isNotEmpty()
				.allMatch((row) -> row.contains(elsewhere.toString()));
		}
		JsonNode article = writer.get("/api/v1/kb/articles/" + id).json();
		assertThat(article.get("body").asString()).isEqualTo("Send it back within 60 days.");
		assertThat(article.toString()).contains(tombstone.toString());

		JsonNode again = identity.post(base + "/erasure", Map.of("tombstoneId", tombstone.toString()))
			.json()
			.at("/erased/articles");
		assertThat(again.get("articles").asInt()).isZero();
		assertThat(again.get("revisions").asInt()).isZero();
		assertThat(identity.post(base + "/export", Map.of()).json().at("/sections/articles/articles").size()).isZero();
	}

}
