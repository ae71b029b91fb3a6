-- Platform tables present in every service schema. Applied by shared-lib with its own Flyway
-- history table (flyway_platform_history), so the service's own migrations number freely.

CREATE TABLE outbox_event (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	type text NOT NULL,
	stream text NOT NULL,
	payload jsonb NOT NULL,
	trace text,
	occurred_at timestamptz NOT NULL DEFAULT now(),
	published_at timestamptz,
	publish_attempts integer NOT NULL DEFAULT 0
);
-- The relay only ever scans what is not yet published, oldest first.
CREATE INDEX outbox_event_unpublished_idx ON outbox_event (occurred_at) WHERE published_at IS NULL;
CREATE INDEX outbox_event_tenant_occurred_idx ON outbox_event (tenant_id, occurred_at);

ALTER TABLE outbox_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox_event FORCE ROW LEVEL SECURITY;
-- Producers write their own tenant's events; only the relay (platform identity) reads across tenants.
CREATE POLICY outbox_tenant_write ON outbox_event FOR INSERT
	WITH CHECK (tenant_id = (SELECT app.tenant_id()));
CREATE POLICY outbox_tenant_read ON outbox_event FOR SELECT
	USING (tenant_id = (SELECT app.tenant_id()) OR (SELECT app.is_platform()));
CREATE POLICY outbox_platform_update ON outbox_event FOR UPDATE
	USING ((SELECT app.is_platform())) WITH CHECK ((SELECT app.is_platform()));
CREATE POLICY outbox_platform_delete ON outbox_event FOR DELETE
	USING ((SELECT app.is_platform()));

CREATE TABLE inbox_event (
	consumer text NOT NULL,
	event_id uuid NOT NULL,
	tenant_id uuid NOT NULL,
	type text NOT NULL,
	processed_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_event_processed_idx ON inbox_event (processed_at);

ALTER TABLE inbox_event ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox_event FORCE ROW LEVEL SECURITY;
CREATE POLICY inbox_tenant ON inbox_event
	USING (tenant_id = (SELECT app.tenant_id()) OR (SELECT app.is_platform()))
	WITH CHECK (tenant_id = (SELECT app.tenant_id()));

CREATE TABLE idempotency_key (
	tenant_id uuid NOT NULL,
	principal text NOT NULL,
	idempotency_key text NOT NULL,
	fingerprint text NOT NULL,
	response_status integer NOT NULL,
	response_headers jsonb NOT NULL,
	response_body bytea NOT NULL,
	created_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (tenant_id, principal, idempotency_key)
);
CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at);

ALTER TABLE idempotency_key ENABLE ROW LEVEL SECURITY;
ALTER TABLE idempotency_key FORCE ROW LEVEL SECURITY;
CREATE POLICY idempotency_tenant ON idempotency_key
	USING (tenant_id = (SELECT app.tenant_id()) OR (SELECT app.is_platform()))
	WITH CHECK (tenant_id = (SELECT app.tenant_id()));
