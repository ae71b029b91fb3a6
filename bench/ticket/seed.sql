-- Seeds the ticket benchmark's database: :tenants tenants x :per_tenant tickets, each with two
-- comments, as the service would have stored them. Run by bench/ticket/run.sh as a superuser,
-- after ticket-service has migrated the schema.
--
-- Written in bulk rather than through the API (a million API calls would take hours here):
-- triggers are off for the load, and what they maintain -- each ticket's search document over
-- subject, description and comments, and the tenant's search lexicon -- is computed in the same
-- statements instead. Secondary indexes are dropped for the load and rebuilt afterwards, from
-- their own definitions.
\set ON_ERROR_STOP on
\timing on
SET search_path = ticket, extensions, public;
SET session_replication_role = replica;
SET maintenance_work_mem = '1GB';
SET work_mem = '256MB';

CREATE TEMP TABLE vocabulary AS SELECT string_to_array(
	'account access address agent answer api app application apply arrive attach attachment audit available '
	'backup balance bank billing block booking broken browser bug button cancel cancellation card cart change '
	'charge charged chat checkout client code color company configure confirm connection contact contract copy '
	'coupon credit crash customer dashboard data database date deadline declined delay delete delivery deploy '
	'device discount display document domain double download duplicate email empty encrypt error estimate '
	'event expired export failed feature field file filter firewall form format gateway guest help history '
	'import install integration internet invoice item key label language laptop latency layout license limit '
	'link load locked login logout mailbox manager message migration missing mobile monitor network '
	'notification number offline online order outage package page parcel partner password payment pending '
	'permission phone photo plan plugin portal price printer privacy problem product profile purchase quota '
	'receipt recover redirect refund region register reminder renewal report request reset restore return '
	'role router schedule screen search security server service session setting shipping signature slow '
	'software speed storage subscription support sync system tablet tax team template ticket timeout token '
	'tracking transfer translation trial update upgrade upload user username verify version video voucher '
	'warehouse warranty website webhook wifi window workflow', ' ') AS w;

CREATE TEMP TABLE tenants AS
SELECT t AS n, md5('flowsupport-bench-tenant-' || t)::uuid AS id FROM generate_series(1, :tenants) AS t;

-- A skewed pick, as real text is: a few words are everywhere, most are rare.
CREATE FUNCTION pg_temp.words(count int, salt bigint) RETURNS text
	LANGUAGE sql VOLATILE
	AS $$
		SELECT string_agg(v.w[1 + floor(power(random(), 2) * array_length(v.w, 1))::int], ' ')
		FROM vocabulary v, generate_series(1, count + (salt % 3)::int)
	$$;

-- Time-ordered (version 7 layout) ids, as the service generates them.
CREATE FUNCTION pg_temp.uuid7(at timestamptz) RETURNS uuid
	LANGUAGE sql VOLATILE
	AS $$
		SELECT (lpad(to_hex((extract(epoch FROM at) * 1000)::bigint), 12, '0') || '7'
			|| substr(md5(random()::text), 1, 3) || '8' || substr(md5(random()::text), 1, 15))::uuid
	$$;

CREATE TEMP TABLE saved_indexes AS
SELECT i.indexname, i.indexdef FROM pg_indexes i
WHERE i.schemaname = 'ticket' AND i.tablename IN ('ticket', 'ticket_comment', 'search_term')
	AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname);
DO $$
DECLARE index_name text;
BEGIN
	FOR index_name IN SELECT indexname FROM saved_indexes LOOP
		EXECUTE format('DROP INDEX ticket.%I', index_name);
	END LOOP;
END
$$;

CREATE TEMP TABLE seed AS
SELECT t.id AS tenant_id, g AS number,
	now() - interval '400 days' + (g * interval '1 hour') / (:per_tenant / 9000.0) + (t.n * interval '1 second') AS created_at,
	initcap(pg_temp.words(5, g)) AS subject,
	pg_temp.words(30, g + 1) AS description,
	pg_temp.words(18, g + 2) AS reply,
	pg_temp.words(12, g + 3) AS followup,
	md5(t.id || '-customer-' || (g % 500))::uuid AS requester_id,
	CASE WHEN g % 7 = 0 THEN NULL ELSE md5(t.id || '-agent-' || (g % 20))::uuid END AS assignee_id,
	md5(t.id || '-group-' || (g % 5))::uuid AS group_id,
	(ARRAY['new', 'open', 'pending', 'hold', 'solved', 'closed'])[1 + (g % 6)] AS status,
	(ARRAY['low', 'normal', 'normal', 'normal', 'high', 'urgent'])[1 + (g % 6)] AS priority,
	(ARRAY['question', 'incident', 'problem', 'task'])[1 + (g % 4)] AS type,
	ARRAY[(ARRAY['billing', 'shipping', 'refund', 'login', 'bug', 'vip', 'mobile'])[1 + (g % 7)]] AS tags,
	(ARRAY['email', 'web', 'chat', 'api', 'sms'])[1 + (g % 5)] AS channel
FROM tenants t, generate_series(1, :per_tenant) AS g;
ALTER TABLE seed ADD COLUMN id uuid;
UPDATE seed SET id = pg_temp.uuid7(created_at);

INSERT INTO ticket (id, tenant_id, number, subject, description, status, priority, type, requester_id, assignee_id,
	group_id, tags, channel, created_at, updated_at, version, search, solved_at, closed_at, assigned_at)
SELECT id, tenant_id, number, subject, description, status, priority, type, requester_id, assignee_id, group_id,
	tags, channel, created_at, created_at + interval '2 hours', 3,
	setweight(to_tsvector('english', subject), 'A') || setweight(to_tsvector('english', description), 'B')
		|| setweight(to_tsvector('english', reply || ' ' || followup), 'C'),
	CASE WHEN status IN ('solved', 'closed') THEN created_at + interval '2 hours' END,
	CASE WHEN status = 'closed' THEN created_at + interval '2 hours' END,
	CASE WHEN assignee_id IS NOT NULL THEN created_at + interval '10 minutes' END
FROM seed;

INSERT INTO ticket_comment (id, tenant_id, ticket_id, author_id, author_role, body, public, channel, created_at)
SELECT pg_temp.uuid7(created_at + interval '1 hour'), tenant_id, id, assignee_id, 'agent', reply, true, 'api',
	created_at + interval '1 hour'
FROM seed
UNION ALL
SELECT pg_temp.uuid7(created_at + interval '2 hours'), tenant_id, id, requester_id, 'customer', followup, true, channel,
	created_at + interval '2 hours'
FROM seed;

INSERT INTO ticket_counter (tenant_id, last_number) SELECT id, :per_tenant FROM tenants;

-- The lexicon the triggers would have built: every word of the vocabulary occurs in every tenant.
INSERT INTO search_term (tenant_id, term)
SELECT DISTINCT t.id, word FROM tenants t, vocabulary v, unnest(v.w) AS word WHERE length(word) BETWEEN 3 AND 40;

DO $$
DECLARE definition text;
BEGIN
	FOR definition IN SELECT indexdef FROM saved_indexes LOOP
		EXECUTE definition;
	END LOOP;
END
$$;

SET session_replication_role = origin;
VACUUM ANALYZE ticket;
VACUUM ANALYZE ticket_comment;
VACUUM ANALYZE search_term;
CREATE TABLE IF NOT EXISTS public.bench_seeded (tenants int, per_tenant int, seeded_at timestamptz DEFAULT now());
INSERT INTO public.bench_seeded (tenants, per_tenant) VALUES (:tenants, :per_tenant);
