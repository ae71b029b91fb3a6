package com.flowsupport.kb.search;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import com.flowsupport.kb.indexing.Embeddings;
import com.flowsupport.shared.db.SqlValues;

/**
 * The SQL of hybrid search. Each leg filters by tenant and audience in the same statement
 * that ranks (and row-level security applies the same rule again underneath); results are
 * chunks of published articles only, since only those have chunks.
 */
@Repository
class HybridSearch {

	/**
	 * Words of a query looked at for typos: a pasted ticket is not corrected word by
	 * word.
	 */
	static final int TYPO_WORDS_MAX = 32;

	private final JdbcClient jdbc;

	HybridSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Transaction-local settings of the statements that follow: HNSW keeps scanning (in
	 * relaxed order, re-sorted here) until enough rows pass the filters, which is what
	 * keeps recall for a tenant holding a small share of the index; and the trigram bar
	 * for typo candidates.
	 */
	void prepare(SearchProperties properties) {
		this.jdbc.sql("""
				SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
					set_config('hnsw.ef_search', ?, true),
					set_config('pg_trgm.similarity_threshold', ?, true)""")
			.params(Integer.toString(properties.efSearch()), Double.toString(properties.typoSimilarity()))
			.query((rs, row) -> row)
			.list();
	}

	/**
	 * The query's words the audience's texts know, and for each unknown word its nearest
	 * known words: similar by trigrams and within an edit distance of 2 (1 for words of
	 * up to 4 letters), so "pasword" becomes "password" but "set" does not become
	 * "reset".
	 */
	List<Correction> corrections(UUID tenantId, String[] audiences, String queryLocale, String query) {
		return this.jdbc.sql("""
				WITH words AS (
					SELECT DISTINCT w.word FROM unnest(tsvector_to_array(to_tsvector('simple', :query))) AS w(word)
					WHERE length(w.word) BETWEEN 3 AND 40 AND w.word !~ '^[0-9]+$'
						AND numnode(plainto_tsquery(text_config(:queryLocale), w.word)) > 0
					LIMIT :wordsMax
				), known AS (
					SELECT w.word FROM words w WHERE EXISTS (SELECT 1 FROM term t
						WHERE t.tenant_id = :tenantId AND t.visibility = ANY (:audiences) AND t.term = w.word)
				)
				SELECT word, word AS term FROM known
				UNION ALL
				SELECT u.word, c.term FROM (SELECT word FROM words EXCEPT SELECT word FROM known) u
				CROSS JOIN LATERAL (
					SELECT t.term, max(similarity(t.term, u.word)) AS similarity FROM term t
					WHERE t.tenant_id = :tenantId AND t.visibility = ANY (:audiences) AND t.term % u.word
						AND levenshtein(t.term, u.word) <= CASE WHEN length(u.word) <= 4 THEN 1 ELSE 2 END
					GROUP BY t.term ORDER BY similarity DESC, t.term LIMIT 2) c""")
			.param("tenantId", tenantId)
			.param("audiences", audiences)
			.param("queryLocale", queryLocale)
			.param("query", query)
			.param("wordsMax", TYPO_WORDS_MAX)
			.query((rs, row) -> new Correction(rs.getString("word"), rs.getString("term")))
			.list();
	}

