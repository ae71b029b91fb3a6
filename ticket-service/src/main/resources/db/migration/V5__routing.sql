-- routing: how each agent group takes its tickets, and when each agent was last given one by
-- round robin. Group membership itself lives in identity-service.

CREATE TABLE routing_group (
	tenant_id uuid NOT NULL,
	group_id uuid NOT NULL,
	mode text NOT NULL CHECK (mode IN ('manual', 'round_robin')),
	updated_by uuid,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, group_id)
);
SELECT app.seal_tenant_table('routing_group');
-- Every update may read a group's mode (routing runs as whoever changed the ticket, customers
-- included); only admins set it.
CREATE POLICY routing_group_admin_insert ON routing_group AS RESTRICTIVE FOR INSERT
	WITH CHECK ((SELECT app.app_role()) IN ('admin', 'super_admin'));
CREATE POLICY routing_group_admin_update ON routing_group AS RESTRICTIVE FOR UPDATE
	USING ((SELECT app.app_role()) IN ('admin', 'super_admin'))
	WITH CHECK ((SELECT app.app_role()) IN ('admin', 'super_admin'));
CREATE POLICY routing_group_admin_delete ON routing_group AS RESTRICTIVE FOR DELETE
	USING ((SELECT app.app_role()) IN ('admin', 'super_admin'));

-- The tie-break of round robin: among agents with equal open load, the one given a ticket least
-- recently goes first. Written by routing on behalf of whoever changed the ticket.
CREATE TABLE routing_member (
	tenant_id uuid NOT NULL,
	user_id uuid NOT NULL,
	last_assigned_at timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, user_id)
);
SELECT app.seal_tenant_table('routing_member');

-- Open load: unresolved tickets assigned to each of the given agents, across the caller's whole
-- tenant. A customer, or an agent restricted to groups, sees only some tickets, yet routing their
-- ticket must weigh every agent's full load; so the count runs as the tenant's service identity,
-- for this one statement, and the caller's claims are put back before the function returns (an
-- error aborts the transaction, so nothing runs after it with the borrowed claims). It reveals
-- counts only, for the caller's own tenant, and is called by routing alone. The index on
-- (tenant_id, assignee_id, status, id) answers it.
CREATE FUNCTION routing_open_load(agents uuid[]) RETURNS TABLE (agent_id uuid, open_tickets bigint)
	LANGUAGE plpgsql
	AS $$
	DECLARE
		caller text := current_setting('request.jwt.claims', true);
		tenant uuid := app.tenant_id();
	BEGIN
		IF tenant IS NULL THEN
			RETURN;
		END IF;
		PERFORM set_config('request.jwt.claims',
			jsonb_build_object('tenant_id', tenant, 'app_role', 'service', 'service', 'ticket-routing')::text, true);
		RETURN QUERY
			SELECT a.id, count(t.id)
			FROM unnest(agents) AS a(id)
			LEFT JOIN ticket t ON t.tenant_id = tenant AND t.assignee_id = a.id
				AND t.status IN ('new', 'open', 'pending', 'hold')
			GROUP BY a.id;
		PERFORM set_config('request.jwt.claims', coalesce(caller, ''), true);
	END
	$$;
