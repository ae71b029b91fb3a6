-- Data-subject erasure and retention (GDPR).

-- A tenant's retention policy: closed tickets older than closed_tickets_days are deleted with
-- their comments and history. No row, or a null, keeps them forever.
CREATE TABLE retention_policy (
	tenant_id uuid PRIMARY KEY,
	closed_tickets_days integer CHECK (closed_tickets_days BETWEEN 1 AND 36500),
	version bigint NOT NULL DEFAULT 0,
	updated_by uuid,
	updated_at timestamptz NOT NULL
);
SELECT app.seal_tenant_table('retention_policy');
-- The retention job looks for tenants with a policy as the platform identity; it deletes as each tenant.
CREATE POLICY retention_policy_platform_read ON retention_policy FOR SELECT
	USING ((SELECT app.is_platform()) AND closed_tickets_days IS NOT NULL);

CREATE INDEX ticket_closed_idx ON ticket (tenant_id, closed_at, id) WHERE status = 'closed';

-- A ticket's history stays append-only for the runtime role. Only the two functions below, which run
-- as the owner and still under row-level security, change it: erasure rewrites a person out of it,
-- retention removes the history of closed tickets it deletes.
CREATE POLICY audit_erase ON ticket_audit FOR UPDATE
	USING (tenant_id = (SELECT app.tenant_id())) WITH CHECK (tenant_id = (SELECT app.tenant_id()));
CREATE POLICY audit_retention ON ticket_audit FOR DELETE
	USING (tenant_id = (SELECT app.tenant_id()) AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = ticket_id AND t.status = 'closed'));

-- A JSON document with the subject's id replaced by the tombstone's and every redaction (any case, as a
-- whole word) replaced by [redacted]; longer redactions first, so a full name goes before its parts.
CREATE FUNCTION redact_json(doc jsonb, subject uuid, tombstone uuid, redactions text[]) RETURNS jsonb
	LANGUAGE plpgsql IMMUTABLE
	AS $$
	DECLARE
		content text := replace(doc::text, subject::text, tombstone::text);
		literal text;
	BEGIN
		FOR literal IN SELECT r FROM unnest(redactions) AS r WHERE length(r) > 0 ORDER BY length(r) DESC LOOP
			-- As JSON writes the text, without its quotes, with the pattern's special characters escaped.
			literal := to_jsonb(literal)::text;
			literal := regexp_replace(substr(literal, 2, length(literal) - 2), '([.^$*+?()\[\]{}|\\-])', '\\\1', 'g');
			content := regexp_replace(content, '(?<![[:alnum:]_])' || literal || '(?![[:alnum:]_])', '[redacted]', 'gi');
		END LOOP;
		RETURN content::jsonb;
	END
	$$;

CREATE FUNCTION erase_from_ticket_audit(subject uuid, tombstone uuid, redactions text[], tickets uuid[])
	RETURNS integer
	LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
	AS $$
	DECLARE
		changed integer;
	BEGIN
		UPDATE ticket_audit
		SET actor_id = CASE WHEN actor_id = subject THEN tombstone ELSE actor_id END,
			changes = redact_json(changes, subject, tombstone, redactions)
		WHERE tenant_id = (SELECT app.tenant_id())
			AND (actor_id = subject OR ticket_id = ANY (tickets))
			AND (actor_id = subject OR changes IS DISTINCT FROM redact_json(changes, subject, tombstone, redactions));
		GET DIAGNOSTICS changed = ROW_COUNT;
		RETURN changed;
	END
	$$;

CREATE FUNCTION purge_closed_ticket_audit(tickets uuid[]) RETURNS integer
	LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT
	AS $$
	DECLARE
		removed integer;
	BEGIN
		DELETE FROM ticket_audit a
		WHERE a.tenant_id = (SELECT app.tenant_id()) AND a.ticket_id = ANY (tickets)
			AND EXISTS (SELECT 1 FROM ticket t WHERE t.id = a.ticket_id AND t.status = 'closed');
		GET DIAGNOSTICS removed = ROW_COUNT;
		RETURN removed;
	END
	$$;

REVOKE ALL ON FUNCTION erase_from_ticket_audit(uuid, uuid, text[], uuid[]) FROM PUBLIC;
REVOKE ALL ON FUNCTION purge_closed_ticket_audit(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION erase_from_ticket_audit(uuid, uuid, text[], uuid[]) TO ${runtime_role};
GRANT EXECUTE ON FUNCTION purge_closed_ticket_audit(uuid[]) TO ${runtime_role};
