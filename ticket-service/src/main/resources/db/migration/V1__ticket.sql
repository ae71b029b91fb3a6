-- ticket: tickets, comments, their audit trail, custom field definitions, and the per-tenant
-- lexicon that makes free-text search typo tolerant. Every table is sealed by row-level security;
-- who may see which ticket (customers, group-restricted agents) is decided here, not only in code.

-- The groups an agent works, and whether the tenant restricts them to those groups' tickets,
-- travel in the access token (identity-service puts them there).
CREATE FUNCTION caller_groups() RETURNS uuid[]
	LANGUAGE sql STABLE
	AS $$
		SELECT coalesce(array(SELECT jsonb_array_elements_text((SELECT auth.jwt()) -> 'groups')::uuid), '{}')
	$$;

CREATE FUNCTION caller_group_restricted() RETURNS boolean
	LANGUAGE sql STABLE
	AS $$ SELECT coalesce(((SELECT auth.jwt()) ->> 'group_restricted')::boolean, false) $$;

-- Ticket numbers are per tenant and gapless in practice: the counter row is locked until the
-- creating transaction ends.
CREATE TABLE ticket_counter (
	tenant_id uuid PRIMARY KEY,
	last_number bigint NOT NULL
);
SELECT app.seal_tenant_table('ticket_counter');

CREATE TABLE ticket (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	number bigint NOT NULL,
	subject text NOT NULL,
	description text NOT NULL,
	status text NOT NULL CHECK (status IN ('new', 'open', 'pending', 'hold', 'solved', 'closed')),
	priority text NOT NULL CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
	type text NOT NULL CHECK (type IN ('question', 'incident', 'problem', 'task')),
	requester_id uuid NOT NULL,
	submitter_id uuid,
	assignee_id uuid,
	group_id uuid,
	follower_ids uuid[] NOT NULL DEFAULT '{}',
	tags text[] NOT NULL DEFAULT '{}',
	channel text NOT NULL,
	external_refs text[] NOT NULL DEFAULT '{}',
	custom_fields jsonb NOT NULL DEFAULT '{}',
	problem_id uuid,
	due_at timestamptz,
	merged_into_id uuid,
	satisfaction_score text CHECK (satisfaction_score IN ('good', 'bad')),
	satisfaction_comment text,
	satisfaction_rated_at timestamptz,
	sla_policy_id uuid,
	first_reply_due_at timestamptz,
	next_reply_due_at timestamptz,
	resolution_due_at timestamptz,
	first_replied_at timestamptz,
	sla_breached_at timestamptz,
	assigned_at timestamptz,
	solved_at timestamptz,
	closed_at timestamptz,
	-- Subject (A), description (B) and every comment (C): kept by the triggers below.
	search tsvector NOT NULL DEFAULT ''::tsvector,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	UNIQUE (tenant_id, number)
);
SELECT app.seal_tenant_table('ticket');

-- Customers see the tickets they requested or follow; an agent restricted to groups sees those
-- groups' tickets and the ones assigned to them. Restrictive, so it narrows tenant_isolation.
CREATE POLICY ticket_access ON ticket AS RESTRICTIVE
	USING (CASE (SELECT app.app_role())
		WHEN 'customer' THEN requester_id = (SELECT app.user_id()) OR (SELECT app.user_id()) = ANY (follower_ids)
		WHEN 'agent' THEN NOT (SELECT caller_group_restricted()) OR group_id = ANY ((SELECT caller_groups())::uuid[])
			OR assignee_id = (SELECT app.user_id())
		ELSE true
	END)
	WITH CHECK (CASE (SELECT app.app_role())
		WHEN 'customer' THEN requester_id = (SELECT app.user_id()) OR (SELECT app.user_id()) = ANY (follower_ids)
		WHEN 'agent' THEN NOT (SELECT caller_group_restricted()) OR group_id = ANY ((SELECT caller_groups())::uuid[])
			OR assignee_id = (SELECT app.user_id())
		ELSE true
	END);

-- Lists are keyset-paginated newest first (ids are time-ordered), optionally by one filter.
CREATE INDEX ticket_tenant_id_idx ON ticket (tenant_id, id DESC);
CREATE INDEX ticket_status_idx ON ticket (tenant_id, status, id DESC);
CREATE INDEX ticket_assignee_idx ON ticket (tenant_id, assignee_id, status, id DESC);
CREATE INDEX ticket_group_idx ON ticket (tenant_id, group_id, status, id DESC);
CREATE INDEX ticket_requester_idx ON ticket (tenant_id, requester_id, id DESC);
CREATE INDEX ticket_updated_idx ON ticket (tenant_id, updated_at, id);
CREATE INDEX ticket_followers_idx ON ticket USING gin (tenant_id, follower_ids);
CREATE INDEX ticket_tags_idx ON ticket USING gin (tenant_id, tags);
CREATE INDEX ticket_external_refs_idx ON ticket USING gin (tenant_id, external_refs);
CREATE INDEX ticket_search_idx ON ticket USING gin (tenant_id, search);
CREATE INDEX ticket_problem_idx ON ticket (tenant_id, problem_id) WHERE problem_id IS NOT NULL;
CREATE INDEX ticket_sla_due_idx ON ticket (least(first_reply_due_at, next_reply_due_at, resolution_due_at))
	WHERE sla_breached_at IS NULL AND status NOT IN ('solved', 'closed');

