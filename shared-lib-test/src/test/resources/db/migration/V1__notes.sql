CREATE TABLE note (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	body text NOT NULL,
	handled_count integer NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX note_tenant_created_idx ON note (tenant_id, created_at);
SELECT app.seal_tenant_table('note');
