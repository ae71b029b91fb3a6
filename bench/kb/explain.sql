-- The statements kb-service's search issues (HybridSearch: corrections, the word weights, the two
-- lexical legs in one statement, then the vector leg), explained as the runtime role with a customer's claims and search's transaction
-- settings, for a tenant and a query text. The query vector is a chunk's embedding from another
-- tenant (psql cannot run the model); the plans do not depend on which vector it is.
--
--   psql -d <benchmark database> -v tenant=<uuid> -v query='how do I see why my query is slow' \
--     -f bench/kb/explain.sql
--
-- The view is created as the runtime role, so that row-level security applies to it.
-- The SQL is a copy of HybridSearch's at the time of writing: re-copy it after changing search.
\pset pager off
SET search_path = kb, extensions, public;
SELECT embedding::text AS vector FROM chunk WHERE tenant_id <> :'tenant' AND embedding IS NOT NULL LIMIT 1 \gset
BEGIN;
SET LOCAL ROLE kb_app;
SELECT set_config('request.jwt.claims', json_build_object('tenant_id', :'tenant', 'app_role', 'customer',
	'role', 'authenticated', 'sub', gen_random_uuid())::text, true) IS NOT NULL AS claims_set;
-- The candidate list sized for the tenant's bucket, as HybridSearch.VECTOR_LEG_SETTINGS does with the
-- default settings (200 to 600 entries, one per 30 chunks).
SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true),
	set_config('hnsw.ef_search', (SELECT least(600, greatest(200, ceil(coalesce(max(i.reltuples), 0) / 30)))::int::text
		FROM pg_class i WHERE i.oid = to_regclass('chunk_embedding_' || tenant_bucket(:'tenant') || '_idx')), true),
	set_config('pg_trgm.similarity_threshold', '0.35', true);
SELECT current_setting('hnsw.ef_search') AS ef_search;

CREATE TEMP VIEW corrections AS
WITH words AS (
	SELECT w.word, w.stems FROM (
		SELECT DISTINCT w.word, tsvector_to_array(to_tsvector(text_config('en'), w.word)) AS stems
		FROM unnest(tsvector_to_array(to_tsvector('simple', :'query'))) AS w(word)
		WHERE length(w.word) BETWEEN 3 AND 40 AND w.word !~ '^[0-9]+$') w
	WHERE cardinality(w.stems) > 0
	LIMIT 32
), known AS (
	SELECT w.word FROM words w WHERE EXISTS (SELECT 1 FROM unnest(ARRAY['public', 'signed_in']) AS a(visibility)
		JOIN term t ON t.tenant_id = :'tenant' AND t.visibility = a.visibility AND t.term = w.word)
	OR EXISTS (SELECT 1 FROM lexeme_count l WHERE l.tenant_id = :'tenant' AND l.lexeme = ANY (w.stems)
		AND l.visibility = ANY (ARRAY['public', 'signed_in']))
)
SELECT word, word AS term, 1 AS similarity FROM known
UNION ALL
SELECT u.word, c.term, c.similarity FROM (SELECT word FROM words EXCEPT SELECT word FROM known) u
CROSS JOIN LATERAL (
	SELECT t.term, max(similarity(t.term, u.word)) AS similarity FROM term t
	WHERE t.tenant_id = :'tenant' AND t.visibility = ANY (ARRAY['public', 'signed_in']) AND t.term % u.word
		AND levenshtein(t.term, u.word) <= CASE WHEN length(u.word) <= 4 THEN 1 ELSE 2 END
	GROUP BY t.term ORDER BY similarity DESC, t.term LIMIT 2) c
ORDER BY word, similarity DESC, term;

