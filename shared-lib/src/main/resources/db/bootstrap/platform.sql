-- Platform bootstrap: run by an administrator (superuser or the RDS/Supabase master role) once per
-- database, idempotently. Everything Supabase ships itself (roles, auth.jwt(), auth.uid()) is created
-- only where absent, so the same migrations run on vanilla Postgres and on Supabase.

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'anon') THEN
		CREATE ROLE anon NOLOGIN NOINHERIT;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'authenticated') THEN
		CREATE ROLE authenticated NOLOGIN NOINHERIT;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'service_role') THEN
		CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS;
	END IF;
END
$$;

CREATE SCHEMA IF NOT EXISTS auth;
CREATE SCHEMA IF NOT EXISTS extensions;

DO $$
BEGIN
	-- Same definitions as Supabase's: claims come from the transaction-local GUC request.jwt.claims.
	IF to_regprocedure('auth.jwt()') IS NULL THEN
		CREATE FUNCTION auth.jwt() RETURNS jsonb
			LANGUAGE sql STABLE
			AS $f$
				SELECT coalesce(
					nullif(current_setting('request.jwt.claim', true), ''),
					nullif(current_setting('request.jwt.claims', true), '')
				)::jsonb
			$f$;
	END IF;
	IF to_regprocedure('auth.uid()') IS NULL THEN
		CREATE FUNCTION auth.uid() RETURNS uuid
			LANGUAGE sql STABLE
			AS $f$
				SELECT coalesce(
					nullif(current_setting('request.jwt.claim.sub', true), ''),
					(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
				)::uuid
			$f$;
	END IF;
	IF to_regprocedure('auth.role()') IS NULL THEN
		CREATE FUNCTION auth.role() RETURNS text
			LANGUAGE sql STABLE
			AS $f$
				SELECT coalesce(
					nullif(current_setting('request.jwt.claim.role', true), ''),
					(nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
				)::text
			$f$;
	END IF;
END
$$;

-- FlowSupport's own helpers keep policies short. They return NULL without claims, so a policy
-- comparing against them matches no row: no claims means zero rows, never all rows.
CREATE SCHEMA IF NOT EXISTS app;

CREATE OR REPLACE FUNCTION app.tenant_id() RETURNS uuid
	LANGUAGE sql STABLE
	AS $$ SELECT nullif((SELECT auth.jwt()) ->> 'tenant_id', '')::uuid $$;

CREATE OR REPLACE FUNCTION app.user_id() RETURNS uuid
	LANGUAGE sql STABLE
	AS $$ SELECT nullif((SELECT auth.jwt()) ->> 'sub', '')::uuid $$;

CREATE OR REPLACE FUNCTION app.app_role() RETURNS text
	LANGUAGE sql STABLE
	AS $$ SELECT nullif((SELECT auth.jwt()) ->> 'app_role', '') $$;

-- Platform machinery (the outbox relay, retention jobs) runs with app_role 'platform' and no tenant.
CREATE OR REPLACE FUNCTION app.is_platform() RETURNS boolean
	LANGUAGE sql STABLE
	AS $$ SELECT coalesce((SELECT app.app_role()) = 'platform', false) $$;

-- One call seals a tenant table: RLS enabled and forced (the owner is bound too), and a policy that
-- both filters (USING) and guards writes (WITH CHECK) on the caller's tenant.
CREATE OR REPLACE FUNCTION app.seal_tenant_table(target regclass) RETURNS void
	LANGUAGE plpgsql
	AS $$
	BEGIN
		EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', target);
		EXECUTE format('ALTER TABLE %s FORCE ROW LEVEL SECURITY', target);
		EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %s', target);
		EXECUTE format(
			'CREATE POLICY tenant_isolation ON %s USING (tenant_id = (SELECT app.tenant_id())) '
			'WITH CHECK (tenant_id = (SELECT app.tenant_id()))', target);
	END
	$$;

GRANT USAGE ON SCHEMA auth, app, extensions TO PUBLIC;
