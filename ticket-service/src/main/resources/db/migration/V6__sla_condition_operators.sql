-- SLA policies and triggers share one condition model now, whose operator for "none of these
-- tags" is not_includes; SLA policies used to call it excludes. Stored policies are rewritten so
-- that one spelling is read everywhere. The text replacement is exact: "operator": "excludes" is
-- how jsonb writes that member, and no condition value (tags, channel, group id, priority, type)
-- can contain a quote.
-- The table is sealed with FORCE ROW LEVEL SECURITY, which binds its owner too, and a migration
-- runs with no tenant's claims: the seal is lifted for this one statement and put back, inside
-- the migration's transaction, so nothing else ever sees the table unsealed.
ALTER TABLE sla_policy NO FORCE ROW LEVEL SECURITY;
UPDATE sla_policy
	SET conditions = replace(conditions::text, '"operator": "excludes"', '"operator": "not_includes"')::jsonb
	WHERE conditions::text LIKE '%"operator": "excludes"%';
ALTER TABLE sla_policy FORCE ROW LEVEL SECURITY;
