-- kb: help center content (categories, sections, articles with their version history), the chunks
-- hybrid search reads (full text, a typo lexicon, embeddings), and the tenant directory the public
-- help center resolves slugs with. Who may read which article - the public, signed-in customers,
-- agents - is decided here by row-level security, not only in code.

-- What the caller may read: anonymous visitors of the public help center (role 'anon', the Supabase
-- name for unauthenticated requests) see public content, signed-in customers also signed_in content,
-- staff and services everything. Anyone else - no claims, the platform identity - sees nothing.
CREATE FUNCTION caller_audiences() RETURNS text[]
	LANGUAGE sql STABLE
	AS $$
		SELECT CASE
			WHEN (SELECT auth.jwt()) ->> 'role' = 'anon' THEN ARRAY['public']
			WHEN (SELECT app.app_role()) = 'customer' THEN ARRAY['public', 'signed_in']
			WHEN (SELECT app.app_role()) IN ('agent', 'admin', 'super_admin', 'service')
				THEN ARRAY['public', 'signed_in', 'internal']
			ELSE ARRAY[]::text[]
		END
	$$;

-- Authors: agents and admins write content, services (import, indexing) act for them.
CREATE FUNCTION caller_is_staff() RETURNS boolean
	LANGUAGE sql STABLE
	AS $$
		SELECT coalesce((SELECT auth.jwt()) ->> 'role', '') <> 'anon'
			AND coalesce((SELECT app.app_role()) IN ('agent', 'admin', 'super_admin', 'service'), false)
	$$;

-- The text-search configuration of a locale ('de-AT' -> german); languages Postgres has no
-- stemmer for are indexed word by word.
CREATE FUNCTION text_config(locale text) RETURNS regconfig
	LANGUAGE sql IMMUTABLE PARALLEL SAFE
	AS $$
		SELECT CASE split_part(lower(locale), '-', 1)
			WHEN 'en' THEN 'english'::regconfig WHEN 'de' THEN 'german'::regconfig
			WHEN 'fr' THEN 'french'::regconfig WHEN 'es' THEN 'spanish'::regconfig
			WHEN 'it' THEN 'italian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig
			WHEN 'nl' THEN 'dutch'::regconfig WHEN 'sv' THEN 'swedish'::regconfig
			WHEN 'da' THEN 'danish'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig
			WHEN 'fi' THEN 'finnish'::regconfig WHEN 'ru' THEN 'russian'::regconfig
			ELSE 'simple'::regconfig
		END
	$$;

