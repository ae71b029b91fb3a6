-- Data-subject erasure: an article's revisions are history the runtime role may not rewrite; only this
-- function, running as the owner and still under row-level security, replaces a person by a tombstone.
CREATE FUNCTION erase_article_version_author(subject uuid, tombstone uuid) RETURNS integer
	LANGUAGE sql SECURITY DEFINER SET search_path FROM CURRENT
	AS $$
		WITH changed AS (
			UPDATE article_version SET author_id = tombstone
			WHERE tenant_id = (SELECT app.tenant_id()) AND author_id = subject
			RETURNING 1)
		SELECT count(*)::integer FROM changed
	$$;
REVOKE ALL ON FUNCTION erase_article_version_author(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_article_version_author(uuid, uuid) TO ${runtime_role};
