-- views: saved ticket filters (conditions, sort, columns). A shared view (no owner) is the
-- tenant's, written by admins and seen by all its staff; a personal view is one agent's, seen and
-- written by that agent alone, admins included.

CREATE TABLE ticket_view (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	owner_id uuid,
	name text NOT NULL,
	-- The conditions in the search language, and as a structured list ({field, operator, value,
	-- negated}); a ticket must meet both.
	query text NOT NULL DEFAULT '',
	conditions jsonb NOT NULL DEFAULT '[]',
	sort text NOT NULL CHECK (sort IN ('newest', 'oldest', 'updated', 'relevance')),
	columns text[] NOT NULL,
	version bigint NOT NULL DEFAULT 0,
	created_by uuid,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX ticket_view_owner_idx ON ticket_view (tenant_id, owner_id, id);
SELECT app.seal_tenant_table('ticket_view');

-- Who may change a view: its owner, or for a shared view an admin.
CREATE FUNCTION view_writable(owner uuid) RETURNS boolean
	LANGUAGE sql STABLE
	AS $$
		SELECT CASE
			WHEN owner IS NULL THEN (SELECT app.app_role()) IN ('admin', 'super_admin')
			ELSE owner = (SELECT app.user_id()) AND (SELECT app.app_role()) IN ('agent', 'admin', 'super_admin')
		END
	$$;

CREATE POLICY view_visibility ON ticket_view AS RESTRICTIVE
	USING ((SELECT app.app_role()) IN ('agent', 'admin', 'super_admin')
		AND (owner_id IS NULL OR owner_id = (SELECT app.user_id())))
	WITH CHECK (view_writable(owner_id));
CREATE POLICY view_update ON ticket_view AS RESTRICTIVE FOR UPDATE
	USING (view_writable(owner_id))
	WITH CHECK (view_writable(owner_id));
CREATE POLICY view_delete ON ticket_view AS RESTRICTIVE FOR DELETE
	USING (view_writable(owner_id));
