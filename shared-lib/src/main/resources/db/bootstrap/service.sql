-- Per-service bootstrap, run by the administrator after platform.sql. Placeholders are replaced
-- with validated identifiers: ${schema}, ${owner} (owns the schema, runs Flyway) and ${app} (the
-- runtime login: owns nothing, no BYPASSRLS, granted only its own schema).

DO $$
BEGIN
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${owner}') THEN
		CREATE ROLE ${owner} LOGIN NOINHERIT;
	END IF;
	IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${app}') THEN
		CREATE ROLE ${app} LOGIN NOINHERIT;
	END IF;
END
$$;

-- Re-asserted every time so that a hand-edited role cannot keep a dangerous attribute.
ALTER ROLE ${owner} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;
ALTER ROLE ${app} NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS NOREPLICATION;

CREATE SCHEMA IF NOT EXISTS ${schema} AUTHORIZATION ${owner};
ALTER SCHEMA ${schema} OWNER TO ${owner};
REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;
GRANT USAGE ON SCHEMA ${schema} TO ${app};

ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema}
	GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema}
	GRANT USAGE, SELECT ON SEQUENCES TO ${app};
ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema}
	GRANT EXECUTE ON FUNCTIONS TO ${app};

DO $$
BEGIN
	EXECUTE format('ALTER ROLE ${owner} IN DATABASE %I SET search_path = ${schema}, extensions, public',
		current_database());
	EXECUTE format('ALTER ROLE ${app} IN DATABASE %I SET search_path = ${schema}, extensions, public',
		current_database());
END
$$;
