package com.flowsupport.kb.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

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

	/** Share of the chunks above which a word no longer counts in the lexical legs. */
	static final double COMMON_SHARE = 0.4;

	/**
	 * The vector leg: the tenant's nearest chunks the caller may read. It names the
	 * tenant's bucket, so that the planner walks that bucket's HNSW index (migration V4).
	 */
	static final String VECTOR_LEG = """
			SELECT c.id, c.article_id, 1 - (c.embedding <=> CAST(:vector AS vector)) AS score
			FROM chunk c
			WHERE c.tenant_id = :tenantId AND c.bucket = tenant_bucket(:tenantId) AND c.visibility = ANY (:audiences)
				AND (CAST(:locale AS text) IS NULL OR c.locale = :locale) AND c.embedding IS NOT NULL
			ORDER BY c.embedding <=> CAST(:vector AS vector) LIMIT :perLeg
			""";

	private final JdbcClient jdbc;

	HybridSearch(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * The trigram bar for typo candidates, for the corrections that follow in the
	 * transaction.
	 */
	void prepareCorrections(SearchProperties properties) {
		this.jdbc.sql("SELECT set_config('pg_trgm.similarity_threshold', ?, true)")
			.param(Double.toString(properties.typoSimilarity()))
			.query((rs, row) -> row)
			.list();
	}

	/**
	 * A plan for each execution of the statements that follow in the transaction, made
	 * for their values: the best plans for the candidates depend on them. The vector leg
	 * walks the HNSW graph of the tenant's bucket (which only a plan for the tenant's id
	 * can choose) or, for a tenant with very few chunks, reads them all, and the chosen
	 * words are looked up in the full-text index. Once the driver prepares a statement on
	 * the server (from its fifth execution on a connection), Postgres may otherwise
	 * switch to one generic plan for all values. The statements before (the corrections,
	 * the word weights) look up keys, which a generic plan does as well, so they are
	 * spared planning each time (1 to 4 ms each in EXPLAIN ANALYZE).
	 */
	private void planEachExecution() {
		this.jdbc.sql("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)").query((rs, row) -> row).list();
	}

	/**
	 * Transaction-local settings of the vector leg and the details, in one round trip:
	 * HNSW keeps scanning (in relaxed order, re-sorted here) until enough rows pass the
	 * filters, which is what keeps recall for a tenant holding a small share of its
	 * bucket; its candidate list is sized for the bucket's graph
	 * ({@link SearchProperties#efSearchMin()}), whose size the catalog keeps as the
	 * index's row count (updated by autovacuum; an index never counted gets the smallest
	 * list); and each execution is planned for its values ({@link #planEachExecution}).
	 */
	void prepareVectorLeg(Scope scope, SearchProperties properties) {
		this.jdbc.sql(VECTOR_LEG_SETTINGS)
			.param("efMax", properties.efSearch())
			.param("efMin", properties.efSearchMin())
			.param("chunksPerEf", (double) properties.chunksPerEfSearch())
			.param("tenantId", scope.tenantId())
			.query((rs, row) -> row)
			.list();
	}

	/** The statement of {@link #prepareVectorLeg}. */
	static final String VECTOR_LEG_SETTINGS = """
			SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
				set_config('hnsw.ef_search', (SELECT least(:efMax, greatest(:efMin,
					ceil(coalesce(max(i.reltuples), 0) / :chunksPerEf)))::int::text
					FROM pg_class i WHERE i.oid = to_regclass('chunk_embedding_' || tenant_bucket(:tenantId) || '_idx')),
					true),
				set_config('plan_cache_mode', 'force_custom_plan', true)""";

	/**
	 * The query's words the audience's texts know, as written or by their stem ("refuses"
	 * where the texts say "refused": another form of a word is not a misspelling), and
	 * for each unknown word its nearest known words: similar by trigrams and within an
	 * edit distance of 2 (1 for words of up to 4 letters), so "pasword" becomes
	 * "password" but "set" does not become "reset". A word is looked up once per
	 * audience, on the whole primary key: matched on the audiences as a list, the planner
	 * took the trigram index instead, 0.45 ms against 0.11 per word. Each word's nearest
	 * known word comes first. A word's stems are worked out with the words (a stop word
	 * has none), so that the count table is read on its key: row-level security keeps a
	 * condition calling functions that are not leakproof ({@code to_tsvector}) out of the
	 * index scan, and the lookup then read every count of the tenant, 12 ms an unknown
	 * word for a tenant of 25,000 chunks against 0.02.
	 */
	static final String CORRECTIONS = """
			WITH words AS (
				SELECT w.word, w.stems FROM (
					SELECT DISTINCT w.word, tsvector_to_array(to_tsvector(text_config(:queryLocale), w.word)) AS stems
					FROM unnest(tsvector_to_array(to_tsvector('simple', :query))) AS w(word)
					WHERE length(w.word) BETWEEN 3 AND 40 AND w.word !~ '^[0-9]+$') w
				WHERE cardinality(w.stems) > 0
				LIMIT :wordsMax
			), known AS (
				SELECT w.word FROM words w WHERE EXISTS (SELECT 1 FROM unnest(CAST(:audiences AS text[])) AS a(visibility)
					JOIN term t ON t.tenant_id = :tenantId AND t.visibility = a.visibility AND t.term = w.word)
				OR EXISTS (SELECT 1 FROM lexeme_count l WHERE l.tenant_id = :tenantId AND l.lexeme = ANY (w.stems)
					AND l.visibility = ANY (:audiences))
			)
			SELECT word, word AS term, 1 AS similarity FROM known
			UNION ALL
			SELECT u.word, c.term, c.similarity FROM (SELECT word FROM words EXCEPT SELECT word FROM known) u
			CROSS JOIN LATERAL (
				SELECT t.term, max(similarity(t.term, u.word)) AS similarity FROM term t
				WHERE t.tenant_id = :tenantId AND t.visibility = ANY (:audiences) AND t.term % u.word
					AND levenshtein(t.term, u.word) <= CASE WHEN length(u.word) <= 4 THEN 1 ELSE 2 END
				GROUP BY t.term ORDER BY similarity DESC, t.term LIMIT 2) c
			ORDER BY word, similarity DESC, term""";

	/** The query's words, known or with their {@linkplain #CORRECTIONS corrections}. */
	List<Correction> corrections(UUID tenantId, String[] audiences, String queryLocale, String query) {
		return this.jdbc.sql(CORRECTIONS)
			.param("tenantId", tenantId)
			.param("audiences", audiences)
			.param("queryLocale", queryLocale)
			.param("query", query)
			.param("wordsMax", TYPO_WORDS_MAX)
			.query((rs, row) -> new Correction(rs.getString("word"), rs.getString("term")))
			.list();
	}

	/**
	 * The query's words the lexical legs count, with their weights. The legs score like
	 * BM25 rather than with {@code ts_rank} alone: each query word counts by how rare it
	 * is among the audience's chunks of the tenant (inverse document frequency) times how
	 * well the chunk matches it ({@code ts_rank}: title over headings over text, long
	 * chunks damped). Without that, words every article uses ("database", "table") decide
	 * the order. The counts come from {@code chunk_count} and {@code lexeme_count}, kept
	 * as chunks are written, so this reads a few index entries per word whatever the
	 * tenant's size. Words in more than {@link #COMMON_SHARE} of the chunks say too
	 * little to count.
	 */
	List<Term> terms(Scope scope, String query, String typoQuery) {
		return this.jdbc.sql("""
				WITH scope AS MATERIALIZED (
					SELECT coalesce(sum(s.chunks), 0)::float8 AS n FROM chunk_count s
					WHERE s.tenant_id = :tenantId AND s.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR s.locale = :locale)
				), words AS (
					SELECT 'TEXT' AS leg, w AS lexeme
					FROM unnest(tsvector_to_array(to_tsvector(text_config(:queryLocale), :query))) AS w
					UNION
					SELECT 'TYPO', w FROM unnest(tsvector_to_array(CASE WHEN :typoQuery = '' THEN ''::tsvector
						ELSE to_tsvector(text_config(:queryLocale), :typoWords) END)) AS w
				), frequencies AS (
					SELECT w.lexeme, bool_or(w.leg = 'TEXT') AS text, bool_or(w.leg = 'TYPO') AS typo,
						(SELECT coalesce(sum(l.chunks), 0) FROM lexeme_count l
						WHERE l.tenant_id = :tenantId AND l.lexeme = w.lexeme AND l.visibility = ANY (:audiences)
							AND (CAST(:locale AS text) IS NULL OR l.locale = :locale))::float8 AS df
					FROM words w GROUP BY w.lexeme
				)
				SELECT f.lexeme, f.df, ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5)) AS idf, f.text, f.typo
				FROM frequencies f, scope s
				WHERE f.df > 0 AND f.df <= greatest(:commonShare * s.n, 1)
				ORDER BY f.df, f.lexeme""")
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("locale", SqlValues.text(scope.locale()))
			.param("queryLocale", scope.queryLocale())
			.param("query", query)
			.param("typoQuery", typoQuery)
			.param("typoWords", typoQuery.replace("'", " ").replace("|", " "))
			.param("commonShare", COMMON_SHARE)
			.query((rs, row) -> new Term(rs.getString("lexeme"), rs.getDouble("df"), rs.getDouble("idf"),
					rs.getBoolean("text"), rs.getBoolean("typo")))
			.list();
	}

	/**
	 * The words that choose which chunks the lexical legs rank: the rarest first, each
	 * with all of its chunks while they fit in {@code lexicalCandidates} (the rarest word
	 * also when it alone does not, its chunks then capped). A chunk's score depends most
	 * on its rare words, so the best chunks hold them; ranking every chunk that holds a
	 * common word is what made a tenant of 25,000 chunks cost hundreds of milliseconds.
	 * @param terms rarest first
	 */
	static List<Term> choosing(List<Term> terms, int lexicalCandidates) {
		List<Term> chosen = new ArrayList<>();
		double chunks = 0;
		for (Term term : terms) {
			chunks += term.df();
			if (!chosen.isEmpty() && chunks > lexicalCandidates) {
				break;
			}
			chosen.add(term);
		}
		return chosen;
	}

	/**
	 * The candidates of the two lexical legs, by leg, best first within a leg. They rank
	 * only the chunks holding a {@linkplain #choosing chosen} word (at most
	 * {@code settings.lexicalCandidates()}), scored by all their {@code terms}: both legs
	 * rank the one set of candidates, each with its own words. The chosen words reach the
	 * statement as a constant, so that the planner looks them up in the full-text index.
	 * Each candidate's search vector is decompressed once, as the candidates are kept
	 * (the concatenation makes a new value), rather than once for every query word that
	 * scores it.
	 */
	List<Candidate> lexicalCandidates(Scope scope, List<Term> terms, SearchProperties settings) {
		int lexicalCandidates = settings.lexicalCandidates();
		List<String> chosen = choosing(terms, lexicalCandidates).stream().map(Term::lexeme).toList();
		if (chosen.isEmpty()) {
			return List.of();
		}
		planEachExecution();
		List<Candidate> rows = new ArrayList<>(this.jdbc.sql("""
				WITH terms AS MATERIALIZED (
					SELECT t.lexeme, quote_literal(t.lexeme)::tsquery AS q, t.idf, t.text, t.typo
					FROM unnest(CAST(:lexemes AS text[]), CAST(:idfs AS float8[]), CAST(:text AS boolean[]),
						CAST(:typo AS boolean[])) AS t(lexeme, idf, text, typo)
				), candidates AS MATERIALIZED (
					SELECT c.id, c.article_id, c.search || ''::tsvector AS search FROM chunk c
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences)
						AND (CAST(:locale AS text) IS NULL OR c.locale = :locale)
						AND c.search @@ CAST(:chosen AS tsquery)
					LIMIT :lexicalCandidates
				), scores AS MATERIALIZED (
					SELECT k.id, k.article_id, t.text, t.typo, t.idf * ts_rank(k.search, t.q, 1) AS score
					FROM candidates k JOIN terms t ON k.search @@ t.q
				), text_leg AS (
					SELECT id, article_id, sum(score) AS score FROM scores WHERE text
					GROUP BY id, article_id ORDER BY score DESC, id LIMIT :perLeg
				), typo_leg AS (
					SELECT id, article_id, sum(score) AS score FROM scores WHERE typo
					GROUP BY id, article_id ORDER BY score DESC, id LIMIT :perLeg
				)
				SELECT 'TEXT' AS leg, id, article_id, score FROM text_leg
				UNION ALL SELECT 'TYPO', id, article_id, score FROM typo_leg""")
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("locale", SqlValues.text(scope.locale()))
			.param("lexemes", terms.stream().map(Term::lexeme).toArray(String[]::new))
			.param("idfs", terms.stream().map(Term::idf).toArray(Double[]::new))
			.param("text", terms.stream().map(Term::text).toArray(Boolean[]::new))
			.param("typo", terms.stream().map(Term::typo).toArray(Boolean[]::new))
			.param("chosen", anyOf(chosen))
			.param("lexicalCandidates", lexicalCandidates)
			.param("perLeg", settings.candidates())
			.query((rs, row) -> new Candidate(Leg.valueOf(rs.getString("leg")), rs.getObject("id", UUID.class),
					rs.getObject("article_id", UUID.class), rs.getDouble("score")))
			.list());
		// Each leg is ordered in its own subquery; a union does not promise to keep that.
		rows.sort((a, b) -> (a.leg() != b.leg()) ? a.leg().compareTo(b.leg()) : Double.compare(b.score(), a.score()));
		return rows;
	}

	/**
	 * The candidates of the vector leg, nearest first, after {@link #prepareVectorLeg}:
	 * relaxed-order HNSW scans may hand rows back slightly out of order, so they are
	 * sorted again here.
	 */
	List<Candidate> vectorCandidates(Scope scope, float[] vector, SearchProperties settings) {
		List<Candidate> rows = new ArrayList<>(this.jdbc.sql(VECTOR_LEG)
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("locale", SqlValues.text(scope.locale()))
			.param("vector", Embeddings.literal(vector))
			.param("perLeg", settings.vectorCandidates())
			.query((rs, row) -> new Candidate(Leg.VECTOR, rs.getObject("id", UUID.class),
					rs.getObject("article_id", UUID.class), rs.getDouble("score")))
			.list());
		rows.sort((a, b) -> Double.compare(b.score(), a.score()));
		return rows;
	}

	/** A text-search query matching any of the words: {@code 'passwords' | 'reset'}. */
	static String anyOf(Collection<String> words) {
		return words.stream()
			.map((word) -> "'" + word.replace("\\", "\\\\").replace("'", "''") + "'")
			.collect(Collectors.joining(" | "));
	}

	/**
	 * What is shown of the chosen chunks: the snippet is the chunk's text, HTML-escaped,
	 * with the query's (corrected) words marked; only {@code <mark>} tags are markup.
	 * Without {@code snippets} it is empty: {@code ts_headline} parses each whole chunk
	 * again, work the retrieval API (20 chunks for ai-rag-service, their text returned
	 * whole) has no use for.
	 */
	Map<UUID, ChunkDetail> details(Scope scope, List<UUID> chunkIds, String typoQuery, boolean snippets) {
		Map<UUID, ChunkDetail> details = new java.util.HashMap<>();
		this.jdbc
			.sql("""
					SELECT c.id, c.article_id, c.title, c.heading_path, c.content, c.locale, c.visibility, a.slug,
						CASE WHEN :snippets THEN ts_headline(text_config(c.locale),
							replace(replace(replace(c.content, '&', '&amp;'), '<', '&lt;'), '>', '&gt;'),
							CASE WHEN :typoQuery = '' THEN plainto_tsquery('') ELSE to_tsquery(text_config(:queryLocale), :typoQuery) END,
							'StartSel=<mark>, StopSel=</mark>, MaxWords=35, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "')
							ELSE '' END AS snippet
					FROM chunk c JOIN article a ON a.id = c.article_id AND a.tenant_id = c.tenant_id
					WHERE c.tenant_id = :tenantId AND c.visibility = ANY (:audiences) AND c.id = ANY (:ids)""")
			.param("tenantId", scope.tenantId())
			.param("audiences", scope.audiences())
			.param("queryLocale", scope.queryLocale())
			.param("typoQuery", typoQuery)
			.param("snippets", snippets)
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

	/**
	 * A query word as the lexical legs count it.
	 *
	 * @param df in how many of the audience's chunks it occurs
	 * @param text whether the full-text leg counts it
	 * @param typo whether the typo leg counts it (as the query's word or a correction)
	 */
	record Term(String lexeme, double df, double idf, boolean text, boolean typo) {
	}

	record ChunkDetail(UUID chunkId, UUID articleId, String title, List<String> headingPath, String content,
			String snippet, String locale, String visibility, String slug) {
	}

}
