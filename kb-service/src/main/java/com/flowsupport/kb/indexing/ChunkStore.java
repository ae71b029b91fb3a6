package com.flowsupport.kb.indexing;

import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.SqlParameterValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.kb.Sha256;
import com.flowsupport.shared.db.SqlValues;
import com.flowsupport.shared.events.Uuids;

/** Chunks and the indexing columns of articles, in SQL. */
@Repository
class ChunkStore {

	static final String HEADING_SEPARATOR = " › ";

	private final JdbcClient jdbc;

	private final JdbcTemplate batch;

	ChunkStore(JdbcClient jdbc, JdbcTemplate batch) {
		this.jdbc = jdbc;
		this.batch = batch;
	}

	/** What indexing needs of an article, if the caller may see it. */
	Optional<Source> source(UUID tenantId, UUID articleId) {
		return this.jdbc.sql("SELECT title, body, status FROM article WHERE tenant_id = ? AND id = ?")
			.params(tenantId, articleId)
			.query((rs, row) -> new Source(rs.getString("title"), rs.getString("body"),
					"published".equals(rs.getString("status"))))
			.optional();
	}

	/**
	 * Replaces the article's chunks; a chunk whose embedded text is unchanged keeps its
	 * embedding. Returns how many chunks still need one.
	 */
	int replace(UUID tenantId, UUID articleId, String title, List<Chunker.Piece> pieces, String model) {
		Map<String, String> kept = this.jdbc.sql("""
				SELECT content_hash, embedding::text AS embedding FROM chunk
				WHERE tenant_id = ? AND article_id = ? AND embedding IS NOT NULL AND embedding_model = ?""")
			.params(tenantId, articleId, model)
			.query((rs, row) -> Map.entry(rs.getString("content_hash"), rs.getString("embedding")))
			.list()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
		this.jdbc.sql("DELETE FROM chunk WHERE tenant_id = ? AND article_id = ?").params(tenantId, articleId).update();
		List<Object[]> rows = new ArrayList<>();
		int missing = 0;
		for (int i = 0; i < pieces.size(); i++) {
			Chunker.Piece piece = pieces.get(i);
			String heading = String.join(HEADING_SEPARATOR, piece.headingPath());
			String hash = Sha256.hex(embeddedText(title, heading, piece.text()));
			String embedding = kept.get(hash);
			if (embedding == null) {
				missing++;
			}
			rows.add(new Object[] { Uuids.timeOrdered(), tenantId, articleId, i, title,
					piece.headingPath().toArray(String[]::new), heading, piece.text(), hash,
					new SqlParameterValue(Types.VARCHAR, embedding),
					new SqlParameterValue(Types.VARCHAR, (embedding != null) ? model : null) });
		}
		// Locale and visibility are the article's; the insert trigger copies them.
		this.batch.batchUpdate("""
				INSERT INTO chunk (id, tenant_id, article_id, ordinal, locale, visibility, title, heading_path, heading,
					content, content_hash, embedding, embedding_model)
				VALUES (?, ?, ?, ?, '', '', ?, ?, ?, ?, ?, ?::vector, ?)""", rows);
		return missing;
	}

	/** The chunks of the article that have no embedding from this model. */
	List<Pending> pending(UUID tenantId, UUID articleId, String model) {
		return this.jdbc.sql("""
				SELECT id, title, heading, content, content_hash FROM chunk
				WHERE tenant_id = ? AND article_id = ? AND (embedding IS NULL OR embedding_model IS DISTINCT FROM ?)
				ORDER BY ordinal""")
			.params(tenantId, articleId, model)
			.query((rs, row) -> new Pending(rs.getObject("id", UUID.class), rs.getString("content_hash"),
					embeddedText(rs.getString("title"), rs.getString("heading"), rs.getString("content"))))
			.list();
	}

	/**
	 * Stores embeddings for chunks that still hold the text they were computed from (a
	 * chunk replaced meanwhile is left to the indexing of its own change).
	 */
	void store(UUID tenantId, List<Pending> chunks, List<float[]> vectors, String model) {
		List<Object[]> rows = new ArrayList<>();
		for (int i = 0; i < chunks.size(); i++) {
			rows.add(new Object[] { Embeddings.literal(vectors.get(i)), model, tenantId, chunks.get(i).id(),
					chunks.get(i).hash() });
		}
		this.batch.batchUpdate("""
				UPDATE chunk SET embedding = ?::vector, embedding_model = ?
				WHERE tenant_id = ? AND id = ? AND content_hash = ?""", rows);
	}

