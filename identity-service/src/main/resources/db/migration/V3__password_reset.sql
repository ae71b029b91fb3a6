-- Password reset links: a user asks for one by email and uses it once, before it expires. Only a
-- hash of the token is kept; asking again revokes the user's earlier unused links.
CREATE TABLE password_reset (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	user_id uuid NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
	token_hash bytea NOT NULL UNIQUE,
	created_at timestamptz NOT NULL DEFAULT now(),
	expires_at timestamptz NOT NULL,
	used_at timestamptz,
	revoked_at timestamptz
);
CREATE INDEX password_reset_pending_idx ON password_reset (tenant_id, user_id)
	WHERE used_at IS NULL AND revoked_at IS NULL;
SELECT app.seal_tenant_table('password_reset');