CREATE TABLE ticket_comment (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	ticket_id uuid NOT NULL REFERENCES ticket (id),
	author_id uuid,
	author_role text NOT NULL,
	body text NOT NULL,
	public boolean NOT NULL,
	channel text NOT NULL,
	external_ref text,
	attachments jsonb NOT NULL DEFAULT '[]',
	created_at timestamptz NOT NULL
);
CREATE INDEX ticket_comment_ticket_idx ON ticket_comment (tenant_id, ticket_id, id);
SELECT app.seal_tenant_table('ticket_comment');
-- A comment is visible only on a ticket the caller may see, and never to customers when internal.
CREATE POLICY comment_access ON ticket_comment AS RESTRICTIVE
	USING (EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id)
		AND (public OR (SELECT app.app_role()) IS DISTINCT FROM 'customer'))
	WITH CHECK (EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id)
		AND (public OR (SELECT app.app_role()) IS DISTINCT FROM 'customer'));

-- Every change to a ticket, who made it and through what (API, trigger, macro, merge, SLA).
-- Agents read it; customers never do; the runtime role cannot rewrite history.
CREATE TABLE ticket_audit (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	ticket_id uuid NOT NULL REFERENCES ticket (id),
	actor_id uuid,
	actor_role text NOT NULL,
	via text NOT NULL,
	changes jsonb NOT NULL,
	occurred_at timestamptz NOT NULL
);
CREATE INDEX ticket_audit_ticket_idx ON ticket_audit (tenant_id, ticket_id, id);
ALTER TABLE ticket_audit ENABLE ROW LEVEL SECURITY;
ALTER TABLE ticket_audit FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON ticket_audit FOR SELECT
	USING (tenant_id = (SELECT app.tenant_id()) AND (SELECT app.app_role()) IS DISTINCT FROM 'customer'
		AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id));
CREATE POLICY audit_append ON ticket_audit FOR INSERT
	WITH CHECK (tenant_id = (SELECT app.tenant_id()));
REVOKE UPDATE, DELETE, TRUNCATE ON ticket_audit FROM ${runtime_role};

CREATE TABLE custom_field (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	key text NOT NULL,
	title text NOT NULL,
	type text NOT NULL
		CHECK (type IN ('text', 'textarea', 'checkbox', 'date', 'integer', 'decimal', 'regex', 'dropdown', 'multiselect')),
	required boolean NOT NULL DEFAULT false,
	options jsonb NOT NULL DEFAULT '[]',
	pattern text,
	active boolean NOT NULL DEFAULT true,
	position integer NOT NULL DEFAULT 0,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	UNIQUE (tenant_id, key)
);
SELECT app.seal_tenant_table('custom_field');

-- Every word seen in the tenant's tickets and comments: a misspelt search word is matched to
-- its nearest known words by trigram similarity (the approach pg_trgm's manual recommends),
-- which keeps typo tolerance cheap however long the texts are.
CREATE TABLE search_term (
	tenant_id uuid NOT NULL,
	term text NOT NULL,
	PRIMARY KEY (tenant_id, term)
);
CREATE INDEX search_term_trgm_idx ON search_term USING gin (tenant_id, term gin_trgm_ops);
SELECT app.seal_tenant_table('search_term');

CREATE FUNCTION remember_terms(tenant uuid, content text) RETURNS void
	LANGUAGE sql
	AS $$
		INSERT INTO search_term (tenant_id, term)
		SELECT tenant, word
		FROM unnest(tsvector_to_array(to_tsvector('simple', content))) AS word
		WHERE length(word) BETWEEN 3 AND 40 AND word !~ '^[0-9]+$'
		ON CONFLICT DO NOTHING
	$$;

CREATE FUNCTION ticket_search_document() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	BEGIN
		NEW.search := setweight(to_tsvector('english', NEW.subject), 'A')
			|| setweight(to_tsvector('english', NEW.description), 'B')
			|| coalesce((SELECT setweight(to_tsvector('english', string_agg(c.body, ' ')), 'C')
				FROM ticket_comment c WHERE c.ticket_id = NEW.id AND TG_OP = 'UPDATE'), ''::tsvector);
		PERFORM remember_terms(NEW.tenant_id, NEW.subject || ' ' || NEW.description);
		RETURN NEW;
	END
	$$;

CREATE TRIGGER ticket_search_insert BEFORE INSERT ON ticket
	FOR EACH ROW EXECUTE FUNCTION ticket_search_document();
CREATE TRIGGER ticket_search_update BEFORE UPDATE OF subject, description ON ticket
	FOR EACH ROW WHEN (OLD.subject IS DISTINCT FROM NEW.subject OR OLD.description IS DISTINCT FROM NEW.description)
	EXECUTE FUNCTION ticket_search_document();

CREATE FUNCTION comment_search_document() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	BEGIN
		UPDATE ticket SET search = search || setweight(to_tsvector('english', NEW.body), 'C')
		WHERE id = NEW.ticket_id;
		PERFORM remember_terms(NEW.tenant_id, NEW.body);
		RETURN NULL;
	END
	$$;

CREATE TRIGGER comment_search AFTER INSERT ON ticket_comment
	FOR EACH ROW EXECUTE FUNCTION comment_search_document();
