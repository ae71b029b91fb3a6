-- The statements kb-service's search issues (HybridSearch: corrections, then the three legs in one
-- statement), explained as the runtime role with a customer's claims and search's transaction
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
SELECT set_config('hnsw.iterative_scan', 'relaxed_order', true), set_config('hnsw.ef_search', '100', true),
	set_config('pg_trgm.similarity_threshold', '0.35', true);

CREATE TEMP VIEW corrections AS
WITH words AS (
	SELECT DISTINCT w.word FROM unnest(tsvector_to_array(to_tsvector('simple', :'query'))) AS w(word)
	WHERE length(w.word) BETWEEN 3 AND 40 AND w.word !~ '^[0-9]+$'
		AND numnode(plainto_tsquery(text_config('en'), w.word)) > 0
	LIMIT 32
), known AS (
	SELECT w.word FROM words w WHERE EXISTS (SELECT 1 FROM term t
		WHERE t.tenant_id = :'tenant' AND t.visibility = ANY (ARRAY['public', 'signed_in']) AND t.term = w.word)
)
SELECT word, word AS term FROM known
UNION ALL
SELECT u.word, c.term FROM (SELECT word FROM words EXCEPT SELECT word FROM known) u
CROSS JOIN LATERAL (
	SELECT t.term, max(similarity(t.term, u.word)) AS similarity FROM term t
	WHERE t.tenant_id = :'tenant' AND t.visibility = ANY (ARRAY['public', 'signed_in']) AND t.term % u.word
		AND levenshtein(t.term, u.word) <= CASE WHEN length(u.word) <= 4 THEN 1 ELSE 2 END
	GROUP BY t.term ORDER BY similarity DESC, t.term LIMIT 2) c;

\echo '--- corrections'
EXPLAIN (ANALYZE, BUFFERS) SELECT * FROM corrections;
SELECT coalesce(string_agg(DISTINCT quote_literal(term), ' | '), '') AS typo FROM corrections \gset
SELECT replace(replace(:'typo', '''', ' '), '|', ' ') AS typowords \gset

\echo '--- the vector leg alone'
EXPLAIN (ANALYZE, BUFFERS)
SELECT c.id, c.article_id, 1 - (c.embedding <=> CAST(:'vector' AS vector)) AS score
FROM chunk c
WHERE c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
	AND c.embedding IS NOT NULL
ORDER BY c.embedding <=> CAST(:'vector' AS vector) LIMIT 40;

\echo '--- candidates: the three legs'
EXPLAIN (ANALYZE, BUFFERS)
WITH scope AS MATERIALIZED (
	SELECT count(*)::float8 AS n FROM chunk c
	WHERE c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR c.locale = NULL)
), words AS (
	SELECT 'TEXT' AS leg, w AS lexeme
	FROM unnest(tsvector_to_array(to_tsvector(text_config('en'), :'query'))) AS w
	UNION
	SELECT 'TYPO', w FROM unnest(tsvector_to_array(CASE WHEN :'typo' = '' THEN ''::tsvector
		ELSE to_tsvector(text_config('en'), :'typowords') END)) AS w
), frequencies AS MATERIALIZED (
	SELECT d.lexeme, d.q, (SELECT count(*) FROM chunk c
		WHERE c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
			AND (CAST(NULL AS text) IS NULL OR c.locale = NULL) AND c.search @@ d.q) AS df
	FROM (SELECT DISTINCT lexeme, quote_literal(lexeme)::tsquery AS q FROM words) d
), terms AS MATERIALIZED (
	SELECT w.leg, f.q, ln(1 + (s.n - f.df + 0.5) / (f.df + 0.5)) AS idf
	FROM words w JOIN frequencies f ON f.lexeme = w.lexeme, scope s
	WHERE f.df > 0 AND f.df <= greatest(0.4 * s.n, 1)
), text_leg AS (
	SELECT c.id, c.article_id, sum(t.idf * ts_rank(c.search, t.q, 1)) AS score
	FROM terms t JOIN chunk c ON c.search @@ t.q
	WHERE t.leg = 'TEXT' AND c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR c.locale = NULL)
	GROUP BY c.id, c.article_id ORDER BY score DESC, c.id LIMIT 40
), typo_leg AS (
	SELECT c.id, c.article_id, sum(t.idf * ts_rank(c.search, t.q, 1)) AS score
	FROM terms t JOIN chunk c ON c.search @@ t.q
	WHERE t.leg = 'TYPO' AND c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR c.locale = NULL)
	GROUP BY c.id, c.article_id ORDER BY score DESC, c.id LIMIT 40
), vector_leg AS (
	SELECT c.id, c.article_id, 1 - (c.embedding <=> CAST(:'vector' AS vector)) AS score
	FROM chunk c
	WHERE c.tenant_id = :'tenant' AND c.visibility = ANY (ARRAY['public', 'signed_in'])
		AND (CAST(NULL AS text) IS NULL OR c.locale = NULL) AND c.embedding IS NOT NULL
	ORDER BY c.embedding <=> CAST(:'vector' AS vector) LIMIT 40
)
SELECT 'TEXT' AS leg, id, article_id, score FROM text_leg
UNION ALL SELECT 'TYPO', id, article_id, score FROM typo_leg
UNION ALL SELECT 'VECTOR', id, article_id, score FROM vector_leg;
ROLLBACK;