CREATE TABLE category (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	name text NOT NULL,
	description text,
	position integer NOT NULL DEFAULT 0,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX category_position_idx ON category (tenant_id, position, id);
SELECT app.seal_tenant_table('category');

CREATE TABLE section (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	category_id uuid NOT NULL REFERENCES category (id),
	name text NOT NULL,
	description text,
	position integer NOT NULL DEFAULT 0,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX section_category_idx ON section (tenant_id, category_id, position, id);
SELECT app.seal_tenant_table('section');

CREATE TABLE article (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	category_id uuid REFERENCES category (id),
	section_id uuid REFERENCES section (id),
	-- Translations of one article share a group (the first article's id), one per locale.
	translation_group uuid NOT NULL,
	locale text NOT NULL,
	slug text NOT NULL,
	title text NOT NULL,
	body text NOT NULL,
	body_html text NOT NULL,
	tags text[] NOT NULL DEFAULT '{}',
	visibility text NOT NULL CHECK (visibility IN ('public', 'signed_in', 'internal')),
	status text NOT NULL CHECK (status IN ('draft', 'published', 'archived')),
	author_id uuid,
	updated_by uuid,
	revision integer NOT NULL,
	published_at timestamptz,
	-- Indexing: chunks are written with the article, embeddings come later (none while unpublished).
	index_status text NOT NULL DEFAULT 'none' CHECK (index_status IN ('none', 'pending', 'indexed', 'failed')),
	index_attempts integer NOT NULL DEFAULT 0,
	index_error text,
	index_due_at timestamptz,
	indexed_at timestamptz,
	embedding_model text,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	UNIQUE (tenant_id, translation_group, locale),
	UNIQUE (tenant_id, slug, locale)
);
CREATE INDEX article_list_idx ON article (tenant_id, id DESC);
CREATE INDEX article_section_idx ON article (tenant_id, section_id, id DESC);
-- The indexing sweep looks across tenants for published articles whose embeddings are missing,
-- failed, or made by another model.
CREATE INDEX article_index_due_idx ON article (index_due_at) WHERE status = 'published';
SELECT app.seal_tenant_table('article');
CREATE POLICY article_audience ON article AS RESTRICTIVE FOR SELECT
	USING ((SELECT app.is_platform())
		OR (visibility = ANY ((SELECT caller_audiences())::text[]) AND (status = 'published' OR (SELECT caller_is_staff()))));
CREATE POLICY article_author_insert ON article AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY article_author_update ON article AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY article_author_delete ON article AS RESTRICTIVE FOR DELETE
	USING ((SELECT caller_is_staff()));
-- The sweep (platform identity) reads only published articles' indexing state; it writes nothing.
CREATE POLICY article_index_sweep ON article FOR SELECT
	USING ((SELECT app.is_platform()) AND status = 'published');

CREATE POLICY category_author_insert ON category AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY category_author_update ON category AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY category_author_delete ON category AS RESTRICTIVE FOR DELETE USING ((SELECT caller_is_staff()));
CREATE POLICY section_author_insert ON section AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY section_author_update ON section AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY section_author_delete ON section AS RESTRICTIVE FOR DELETE USING ((SELECT caller_is_staff()));

-- Every saved state of an article's content; staff only (drafts and internal history included).
CREATE TABLE article_version (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	article_id uuid NOT NULL REFERENCES article (id) ON DELETE CASCADE,
	revision integer NOT NULL,
	title text NOT NULL,
	body text NOT NULL,
	tags text[] NOT NULL,
	visibility text NOT NULL,
	section_id uuid,
	author_id uuid,
	note text,
	created_at timestamptz NOT NULL,
	UNIQUE (tenant_id, article_id, revision)
);
SELECT app.seal_tenant_table('article_version');
CREATE POLICY article_version_staff ON article_version AS RESTRICTIVE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
REVOKE UPDATE ON article_version FROM ${runtime_role};

-- The searchable pieces of published articles. Visibility is copied from the article (kept by the
-- triggers below), so search filters by audience in the same statement, on the chunk itself.
CREATE TABLE chunk (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	article_id uuid NOT NULL REFERENCES article (id) ON DELETE CASCADE,
	ordinal integer NOT NULL,
	locale text NOT NULL,
	visibility text NOT NULL,
	title text NOT NULL,
	heading_path text[] NOT NULL,
	heading text NOT NULL,
	content text NOT NULL,
	-- Of the embedded text (title, headings, content): an unchanged chunk keeps its embedding.
	content_hash text NOT NULL,
	search tsvector GENERATED ALWAYS AS (
		setweight(to_tsvector(text_config(locale), title), 'A')
		|| setweight(to_tsvector(text_config(locale), heading), 'B')
		|| setweight(to_tsvector(text_config(locale), content), 'C')) STORED,
	embedding vector(384),
	embedding_model text,
	UNIQUE (tenant_id, article_id, ordinal)
);
CREATE INDEX chunk_search_idx ON chunk USING gin (tenant_id, search);
CREATE INDEX chunk_embedding_idx ON chunk USING hnsw (embedding vector_cosine_ops);
SELECT app.seal_tenant_table('chunk');
CREATE POLICY chunk_audience ON chunk AS RESTRICTIVE FOR SELECT
	USING (visibility = ANY ((SELECT caller_audiences())::text[]));
CREATE POLICY chunk_author_insert ON chunk AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY chunk_author_update ON chunk AS RESTRICTIVE FOR UPDATE
	USING ((SELECT caller_is_staff())) WITH CHECK ((SELECT caller_is_staff()));
CREATE POLICY chunk_author_delete ON chunk AS RESTRICTIVE FOR DELETE USING ((SELECT caller_is_staff()));

-- A chunk belongs to a published article and has its visibility, whatever the code inserting it says.
CREATE FUNCTION chunk_follows_article() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	DECLARE
		owner article%ROWTYPE;
	BEGIN
		SELECT * INTO owner FROM article WHERE id = NEW.article_id;
		IF NOT FOUND OR owner.status <> 'published' THEN
			RAISE EXCEPTION 'chunks belong to published articles only (article %)', NEW.article_id;
		END IF;
		NEW.visibility := owner.visibility;
		NEW.locale := owner.locale;
		RETURN NEW;
	END
	$$;
CREATE TRIGGER chunk_follows_article BEFORE INSERT OR UPDATE OF visibility, locale, article_id ON chunk
	FOR EACH ROW EXECUTE FUNCTION chunk_follows_article();

-- An article leaving the published state takes its chunks out of search in the same statement;
-- a change of audience reaches its chunks at once.
CREATE FUNCTION article_chunks_follow() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	BEGIN
		IF NEW.status <> 'published' THEN
			DELETE FROM chunk WHERE article_id = NEW.id;
		ELSIF NEW.visibility IS DISTINCT FROM OLD.visibility OR NEW.locale IS DISTINCT FROM OLD.locale THEN
			UPDATE chunk SET visibility = NEW.visibility, locale = NEW.locale WHERE article_id = NEW.id;
		END IF;
		RETURN NULL;
	END
	$$;
CREATE TRIGGER article_chunks_follow AFTER UPDATE OF status, visibility, locale ON article
	FOR EACH ROW EXECUTE FUNCTION article_chunks_follow();

-- Every word of the tenant's published chunks, per audience: a misspelt query word is matched to
-- its nearest known words by trigram similarity (the approach pg_trgm's manual recommends for
-- spelling suggestions), and a customer's query is corrected only towards words they may read.
CREATE TABLE term (
	tenant_id uuid NOT NULL,
	visibility text NOT NULL,
	term text NOT NULL,
	PRIMARY KEY (tenant_id, visibility, term)
);
CREATE INDEX term_trgm_idx ON term USING gin (tenant_id, term gin_trgm_ops);
SELECT app.seal_tenant_table('term');
CREATE POLICY term_audience ON term AS RESTRICTIVE FOR SELECT
	USING (visibility = ANY ((SELECT caller_audiences())::text[]));
CREATE POLICY term_author_insert ON term AS RESTRICTIVE FOR INSERT WITH CHECK ((SELECT caller_is_staff()));
REVOKE UPDATE ON term FROM ${runtime_role};

CREATE FUNCTION chunk_terms() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	BEGIN
		INSERT INTO term (tenant_id, visibility, term)
		SELECT NEW.tenant_id, NEW.visibility, word
		FROM unnest(tsvector_to_array(to_tsvector('simple', NEW.title || ' ' || NEW.heading || ' ' || NEW.content))) AS word
		WHERE length(word) BETWEEN 3 AND 40 AND word !~ '^[0-9]+$'
		ON CONFLICT DO NOTHING;
		RETURN NULL;
	END
	$$;
CREATE TRIGGER chunk_terms AFTER INSERT ON chunk FOR EACH ROW EXECUTE FUNCTION chunk_terms();

-- The public help center addresses a tenant by slug before any tenant is in scope. A copy of what
-- identity-service announces (tenant.created / tenant.updated); public by design, like identity's
-- own directory: only the slug, the id and whether the tenant is active. Written by the tenant
-- event consumer alone; changed_at keeps a late, older event from winning.
CREATE TABLE tenant_directory (
	tenant_id uuid PRIMARY KEY,
	slug text NOT NULL UNIQUE,
	active boolean NOT NULL DEFAULT true,
	changed_at timestamptz NOT NULL
);
ALTER TABLE tenant_directory ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant_directory FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_directory_read ON tenant_directory FOR SELECT USING (true);
CREATE POLICY tenant_directory_service_insert ON tenant_directory FOR INSERT
	WITH CHECK ((SELECT app.app_role()) = 'service' AND tenant_id = (SELECT app.tenant_id()));
CREATE POLICY tenant_directory_service_update ON tenant_directory FOR UPDATE
	USING ((SELECT app.app_role()) = 'service' AND tenant_id = (SELECT app.tenant_id()))
	WITH CHECK ((SELECT app.app_role()) = 'service' AND tenant_id = (SELECT app.tenant_id()));
REVOKE DELETE, TRUNCATE ON tenant_directory FROM ${runtime_role};