\echo '--- corrections'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM corrections;
SELECT coalesce(string_agg(DISTINCT quote_literal(term), ' | '), '') AS typo FROM corrections \gset
SELECT replace(replace(:'typo', '''', ' '), '|', ' ') AS typowords \gset

CREATE TEMP VIEW terms AS
WITH scope AS MATERIALIZED (
	SELECT coalesce(sum(s.chunks), 0)::float8 AS n FROM chunk_count s
	WHERE s.tenant_id = :'tenant' AND s.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR s.locale = NULL)
), words AS (
	SELECT 'TEXT' AS leg, w AS lexeme
	FROM unnest(tsvector_to_array(to_tsvector(text_config('en'), :'query'))) AS w
	UNION
	SELECT 'TYPO', w FROM unnest(tsvector_to_array(CASE WHEN :'typo' = '' THEN ''::tsvector
		ELSE to_tsvector(text_config('en'), :'typowords') END)) AS w
), frequencies AS (
	SELECT w.lexeme, bool_or(w.leg = 'TEXT') AS text, bool_or(w.leg = 'TYPO') AS typo,
		(SELECT coalesce(sum(l.chunks), 0) FROM lexeme_count l
		WHERE l.tenant_id = :'tenant' AND l.lexeme = w.lexeme AND l.visibility = ANY (ARRAY['public', 'signed_in'])
			AND (CAST(NULL AS text) IS NULL OR l.locale = NULL))::float8 AS df
	FROM words w GROUP BY w.lexeme
)
SELECT f.lexeme, f.df, ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5)) AS idf, f.text, f.typo
FROM frequencies f, scope s
WHERE f.df > 0 AND f.df <= greatest(0.4 * s.n, 1)
ORDER BY f.df, f.lexeme;

\echo '--- terms: the query words the lexical legs count, with their chunk counts (rarest first)'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM terms;
SELECT * FROM terms;
-- The words that choose the lexical candidates, as HybridSearch.choosing picks them (500 chunks).
SELECT coalesce(string_agg(quote_literal(lexeme), ' | ' ORDER BY df, lexeme)
		FILTER (WHERE rarer = 0 OR rarer + df <= 500), '') AS chosen,
	coalesce(array_agg(lexeme ORDER BY df, lexeme), '{}')::text AS lexemes,
	coalesce(array_agg(idf ORDER BY df, lexeme), '{}')::text AS idfs,
	coalesce(array_agg(text ORDER BY df, lexeme), '{}')::text AS text,
	coalesce(array_agg(typo ORDER BY df, lexeme), '{}')::text AS typo_legs
FROM (SELECT t.*, sum(t.df) OVER (ORDER BY t.df, t.lexeme) - t.df AS rarer FROM terms t) ranked \gset
\echo 'chosen:' :'chosen'

\echo '--- the lexical legs'
EXPLAIN (ANALYZE, BUFFERS)
WITH terms AS MATERIALIZED (
	SELECT t.lexeme, quote_literal(t.lexeme)::tsquery AS q, t.idf, t.text, t.typo
	FROM unnest(CAST(:'lexemes' AS text[]), CAST(:'idfs' AS float8[]), CAST(:'text' AS boolean[]),
		CAST(:'typo_legs' AS boolean[])) AS t(lexeme, idf, text, typo)
), candidates AS MATERIALIZED (
	SELECT c.id, c.article_id, c.search || ''::tsvector AS search FROM chunk c
	WHERE c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR c.locale = NULL)
		AND c.search @@ CAST(:'chosen' AS tsquery)
	LIMIT 500
), scores AS MATERIALIZED (
	SELECT k.id, k.article_id, t.text, t.typo, t.idf * ts_rank(k.search, t.q, 1) AS score
	FROM candidates k JOIN terms t ON k.search @@ t.q
), text_leg AS (
	SELECT id, article_id, sum(score) AS score FROM scores WHERE text
	GROUP BY id, article_id ORDER BY score DESC, id LIMIT 40
), typo_leg AS (
	SELECT id, article_id, sum(score) AS score FROM scores WHERE typo
	GROUP BY id, article_id ORDER BY score DESC, id LIMIT 40
)
SELECT 'TEXT' AS leg, id, article_id, score FROM text_leg
UNION ALL SELECT 'TYPO', id, article_id, score FROM typo_leg;

\echo '--- the vector leg'
EXPLAIN (ANALYZE, BUFFERS)
SELECT c.id, c.article_id, 1 - (c.embedding <=> CAST(:'vector' AS vector)) AS score
FROM chunk c
WHERE c.tenant_id = :'tenant' AND c.bucket = tenant_bucket(:'tenant') AND c.visibility = ANY (ARRAY['public', 'signed_in'])
	AND (CAST(NULL AS text) IS NULL OR c.locale = NULL) AND c.embedding IS NOT NULL
ORDER BY c.embedding <=> CAST(:'vector' AS vector) LIMIT 120;
ROLLBACK;