	/** The candidates of each leg, best first within a leg. */
	List<Candidate> candidates(Scope scope, String query, String typoQuery, float[] vector, int perLeg) {
		List<Candidate> rows = this.jdbc.sql("""
				WITH text_leg AS (
					SELECT c.id, c.article_id,
						ts_rank_cd(c.search, nullif(replace(plainto_tsquery(text_config(:queryLocale), :query)::text,
							' & ', ' | '), '')::tsquery) AS score
					FROM chunk c
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
						AND c.search @@ nullif(replace(plainto_tsquery(text_config(:queryLocale), :query)::text,
							' & ', ' | '), '')::tsquery
					ORDER BY score DESC, c.id LIMIT :perLeg
				), typo_leg AS (
					SELECT c.id, c.article_id,
						ts_rank_cd(c.search, to_tsquery(text_config(:queryLocale), :typoQuery)) AS score
					FROM chunk c
					WHERE :typoQuery <> '' AND c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
						AND c.search @@ to_tsquery(text_config(:queryLocale), :typoQuery)
					ORDER BY score DESC, c.id LIMIT :perLeg
				), vector_leg AS (
					SELECT c.id, c.article_id, 1 - (c.embedding <=> CAST(:vector AS vector)) AS score
					FROM chunk c
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale) AND c.embedding IS NOT NULL
					ORDER BY c.embedding <=> CAST(:vector AS vector) LIMIT :perLeg
				)
				SELECT 'TEXT' AS leg, id, article_id, score FROM text_leg
				UNION ALL SELECT 'TYPO', id, article_id, score FROM typo_leg
				UNION ALL SELECT 'VECTOR', id, article_id, score FROM vector_leg""")
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("locale", SqlValues.text(scope.locale()))
			.param("queryLocale", scope.queryLocale())
			.param("query", query)
			.param("typoQuery", typoQuery)
			.param("vector", Embeddings.literal(vector))
			.param("perLeg", perLeg)
			.query((rs, row) -> new Candidate(Leg.valueOf(rs.getString("leg")), rs.getObject("id", UUID.class),
					rs.getObject("article_id", UUID.class), rs.getDouble("score")))
			.list();
		List<Candidate> sorted = new ArrayList<>(rows);
		// Relaxed-order HNSW scans may hand rows back slightly out of order.
		sorted.sort((a, b) -> (a.leg() != b.leg()) ? a.leg().compareTo(b.leg()) : Double.compare(b.score(), a.score()));
		return sorted;
	}

	/**
	 * What is shown of the chosen chunks: the snippet is the chunk's text, HTML-escaped,
	 * with the query's (corrected) words marked; only {@code <mark>} tags are markup.
	 */
	Map<UUID, ChunkDetail> details(Scope scope, List<UUID> chunkIds, String typoQuery) {
		Map<UUID, ChunkDetail> details = new java.util.HashMap<>();
		this.jdbc
			.sql("""
					SELECT c.id, c.article_id, c.title, c.heading_path, c.content, c.locale, c.visibility, a.slug,
						ts_headline(text_config(c.locale),
							replace(replace(replace(c.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
							CASE WHEN :typoQuery = '' THEN plainto_tsquery('') ELSE to_tsquery(text_config(:queryLocale), :typoQuery) END,
							'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
							AS snippet
					FROM chunk c JOIN article a ON a.id = c.article_id AND a.tenant_id = c.tenant_id
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences) AND c.id = ANY (:ids)""")
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("queryLocale", scope.queryLocale())
			.param("typoQuery", typoQuery)
			.param("ids", chunkIds.toArray(UUID[]::new))
			.query((rs, row) -> new ChunkDetail(rs.getObject("id", UUID.class), rs.getObject("article_id", UUID.class),
					rs.getString("title"), List.of((String[]) rs.getArray("heading_path").getArray()),
					rs.getString("content"), rs.getString("snippet"), rs.getString("locale"),
					rs.getString("visibility"), rs.getString("slug")))
			.list()
			.forEach((detail) -> details.put(detail.chunkId(), detail));
		return details;
	}

	/**
	 * @param audiences the visibilities the caller reads
	 * @param locale only chunks of this locale, when given
	 * @param queryLocale the language the query is stemmed in
	 */
	record Scope(UUID tenantId, String[] audiences, @Nullable String locale, String queryLocale) {
	}

	record Correction(String word, String term) {
	}

	record Candidate(Leg leg, UUID chunkId, UUID articleId, double score) {
	}

	record ChunkDetail(UUID chunkId, UUID articleId, String title, List<String> headingPath, String content,
			String snippet, String locale, String visibility, String slug) {
	}

}
