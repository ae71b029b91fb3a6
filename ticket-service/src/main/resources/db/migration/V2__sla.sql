-- SLA: the tenant's policies, its business hours as identity-service announces them, the state of
-- each ticket's clocks, and the narrow cross-tenant read the breach scan needs.

-- Policies are tried in position order; the first whose conditions a ticket meets applies.
-- Everyone in the tenant reads them (the SLA hook runs for customers' comments too); only admins
-- write them.
CREATE TABLE sla_policy (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	name text NOT NULL,
	description text,
	position integer NOT NULL,
	conditions jsonb NOT NULL,
	targets jsonb NOT NULL,
	business_hours boolean NOT NULL,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL
);
CREATE INDEX sla_policy_position_idx ON sla_policy (tenant_id, position, id);
SELECT app.seal_tenant_table('sla_policy');
CREATE POLICY sla_policy_admin_insert ON sla_policy AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT app.app_role()) = 'admin');
CREATE POLICY sla_policy_admin_update ON sla_policy AS RESTRICTIVE FOR UPDATE
	USING ((SELECT app.app_role()) = 'admin')
	WITH CHECK ((SELECT app.app_role()) = 'admin');
CREATE POLICY sla_policy_admin_delete ON sla_policy AS RESTRICTIVE FOR DELETE
	USING ((SELECT app.app_role()) = 'admin');

-- A copy of the tenant's time zone and weekly hours (identity-service owns them), kept by the
-- tenant event consumer, which runs as the service: nobody else writes it. changed_at is when
-- identity-service changed it, so an older event delivered late cannot win.
CREATE TABLE tenant_schedule (
	tenant_id uuid PRIMARY KEY,
	time_zone text NOT NULL,
	business_hours jsonb NOT NULL,
	changed_at timestamptz NOT NULL
);
SELECT app.seal_tenant_table('tenant_schedule');
CREATE POLICY tenant_schedule_service_insert ON tenant_schedule AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT app.app_role()) = 'service');
CREATE POLICY tenant_schedule_service_update ON tenant_schedule AS RESTRICTIVE FOR UPDATE
	USING ((SELECT app.app_role()) = 'service')
	WITH CHECK ((SELECT app.app_role()) = 'service');
REVOKE DELETE, TRUNCATE ON tenant_schedule FROM ${runtime_role};

-- What a ticket's clocks need beyond the ticket's SLA columns: the pauses (pending, solved) and
-- the customer comment the next reply is owed for; it goes with its ticket. Written by the SLA hook
-- before the ticket row of a new ticket exists, hence the deferred foreign key.
CREATE TABLE ticket_sla (
	ticket_id uuid PRIMARY KEY REFERENCES ticket (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
	tenant_id uuid NOT NULL,
	paused_at timestamptz,
	pauses jsonb NOT NULL DEFAULT '[]',
	next_reply_since timestamptz
);
SELECT app.seal_tenant_table('ticket_sla');

-- The breach scan looks across tenants as the platform identity: it may read only the tickets it
-- is looking for (unbreached, unresolved, with a due time), and write none; marks are written as
-- each ticket's tenant.
CREATE POLICY ticket_sla_scan ON ticket FOR SELECT
	USING ((SELECT app.is_platform()) AND sla_breached_at IS NULL AND status NOT IN ('solved', 'closed')
		AND least(first_reply_due_at, next_reply_due_at, resolution_due_at) IS NOT NULL);
