-- The statements ticket-service's TicketFinder issues for a two-word search and a typo search
-- (same shape and parameters), explained as the runtime role with a tenant admin's claims.
\pset pager off
BEGIN;
SELECT set_config('request.jwt.claims', :'claims', true) IS NOT NULL AS claims_set;

\echo '--- free text: "refund invoice"'
EXPLAIN (ANALYZE, BUFFERS)
SELECT * FROM (
	SELECT id, tenant_id, number, subject, status, updated_at,
		ts_rank_cd(search, ((plainto_tsquery('english', 'refund')) && (plainto_tsquery('english', 'invoice'))))::float8 AS rank
	FROM (SELECT * FROM ticket WHERE tenant_id = :'tenant'
		AND search @@ ((plainto_tsquery('english', 'refund')) && (plainto_tsquery('english', 'invoice')))
		ORDER BY id DESC LIMIT 200) recent
) matched ORDER BY rank DESC, id DESC LIMIT 26;

\echo '--- typo: "reciept" (lexicon lookup, then the query widened to its nearest known word)'
EXPLAIN (ANALYZE, BUFFERS)
SELECT w.word, ARRAY(
	SELECT t.term FROM search_term t WHERE t.tenant_id = :'tenant' AND t.term % w.word
	ORDER BY similarity(t.term, w.word) DESC, t.term LIMIT 3) AS similar
FROM unnest(ARRAY['reciept']) AS w(word)
WHERE NOT EXISTS (SELECT 1 FROM search_term k WHERE k.tenant_id = :'tenant' AND k.term = w.word);

EXPLAIN (ANALYZE, BUFFERS)
SELECT * FROM (
	SELECT id, tenant_id, number, subject, status, updated_at,
		ts_rank_cd(search, (plainto_tsquery('english', 'reciept') || plainto_tsquery('english', 'receipt')))::float8 AS rank
	FROM (SELECT * FROM ticket WHERE tenant_id = :'tenant'
		AND search @@ (plainto_tsquery('english', 'reciept') || plainto_tsquery('english', 'receipt'))
		ORDER BY id DESC LIMIT 200) recent
) matched ORDER BY rank DESC, id DESC LIMIT 26;

\echo '--- list, page after 5,000 tickets'
EXPLAIN (ANALYZE, BUFFERS)
SELECT id, number, subject, status FROM ticket
WHERE tenant_id = :'tenant' AND id < :'deep_id'
ORDER BY id DESC LIMIT 26;
ROLLBACK;
