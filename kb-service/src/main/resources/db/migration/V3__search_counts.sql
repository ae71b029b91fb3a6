-- What hybrid search's word weights (BM25's inverse document frequency) are computed from, kept as
-- chunks are written instead of counted per query: how many chunks a tenant has per audience and
-- locale, and in how many of them each lexeme of the stored tsvector occurs. Counting them per query
-- read every chunk of the tenant that holds a query word, which for a large tenant cost more than
-- the rest of the search together.
CREATE TABLE chunk_count (
	tenant_id uuid NOT NULL,
	visibility text NOT NULL,
	locale text NOT NULL,
	chunks bigint NOT NULL,
	PRIMARY KEY (tenant_id, visibility, locale)
);

CREATE TABLE lexeme_count (
	tenant_id uuid NOT NULL,
	visibility text NOT NULL,
	locale text NOT NULL,
	lexeme text NOT NULL,
	chunks bigint NOT NULL,
	PRIMARY KEY (tenant_id, lexeme, visibility, locale)
);

-- The chunks written so far, counted as the owner (their rows are sealed below, after this).
ALTER TABLE chunk NO FORCE ROW LEVEL SECURITY;
INSERT INTO chunk_count (tenant_id, visibility, locale, chunks)
SELECT tenant_id, visibility, locale, count(*) FROM chunk GROUP BY 1, 2, 3;
INSERT INTO lexeme_count (tenant_id, visibility, locale, lexeme, chunks)
SELECT tenant_id, visibility, locale, lexeme, count(*)
FROM chunk, unnest(tsvector_to_array(search)) AS w(lexeme) GROUP BY 1, 2, 3, 4;
ALTER TABLE chunk FORCE ROW LEVEL SECURITY;

-- The same rules as the chunks they count: a customer reads the counts of what they may read, and
-- only those who write chunks change them.
SELECT app.seal_tenant_table('chunk_count');
CREATE POLICY chunk_count_audience ON chunk_count AS RESTRICTIVE FOR SELECT
	USING (visibility = ANY ((SELECT caller_audiences())::text[]));
CREATE POLICY chunk_count_author_insert ON chunk_count AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY chunk_count_author_update ON chunk_count AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY chunk_count_author_delete ON chunk_count AS RESTRICTIVE FOR DELETE USING ((SELECT caller_is_staff()));

SELECT app.seal_tenant_table('lexeme_count');
CREATE POLICY lexeme_count_audience ON lexeme_count AS RESTRICTIVE FOR SELECT
	USING (visibility = ANY ((SELECT caller_audiences())::text[]));
CREATE POLICY lexeme_count_author_insert ON lexeme_count AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY lexeme_count_author_update ON lexeme_count AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY lexeme_count_author_delete ON lexeme_count AS RESTRICTIVE FOR DELETE USING ((SELECT caller_is_staff()));

-- Chunks entering (+1) or leaving (-1) a tenant's audience and locale, with their lexemes.
CREATE TYPE chunk_change AS (tenant_id uuid, visibility text, locale text, lexemes text[], sign integer);

-- Applies changes to the counts. Writers of one tenant's counts take turns (a transaction-scoped lock
-- per tenant): two indexers adding chunks at once would otherwise lock shared lexemes' rows in
-- different orders and deadlock. A count that reaches zero is removed.
CREATE FUNCTION count_chunks(changes chunk_change[]) RETURNS void
	LANGUAGE plpgsql SET search_path FROM CURRENT
	AS $$
	BEGIN
		PERFORM pg_advisory_xact_lock(hashtextextended('kb.chunk_count ' || tenant_id::text, 0))
		FROM (SELECT DISTINCT tenant_id FROM unnest(changes) ORDER BY 1) AS tenants;
		INSERT INTO chunk_count AS c (tenant_id, visibility, locale, chunks)
		SELECT tenant_id, visibility, locale, sum(sign) FROM unnest(changes) GROUP BY 1, 2, 3 HAVING sum(sign) <> 0
		ON CONFLICT (tenant_id, visibility, locale) DO UPDATE SET chunks = greatest(c.chunks + EXCLUDED.chunks, 0);
		DELETE FROM chunk_count c USING unnest(changes) s
		WHERE s.sign < 0 AND c.tenant_id = s.tenant_id AND c.visibility = s.visibility AND c.locale = s.locale
			AND c.chunks <= 0;
		INSERT INTO lexeme_count AS l (tenant_id, visibility, locale, lexeme, chunks)
		SELECT s.tenant_id, s.visibility, s.locale, w.lexeme, sum(s.sign)
		FROM unnest(changes) s, unnest(s.lexemes) AS w(lexeme) GROUP BY 1, 2, 3, 4 HAVING sum(s.sign) <> 0
		ON CONFLICT (tenant_id, lexeme, visibility, locale) DO UPDATE SET chunks = greatest(l.chunks + EXCLUDED.chunks, 0);
		DELETE FROM lexeme_count l USING unnest(changes) s, unnest(s.lexemes) AS w(lexeme)
		WHERE s.sign < 0 AND l.tenant_id = s.tenant_id AND l.lexeme = w.lexeme AND l.visibility = s.visibility
			AND l.locale = s.locale AND l.chunks <= 0;
	END
	$$;

-- Statement-level, so a batch of chunks is counted at once. An update counts only when a chunk's
-- audience, locale or words changed (storing an embedding changes none of them).
CREATE FUNCTION chunk_counts_follow() RETURNS trigger
	LANGUAGE plpgsql SET search_path FROM CURRENT
	AS $$
	BEGIN
		IF TG_OP = 'INSERT' THEN
			PERFORM count_chunks(ARRAY(SELECT ROW(tenant_id, visibility, locale, tsvector_to_array(search), 1)::chunk_change
				FROM added));
		ELSIF TG_OP = 'DELETE' THEN
			PERFORM count_chunks(ARRAY(SELECT ROW(tenant_id, visibility, locale, tsvector_to_array(search), -1)::chunk_change
				FROM removed));
		ELSE
			PERFORM count_chunks(ARRAY(
				SELECT ROW(c.tenant_id, c.visibility, c.locale, tsvector_to_array(c.search), c.sign)::chunk_change
				FROM removed o JOIN added n ON n.id = o.id,
					LATERAL (VALUES (o.tenant_id, o.visibility, o.locale, o.search, -1),
						(n.tenant_id, n.visibility, n.locale, n.search, 1)) AS c(tenant_id, visibility, locale, search, sign)
				WHERE (o.tenant_id, o.visibility, o.locale, o.search) IS DISTINCT FROM (n.tenant_id, n.visibility, n.locale, n.search)));
		END IF;
		RETURN NULL;
	END
	$$;
CREATE TRIGGER chunk_counts_insert AFTER INSERT ON chunk REFERENCING NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_follow();
CREATE TRIGGER chunk_counts_delete AFTER DELETE ON chunk REFERENCING OLD TABLE AS removed
	FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_follow();
CREATE TRIGGER chunk_counts_update AFTER UPDATE ON chunk REFERENCING OLD TABLE AS removed NEW TABLE AS added
	FOR EACH STATEMENT EXECUTE FUNCTION chunk_counts_follow();
