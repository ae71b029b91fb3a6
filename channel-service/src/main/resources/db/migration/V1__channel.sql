-- Channels a tenant's customers write from, the conversations held on them and every message in
-- and out. Tenant tables are sealed by row-level security; channel_route is the one global table.

CREATE TABLE channel (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	type text NOT NULL CHECK (type IN ('email', 'sms', 'whatsapp', 'widget')),
	provider text NOT NULL CHECK (provider IN ('smtp', 'twilio', 'meta', 'widget')),
	name text NOT NULL,
	-- Public, unguessable: names the channel in its webhook URLs and is the widget's key.
	route_key text NOT NULL UNIQUE,
	-- The email address, phone number or WhatsApp number customers write to; none for widgets.
	address text,
	settings jsonb NOT NULL DEFAULT '{}',
	-- Credentials and signing secrets: AES-256-GCM (shared-lib SecretCipher), bound to the row id.
	secrets bytea NOT NULL,
	bot_enabled boolean NOT NULL DEFAULT false,
	enabled boolean NOT NULL DEFAULT true,
	version bigint NOT NULL DEFAULT 0,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX channel_address_idx ON channel (tenant_id, type, lower(address)) WHERE address IS NOT NULL;
CREATE INDEX channel_tenant_idx ON channel (tenant_id, id);
SELECT app.seal_tenant_table('channel');

-- Webhooks, the SMTP listener and the widget address a channel before any tenant is in scope: by the
-- route key in the URL or by the address mail was sent to. Global by design: it holds only these
-- public keys and which tenant and channel they name, never a credential.
CREATE TABLE channel_route (
	kind text NOT NULL CHECK (kind IN ('key', 'email')),
	key text NOT NULL,
	tenant_id uuid NOT NULL,
	channel_id uuid NOT NULL,
	PRIMARY KEY (kind, key)
);
CREATE INDEX channel_route_channel_idx ON channel_route (channel_id);

-- One customer's thread on one channel: the ticket it feeds (none while the bot handles it), the
-- ai-rag conversation, and the per-ticket token of its email reply address.
CREATE TABLE conversation (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	channel_id uuid NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
	-- Email address, phone number, WhatsApp id, or widget visitor id.
	contact text NOT NULL,
	customer_id uuid,
	ticket_id uuid,
	ai_conversation_id text,
	reply_token text NOT NULL,
	-- Who may add to this thread by email: the requester and the people copied on it.
	participants text[] NOT NULL DEFAULT '{}',
	subject text,
	-- Where the visitor of a widget conversation may be emailed when gone.
	email text,
	mode text NOT NULL CHECK (mode IN ('bot', 'ticket')),
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_ticket_idx ON conversation (tenant_id, ticket_id) WHERE ticket_id IS NOT NULL;
CREATE UNIQUE INDEX conversation_reply_token_idx ON conversation (tenant_id, reply_token);
CREATE INDEX conversation_contact_idx ON conversation (tenant_id, channel_id, contact, updated_at DESC);
SELECT app.seal_tenant_table('conversation');

CREATE TABLE message (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	channel_id uuid NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
	conversation_id uuid REFERENCES conversation (id) ON DELETE CASCADE,
	direction text NOT NULL CHECK (direction IN ('in', 'out')),
	-- The provider's id: Message-ID, MessageSid, WhatsApp message id. Unique per channel and
	-- direction, so a provider's redelivery is stored once.
	external_id text,
	author text NOT NULL CHECK (author IN ('customer', 'agent', 'bot', 'system')),
	sender text,
	recipient text,
	subject text,
	body text NOT NULL,
	attachments jsonb NOT NULL DEFAULT '[]',
	headers jsonb NOT NULL DEFAULT '{}',
	status text NOT NULL CHECK (status IN ('received', 'processed', 'ignored', 'queued', 'sent', 'delivered', 'failed')),
	status_reason text,
	attempts integer NOT NULL DEFAULT 0,
	next_attempt_at timestamptz,
	ticket_id uuid,
	comment_id uuid,
	created_at timestamptz NOT NULL DEFAULT now(),
	updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX message_external_idx ON message (tenant_id, channel_id, direction, external_id)
	WHERE external_id IS NOT NULL;
-- A ticket comment goes out once, whatever redelivers its event.
CREATE UNIQUE INDEX message_comment_idx ON message (tenant_id, comment_id) WHERE direction = 'out' AND comment_id IS NOT NULL;
CREATE INDEX message_channel_idx ON message (tenant_id, channel_id, id DESC);
CREATE INDEX message_conversation_idx ON message (tenant_id, conversation_id, id);
CREATE INDEX message_due_idx ON message (next_attempt_at) WHERE status = 'queued';
SELECT app.seal_tenant_table('message');
-- The delivery sweep (platform identity) finds queued messages whose queue entry Redis lost; it reads
-- only their ids and tenants and writes nothing.
CREATE POLICY message_delivery_sweep ON message FOR SELECT
	USING ((SELECT app.is_platform()) AND status = 'queued');

-- A visitor of a widget: the token the browser keeps (only its SHA-256 stored) and, when the tenant
-- verifies identities, the user id its HMAC vouched for.
CREATE TABLE widget_session (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	channel_id uuid NOT NULL REFERENCES channel (id) ON DELETE CASCADE,
	token_hash bytea NOT NULL UNIQUE,
	conversation_id uuid NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
	external_user_id text,
	name text,
	email text,
	last_seen_at timestamptz NOT NULL DEFAULT now(),
	created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX widget_session_conversation_idx ON widget_session (tenant_id, conversation_id);
SELECT app.seal_tenant_table('widget_session');
