-- identity: tenants, users, groups, sessions (refresh-token families), signing keys, invitations,
-- API keys and the security audit log. Every tenant table is sealed by row-level security.

CREATE TABLE tenant (
	id uuid PRIMARY KEY,
	slug text NOT NULL UNIQUE,
	name text NOT NULL,
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended')),
	plan text NOT NULL DEFAULT 'standard',
	settings jsonb NOT NULL DEFAULT '{}',
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE tenant ENABLE ROW LEVEL SECURITY;
ALTER TABLE tenant FORCE ROW LEVEL SECURITY;
-- A tenant sees itself; super admins (platform operators) see every tenant.
CREATE POLICY tenant_self ON tenant
	USING (id = (SELECT app.tenant_id()) OR (SELECT app.app_role()) = 'super_admin')
	WITH CHECK (id = (SELECT app.tenant_id()) OR (SELECT app.app_role()) = 'super_admin');

-- Login, signup and the public help center address a tenant by slug before any tenant is in scope.
-- Global by design: it holds only the public slug, the id and whether the tenant may sign in.
CREATE TABLE tenant_directory (
	slug text PRIMARY KEY,
	tenant_id uuid NOT NULL UNIQUE,
	active boolean NOT NULL DEFAULT true
);

CREATE TABLE app_user (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	email text NOT NULL,
	name text NOT NULL,
	role text NOT NULL CHECK (role IN ('customer', 'agent', 'admin', 'super_admin')),
	status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
	password_hash text,
	password_changed_at timestamptz,
	restricted_to_groups boolean NOT NULL DEFAULT false,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (tenant_id, email)
);
SELECT app.seal_tenant_table('app_user');
-- Customers see their own account only, whatever the code asks for.
CREATE POLICY customer_sees_self ON app_user AS RESTRICTIVE
	USING ((SELECT app.app_role()) IS DISTINCT FROM 'customer' OR id = (SELECT app.user_id()));

CREATE TABLE agent_group (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	name text NOT NULL,
	description text,
	created_at timestamptz NOT NULL DEFAULT now(),
	UNIQUE (tenant_id, name)
);
SELECT app.seal_tenant_table('agent_group');

CREATE TABLE group_membership (
	tenant_id uuid NOT NULL,
	group_id uuid NOT NULL REFERENCES agent_group (id) ON DELETE CASCADE,
	user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	PRIMARY KEY (tenant_id, group_id, user_id)
);
CREATE INDEX group_membership_user_idx ON group_membership (tenant_id, user_id);
SELECT app.seal_tenant_table('group_membership');

-- A session is a family of refresh tokens; each refresh rotates the token, and presenting a
-- rotated (used) token again revokes the whole family.
CREATE TABLE refresh_token (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	user_id uuid NOT NULL,
	family_id uuid NOT NULL,
	token_hash bytea NOT NULL UNIQUE,
	issued_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at timestamptz,
	revoked_at timestamptz
);
CREATE INDEX refresh_token_family_idx ON refresh_token (tenant_id, family_id);
CREATE INDEX refresh_token_user_idx ON refresh_token (tenant_id, user_id) WHERE revoked_at IS NULL;
SELECT app.seal_tenant_table('refresh_token');

-- Token signing keys are the platform's, not a tenant's. Private keys are AES-GCM encrypted
-- under the configured master key.
CREATE TABLE signing_key (
	kid text PRIMARY KEY,
	public_jwk jsonb NOT NULL,
	private_key bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	retired_at timestamptz,
	expires_at timestamptz
);

CREATE TABLE invitation (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	email text NOT NULL,
	role text NOT NULL CHECK (role IN ('agent', 'admin')),
	token_hash bytea NOT NULL UNIQUE,
	invited_by uuid NOT NULL,
	expires_at timestamptz NOT NULL,
	accepted_at timestamptz,
	created_at timestamptz NOT NULL DEFAULT now()
);
SELECT app.seal_tenant_table('invitation');

CREATE TABLE api_key (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	name text NOT NULL,
	role text NOT NULL CHECK (role IN ('agent', 'admin')),
	key_hash bytea NOT NULL UNIQUE,
	created_by uuid NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	last_used_at timestamptz,
	revoked_at timestamptz
);
SELECT app.seal_tenant_table('api_key');

-- Security audit log: the runtime role may add and read, never change or remove.
CREATE TABLE audit_event (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	occurred_at timestamptz NOT NULL DEFAULT now(),
	actor_id uuid,
	actor_role text,
	action text NOT NULL,
	target_type text,
	target_id text,
	client_ip text,
	details jsonb NOT NULL DEFAULT '{}'
);
CREATE INDEX audit_event_tenant_time_idx ON audit_event (tenant_id, occurred_at DESC, id DESC);
ALTER TABLE audit_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_event FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_read ON audit_event FOR SELECT USING (tenant_id = (SELECT app.tenant_id()));
CREATE POLICY audit_append ON audit_event FOR INSERT WITH CHECK (tenant_id = (SELECT app.tenant_id()));
REVOKE UPDATE, DELETE, TRUNCATE ON audit_event FROM ${runtime_role};
