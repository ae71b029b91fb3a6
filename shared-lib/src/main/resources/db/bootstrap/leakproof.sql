-- Row-level security applies a query's own conditions after the policies unless their operators'
-- functions are LEAKPROOF, and a condition that must wait cannot drive an index scan. Without this,
-- a full-text match (@@) or a trigram match (%) on a sealed table cannot use its GIN index, and
-- every search reads all of the tenant's rows (measured: 10,000 page reads and ~100 ms per search
-- at 10,000 tickets per tenant, against ~400 pages and ~15 ms with the index).
-- These functions compute a match from their two arguments and raise no error that depends on the
-- row, so they cannot leak the rows they are applied to. Only a superuser may mark a function
-- LEAKPROOF: where the bootstrap runs as one (self-hosted Postgres, this repository's tests and
-- `make run`), it does; on managed Postgres (RDS, Supabase) it says so and searches stay correct,
-- only slower.
DO $$
DECLARE
	fn regprocedure;
BEGIN
	IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
		RAISE NOTICE 'bootstrap is not a superuser: text-search and trigram operators stay non-leakproof, so searches under row-level security cannot use their GIN indexes';
		RETURN;
	END IF;
	FOR fn IN
		SELECT p.oid::regprocedure FROM pg_proc p
		WHERE p.proname IN ('ts_match_vq', 'similarity_op', 'word_similarity_op', 'strict_word_similarity_op')
			AND NOT p.proleakproof
	LOOP
		EXECUTE format('ALTER FUNCTION %s LEAKPROOF', fn);
	END LOOP;
END
$$;
