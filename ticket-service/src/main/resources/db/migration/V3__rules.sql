-- Business rules: triggers (run on every ticket create and update, in position order) and macros
-- (bundles of actions an agent applies to a ticket). Definitions are validated by the service
-- before they are stored, as jsonb.

CREATE TABLE ticket_trigger (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	name text NOT NULL,
	description text,
	active boolean NOT NULL DEFAULT true,
	position integer NOT NULL,
	conditions jsonb NOT NULL,
	actions jsonb NOT NULL,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
-- Lists walk every trigger by position; the engine reads the active ones on each ticket update.
CREATE INDEX ticket_trigger_position_idx ON ticket_trigger (tenant_id, position, id);
CREATE INDEX ticket_trigger_active_idx ON ticket_trigger (tenant_id, position, id) WHERE active;
SELECT app.seal_tenant_table('ticket_trigger');
-- Triggers run as whoever updates the ticket (customers too), so everyone in the tenant reads them;
-- only admins write them. Postgres allows no WITH CHECK on a DELETE policy, hence the second one.
CREATE POLICY trigger_admin_write ON ticket_trigger AS RESTRICTIVE
	USING (true)
	WITH CHECK ((SELECT app.app_role()) = 'admin');
CREATE POLICY trigger_admin_delete ON ticket_trigger AS RESTRICTIVE FOR DELETE
	USING ((SELECT app.app_role()) = 'admin');

-- A macro without an owner is shared (admins write those); a macro with an owner is that user's
-- personal macro, which nobody else sees. Customers see none.
CREATE TABLE macro (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	owner_id uuid,
	name text NOT NULL,
	description text,
	active boolean NOT NULL DEFAULT true,
	position integer NOT NULL,
	actions jsonb NOT NULL,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX macro_position_idx ON macro (tenant_id, position, id);
SELECT app.seal_tenant_table('macro');
CREATE POLICY macro_owner ON macro AS RESTRICTIVE
	USING ((SELECT app.app_role()) IS DISTINCT FROM 'customer'
		AND (owner_id IS NULL OR owner_id = (SELECT app.user_id())))
	WITH CHECK ((SELECT app.app_role()) IS DISTINCT FROM 'customer'
		AND (owner_id = (SELECT app.user_id()) OR (owner_id IS NULL AND (SELECT app.app_role()) = 'admin')));
CREATE POLICY macro_owner_delete ON macro AS RESTRICTIVE FOR DELETE
	USING (owner_id = (SELECT app.user_id()) OR (owner_id IS NULL AND (SELECT app.app_role()) = 'admin'));
