-- The audit log becomes tamper-evident: each tenant's entries form a hash chain. Every entry has a
-- gapless per-tenant sequence number and the SHA-256 of its predecessor's hash and its own content,
-- so changing, removing or reordering any entry breaks every hash after it. The database assigns
-- seq, prev_hash and hash itself on insert (whatever the inserter supplied), serialised per tenant
-- by the chain's head row, and refuses UPDATE, DELETE and TRUNCATE to every role, the owner
-- included. Verification (identity-service AuditChainVerifier) recomputes the hashes independently.

-- Which service recorded the entry: identity itself, or the service whose audit.recorded event it is.
ALTER TABLE audit_event ADD COLUMN origin text NOT NULL DEFAULT 'identity-service';
ALTER TABLE audit_event ADD COLUMN seq bigint;
ALTER TABLE audit_event ADD COLUMN prev_hash bytea;
ALTER TABLE audit_event ADD COLUMN hash bytea;

-- The head of each tenant's chain: its last seq and hash. Written only by the chaining trigger (as
-- the owner); the runtime role may read it. It also tells a verifier where the chain must end, so
-- removing the newest entries is detected too.
CREATE TABLE audit_chain (
	tenant_id uuid PRIMARY KEY,
	seq bigint NOT NULL,
	hash bytea NOT NULL,
	updated_at timestamptz NOT NULL DEFAULT now()
);
SELECT app.seal_tenant_table('audit_chain');
-- The verification job finds the tenants to verify here, as platform machinery.
CREATE POLICY audit_chain_platform_read ON audit_chain FOR SELECT USING ((SELECT app.is_platform()));
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain FROM ${runtime_role};

-- How far the verification job has verified each tenant's chain, so each run only reads what is new
-- (and re-checks that the last verified entry still hashes the same), and what it found broken.
CREATE TABLE audit_verification (
	tenant_id uuid PRIMARY KEY,
	verified_seq bigint NOT NULL DEFAULT 0,
	verified_hash bytea NOT NULL,
	verified_at timestamptz,
	full_verified_at timestamptz,
	broken_seq bigint,
	broken_reason text,
	broken_at timestamptz
);
SELECT app.seal_tenant_table('audit_verification');

-- The canonical encoding of one field: its UTF-8 length, a colon and the text, or '-' for NULL, so
-- no two different rows encode alike.
CREATE FUNCTION audit_field(value text) RETURNS text
	LANGUAGE sql IMMUTABLE
	AS $$ SELECT CASE WHEN value IS NULL THEN '-' ELSE octet_length(convert_to(value, 'UTF8')) || ':' || value END $$;

-- hash = SHA-256(prev_hash || UTF-8 of the canonical encoding of the row's content). The time is in
-- microseconds since the epoch, details in jsonb's own (normalised) text form.
CREATE FUNCTION audit_event_hash(entry audit_event) RETURNS bytea
	LANGUAGE sql STABLE
	AS $$
		SELECT sha256(entry.prev_hash || convert_to('flowsupport.audit.v1'
			|| audit_field(entry.id::text) || audit_field(entry.tenant_id::text) || audit_field(entry.seq::text)
			|| audit_field((extract(epoch FROM entry.occurred_at) * 1000000)::bigint::text)
			|| audit_field(entry.origin) || audit_field(entry.actor_id::text) || audit_field(entry.actor_role)
			|| audit_field(entry.action) || audit_field(entry.target_type) || audit_field(entry.target_id)
			|| audit_field(entry.client_ip) || audit_field(entry.details::text), 'UTF8'))
	$$;

-- Existing entries become each tenant's chain, in the order they were recorded. The owner is bound
-- by row-level security like anyone; it steps aside for this migration only.
ALTER TABLE audit_event NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_chain NO FORCE ROW LEVEL SECURITY;
UPDATE audit_event SET seq = ordered.seq
	FROM (SELECT id, row_number() OVER (PARTITION BY tenant_id ORDER BY occurred_at, id) AS seq FROM audit_event) ordered
	WHERE audit_event.id = ordered.id;
DO $$
DECLARE
	entry audit_event;
	chain_tenant uuid;
	previous bytea;
BEGIN
	FOR entry IN SELECT * FROM audit_event ORDER BY tenant_id, seq LOOP
		IF chain_tenant IS DISTINCT FROM entry.tenant_id THEN
			chain_tenant := entry.tenant_id;
			previous := decode(repeat('00', 32), 'hex');
		END IF;
		entry.prev_hash := previous;
		previous := audit_event_hash(entry);
		UPDATE audit_event SET prev_hash = entry.prev_hash, hash = previous WHERE id = entry.id;
	END LOOP;
END
$$;
INSERT INTO audit_chain (tenant_id, seq, hash)
	SELECT DISTINCT ON (tenant_id) tenant_id, seq, hash FROM audit_event ORDER BY tenant_id, seq DESC;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_chain FORCE ROW LEVEL SECURITY;

ALTER TABLE audit_event ALTER COLUMN seq SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN prev_hash SET NOT NULL;
ALTER TABLE audit_event ALTER COLUMN hash SET NOT NULL;
CREATE UNIQUE INDEX audit_event_tenant_seq_idx ON audit_event (tenant_id, seq);

-- Appends one entry to its tenant's chain: the head row, locked until the inserting transaction ends,
-- serialises appends per tenant, so seq stays gapless and prev_hash is always the hash before.
-- SECURITY DEFINER: the head is the owner's to move, never the runtime role's.
CREATE FUNCTION audit_event_chain() RETURNS trigger
	LANGUAGE plpgsql SECURITY DEFINER
	SET search_path = ${flyway:defaultSchema}, pg_catalog
	AS $$
	DECLARE
		head audit_chain;
	BEGIN
		INSERT INTO audit_chain (tenant_id, seq, hash) VALUES (NEW.tenant_id, 0, decode(repeat('00', 32), 'hex'))
			ON CONFLICT (tenant_id) DO NOTHING;
		SELECT * INTO STRICT head FROM audit_chain WHERE tenant_id = NEW.tenant_id FOR UPDATE;
		NEW.seq := head.seq + 1;
		NEW.prev_hash := head.hash;
		NEW.hash := audit_event_hash(NEW);
		UPDATE audit_chain SET seq = NEW.seq, hash = NEW.hash, updated_at = now() WHERE tenant_id = NEW.tenant_id;
		RETURN NEW;
	END
	$$;
CREATE TRIGGER audit_event_chain BEFORE INSERT ON audit_event FOR EACH ROW EXECUTE FUNCTION audit_event_chain();

-- Append-only for every role: the runtime role lacks the privileges, and these statement triggers
-- refuse the owner too (even a statement that would touch no row). Only a superuser disabling
-- triggers can change history, and the chain then shows where.
CREATE FUNCTION audit_append_only() RETURNS trigger
	LANGUAGE plpgsql
	AS $$
	BEGIN
		RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
	END
	$$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_event
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
CREATE TRIGGER audit_chain_kept BEFORE DELETE OR TRUNCATE ON audit_chain
	FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
