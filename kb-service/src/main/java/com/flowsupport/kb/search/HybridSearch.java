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

	/** Share of the chunks above which a word no longer chooses candidates. */
	static final double COMMON_SHARE = 0.4;

	/**
	 * Memory for the lexical legs' sorts: a large tenant's common words match thousands
	 * of chunks, whose ranking would spill to disk at the server's default of 4 MB.
	 */
	static final String WORK_MEM = "32MB";

	private final JdbcClient jdbc;

	HybridSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Transaction-local settings of the statements that follow: HNSW keeps scanning (in
	 * relaxed order, re-sorted here) until enough rows pass the filters, which is what
	 * keeps recall for a tenant holding a small share of the index; the trigram bar for
	 * typo candidates; and {@link #WORK_MEM}.
	 */
	void prepare(SearchProperties properties) {
		this.jdbc.sql("""
				SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
					set_config('hnsw.ef_search', ?, true),
					set_config('pg_trgm.similarity_threshold', ?, true),
					set_config('work_mem', ?, true)""")
			.params(Integer.toString(properties.efSearch()), Double.toString(properties.typoSimilarity()), WORK_MEM)
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

	/**
	 * The candidates of each leg, best first within a leg. The lexical legs score like
	 * BM25 rather than with {@code ts_rank} alone: each query word counts by how rare it
	 * is among the audience's chunks of the tenant (inverse document frequency) times how
	 * well the chunk matches it ({@code ts_rank}: title over headings over text, long
	 * chunks damped). Without that, words every article uses ("database", "table") decide
	 * the order. Words in more than {@link #COMMON_SHARE} of the chunks say too little to
	 * choose candidates by.
	 */
	List<Candidate> candidates(Scope scope, String query, String typoQuery, float[] vector, int perLeg) {
		List<Candidate> rows = this.jdbc.sql("""
				WITH scope AS MATERIALIZED (
					SELECT count(*)::float8 AS n FROM chunk c
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
				), words AS (
					SELECT 'TEXT' AS leg, w AS lexeme
					FROM unnest(tsvector_to_array(to_tsvector(text_config(:queryLocale), :query))) AS w
					UNION
					SELECT 'TYPO', w FROM unnest(tsvector_to_array(CASE WHEN :typoQuery = '' THEN ''::tsvector
						ELSE to_tsvector(text_config(:queryLocale), :typoWords) END)) AS w
				), frequencies AS MATERIALIZED (
					SELECT d.lexeme, d.q, (SELECT count(*) FROM chunk c
						WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
							AND (CAST(:locale AS text) IS NULL OR c.locale = :locale) AND c.search @@ d.q) AS df
					FROM (SELECT DISTINCT lexeme, quote_literal(lexeme)::tsquery AS q FROM words) d
				), terms AS MATERIALIZED (
					SELECT w.leg, f.q, ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5)) AS idf
					FROM words w JOIN frequencies f ON f.lexeme = w.lexeme, scope s
					WHERE f.df > 0 AND f.df <= greatest(:commonShare * s.n, 1)
				), text_leg AS (
					SELECT c.id, c.article_id, sum(t.idf * ts_rank(c.search, t.q, 1)) AS score
					FROM terms t JOIN chunk c ON c.search @@ t.q
					WHERE t.leg = 'TEXT' AND c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
					GROUP BY c.id, c.article_id ORDER BY score DESC, c.id LIMIT :perLeg
				), typo_leg AS (
					SELECT c.id, c.article_id, sum(t.idf * ts_rank(c.search, t.q, 1)) AS score
					FROM terms t JOIN chunk c ON c.search @@ t.q
					WHERE t.leg = 'TYPO' AND c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
					GROUP BY c.id, c.article_id ORDER BY score DESC, c.id LIMIT :perLeg
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
			.param("typoWords", typoQuery.replace("'", " ").replace("|", " "))
			.param("commonShare", COMMON_SHARE)
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
