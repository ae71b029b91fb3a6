package com.flowsupport.kb.indexing;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import com.flowsupport.kb.KbApi;
import com.flowsupport.kb.KbIntegrationTest;
import com.flowsupport.kb.OwnerSql;
import com.flowsupport.shared.tenancy.AppRole;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@KbIntegrationTest
class IndexingTests {

	static final Duration PATIENCE = Duration.ofSeconds(30);

	@Value("${local.server.port}")
	int port;

	@Autowired
	FlakyEmbeddingModel model;

	@Autowired
	ArticleIndexer indexer;

	KbApi agent;

	@BeforeEach
	void tenant() {
		this.agent = KbApi.as(this.port, UUID.randomUUID(), AppRole.AGENT);
	}

	@AfterEach
	void healModel() {
		this.model.failNext(0);
	}

	@Test
	void publishingChunksAlongHeadingsAndEmbedsThemAsynchronously() throws SQLException {
		String id = this.agent.published("Backups", """
				Intro text.

				## Nightly backups
				We back up every night.

				### Restoring
				Ask support to restore a backup.
				""", "public").get("id").asString();
		await().atMost(PATIENCE).until(() -> "indexed".equals(indexStatus(id)));
		assertThat(OwnerSql.rows("SELECT array_to_string(heading_path, ' > ') || ': ' || content FROM kb.chunk"
				+ " WHERE article_id = '" + id + "' AND embedding IS NOT NULL ORDER BY ordinal"))
			.containsExactly(": Intro text.", "Nightly backups: We back up every night.",
					"Nightly backups > Restoring: Ask support to restore a backup.");
		JsonNode index = this.agent.get("/api/v1/kb/articles/" + id).json().get("index");
		assertThat(index.get("model").asString()).isEqualTo("bge-small-en-v1.5-q");
		assertThat(index.get("indexedAt").isNull()).isFalse();
	}

	@Test
	void anUpdateIsReindexedAndUnchangedChunksKeepTheirEmbeddings() throws SQLException {
		String id = this.agent
			.published("Opening hours", "## Weekdays\nNine to five.\n\n## Weekends\nClosed.", "public")
			.get("id")
			.asString();
		await().atMost(PATIENCE).until(() -> "indexed".equals(indexStatus(id)));
		String weekdays = OwnerSql.rows("SELECT id::text FROM kb.chunk WHERE article_id = '" + id + "' AND ordinal = 0")
			.get(0);
		String before = OwnerSql.rows("SELECT embedding::text FROM kb.chunk WHERE id = '" + weekdays + "'").get(0);
		this.agent.patch(id, Map.of("body", "## Weekdays\nNine to five.\n\n## Weekends\nTen to two on Saturdays."));
		assertThat(this.agent.search("saturdays").get("items").get(0).get("articleId").asString())
			.as("full text sees the change at once")
			.isEqualTo(id);
		await().atMost(PATIENCE).until(() -> "indexed".equals(indexStatus(id)));
		assertThat(OwnerSql.rows("SELECT content FROM kb.chunk WHERE article_id = '" + id + "' ORDER BY ordinal"))
			.containsExactly("Nine to five.", "Ten to two on Saturdays.");
		assertThat(
				OwnerSql.rows("SELECT embedding::text FROM kb.chunk WHERE article_id = '" + id + "' AND ordinal = 0"))
			.containsExactly(before);
		assertThat(OwnerSql
			.rows("SELECT count(*)::text FROM kb.chunk WHERE article_id = '" + id + "' AND embedding IS NULL"))
			.containsExactly("0");
		this.agent.patch(id, Map.of("status", "archived"));
		assertThat(OwnerSql.rows("SELECT count(*)::text FROM kb.chunk WHERE article_id = '" + id + "'"))
			.containsExactly("0");
		assertThat(indexStatus(id)).isEqualTo("none");
	}

	@Test
	void aFailedEmbeddingIsRecordedRetriedAndNeverLosesTheArticle() throws SQLException {
		this.model.failNext(1_000);
		String id = this.agent.published("Two-factor authentication", "Use an authenticator app.", "public")
			.get("id")
			.asString();
		await().atMost(PATIENCE).until(() -> "failed".equals(indexStatus(id)));
		JsonNode index = this.agent.get("/api/v1/kb/articles/" + id).json().get("index");
		assertThat(index.get("attempts").asInt()).isPositive();
		assertThat(index.get("error").asString()).contains("embedding model unavailable");
		assertThat(this.agent.search("authenticator").get("items").get(0).get("articleId").asString())
			.as("still found by its words meanwhile")
			.isEqualTo(id);
		this.model.failNext(0);
		OwnerSql.rows("UPDATE kb.article SET index_due_at = now() - interval '1 second' WHERE id = '" + id
				+ "' RETURNING id::text");
		this.indexer.sweep(100);
		assertThat(indexStatus(id)).isEqualTo("indexed");
		assertThat(this.agent.get("/api/v1/kb/articles/" + id).json().get("index").get("attempts").asInt()).isZero();
	}

	@Test
	void embeddingsFromAnotherModelAreMadeAgain() throws SQLException {
		String id = this.agent.published("Data export", "Export your data as CSV.", "public").get("id").asString();
		await().atMost(PATIENCE).until(() -> "indexed".equals(indexStatus(id)));
		OwnerSql.rows("UPDATE kb.chunk SET embedding_model = 'older-model' WHERE article_id = '" + id
				+ "' RETURNING id::text");
		OwnerSql
			.rows("UPDATE kb.article SET embedding_model = 'older-model' WHERE id = '" + id + "' RETURNING id::text");
		this.indexer.sweep(100);
		assertThat(OwnerSql.rows("SELECT DISTINCT embedding_model FROM kb.chunk WHERE article_id = '" + id + "'"))
			.containsExactly("bge-small-en-v1.5-q");
		assertThat(this.agent.get("/api/v1/kb/articles/" + id).json().get("index").get("model").asString())
			.isEqualTo("bge-small-en-v1.5-q");
	}

	String indexStatus(String id) {
		return this.agent.get("/api/v1/kb/articles/" + id).json().get("index").get("status").asString();
	}

}