	/**
	 * Locks the article's row, serialising indexers of one article; false if unpublished.
	 */
	boolean lockPublished(UUID tenantId, UUID articleId) {
		return this.jdbc.sql("SELECT status FROM article WHERE tenant_id = ? AND id = ? FOR UPDATE")
			.params(tenantId, articleId)
			.query(String.class)
			.optional()
			.filter("published"::equals)
			.isPresent();
	}

	/** Indexed when no chunk lacks an embedding from the model, pending otherwise. */
	void markProgress(UUID tenantId, UUID articleId, String model, Instant now, Instant dueIfPending) {
		this.jdbc.sql("""
				UPDATE article SET
					index_status = CASE WHEN pending THEN 'pending' ELSE 'indexed' END,
					index_attempts = 0, index_error = NULL,
					index_due_at = CASE WHEN pending THEN ? END,
					indexed_at = CASE WHEN pending THEN indexed_at ELSE ? END,
					embedding_model = CASE WHEN pending THEN embedding_model ELSE ? END
				FROM (SELECT EXISTS (SELECT 1 FROM chunk WHERE tenant_id = ? AND article_id = ?
					AND (embedding IS NULL OR embedding_model IS DISTINCT FROM ?)) AS pending) AS state
				WHERE tenant_id = ? AND id = ? AND status = 'published'""")
			.params(SqlValues.time(dueIfPending), SqlValues.time(now), model, tenantId, articleId, model, tenantId,
					articleId)
			.update();
	}

	void markUnpublished(UUID tenantId, UUID articleId) {
		this.jdbc.sql("""
				UPDATE article SET index_status = 'none', index_attempts = 0, index_error = NULL, index_due_at = NULL
				WHERE tenant_id = ? AND id = ? AND status <> 'published'""").params(tenantId, articleId).update();
	}

	/** Records a failed attempt and when to try again. */
	void markFailed(UUID tenantId, UUID articleId, String error, IndexingProperties properties, Instant now) {
		int attempts = this.jdbc.sql("""
				UPDATE article SET index_status = 'failed', index_attempts = index_attempts + 1, index_error = ?
				WHERE tenant_id = ? AND id = ? AND status = 'published' RETURNING index_attempts""")
			.params(error, tenantId, articleId)
			.query(Integer.class)
			.optional()
			.orElse(0);
		if (attempts > 0) {
			this.jdbc.sql("UPDATE article SET index_due_at = ? WHERE tenant_id = ? AND id = ?")
				.params(SqlValues.time(now.plus(properties.backoff(attempts))), tenantId, articleId)
				.update();
		}
	}

	/**
	 * Published articles across tenants whose embeddings are due: pending or failed past
	 * their due time, or made by another model. Read as the platform identity.
	 */
	List<Due> due(String model, Instant now, int limit) {
		return this.jdbc.sql("""
				SELECT tenant_id, id FROM article
				WHERE status = 'published' AND (
					(index_status IN ('pending', 'failed') AND index_due_at <= ?)
					OR (index_status = 'indexed' AND embedding_model IS DISTINCT FROM ?))
				ORDER BY index_due_at NULLS FIRST LIMIT ?""")
			.params(SqlValues.time(now), model, limit)
			.query((rs, row) -> new Due(rs.getObject("tenant_id", UUID.class), rs.getObject("id", UUID.class)))
			.list();
	}

	/**
	 * What the model reads for a chunk: the article's title and headings give it context.
	 */
	static String embeddedText(String title, @Nullable String heading, String content) {
		StringBuilder text = new StringBuilder(title);
		if (heading != null && !heading.isEmpty()) {
			text.append('\n').append(heading);
		}
		if (!content.isEmpty()) {
			text.append('\n').append(content);
		}
		return text.toString();
	}

	record Source(String title, String body, boolean published) {
	}

	record Pending(UUID id, String hash, String text) {
	}

	record Due(UUID tenantId, UUID articleId) {
	}

}
