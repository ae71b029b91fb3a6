-- rag: what ai-rag-service keeps — each tenant's AI settings, every answer it gave (with its
-- citations, confidence and whether it abstained) and the feedback on it, the autoresponder's
-- work and its state per ticket, chat conversations, handoffs to humans and the daily count of
-- language-model calls. Every table is sealed by row-level security.

CREATE TABLE ai_settings (
	tenant_id uuid PRIMARY KEY,
	mode text NOT NULL CHECK (mode IN ('off', 'suggest', 'auto')),
	threshold double precision NOT NULL CHECK (threshold >= 0 AND threshold <= 1),
	channels text[] NOT NULL,
	tone text,
	max_replies_per_ticket integer NOT NULL CHECK (max_replies_per_ticket >= 0),
	daily_llm_budget integer NOT NULL CHECK (daily_llm_budget >= 0),
	agent_user_id uuid,
	handover_group_id uuid,
	version bigint NOT NULL,
	updated_at timestamptz NOT NULL,
	updated_by uuid
);
SELECT app.seal_tenant_table('ai_settings');

CREATE TABLE answer (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	source text NOT NULL CHECK (source IN ('api', 'autoresponder', 'conversation', 'assist')),
	question text NOT NULL,
	answer text NOT NULL,
	citations jsonb NOT NULL,
	confidence double precision NOT NULL,
	abstained boolean NOT NULL,
	reason text,
	generator text NOT NULL,
	conversation_id uuid,
	ticket_id uuid,
	asked_by uuid,
	created_at timestamptz NOT NULL
);
SELECT app.seal_tenant_table('answer');
CREATE INDEX answer_tenant_created ON answer (tenant_id, created_at);

CREATE TABLE answer_feedback (
	tenant_id uuid NOT NULL,
	answer_id uuid NOT NULL REFERENCES answer (id) ON DELETE CASCADE,
	user_id uuid NOT NULL,
	rating text NOT NULL CHECK (rating IN ('up', 'down')),
	comment text,
	created_at timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, answer_id, user_id)
);
SELECT app.seal_tenant_table('answer_feedback');
CREATE INDEX answer_feedback_tenant_created ON answer_feedback (tenant_id, created_at);

-- One row per event the autoresponder took on; the unique key is what makes an event
-- answered once however often it is delivered. A worker takes pending jobs across tenants
-- (the platform identity may read and claim them) and does each as its tenant.
CREATE TABLE autoresponder_job (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	event_id uuid NOT NULL,
	kind text NOT NULL CHECK (kind IN ('ticket', 'comment')),
	ticket_id uuid NOT NULL,
	payload jsonb NOT NULL,
	status text NOT NULL CHECK (status IN ('pending', 'done')),
	attempts integer NOT NULL DEFAULT 0,
	run_after timestamptz NOT NULL,
	outcome text,
	created_at timestamptz NOT NULL,
	finished_at timestamptz,
	UNIQUE (tenant_id, event_id)
);
SELECT app.seal_tenant_table('autoresponder_job');
CREATE INDEX autoresponder_job_pending ON autoresponder_job (run_after) WHERE status = 'pending';
CREATE POLICY autoresponder_job_platform_read ON autoresponder_job FOR SELECT
	USING ((SELECT app.is_platform()) AND status = 'pending');

-- The bot's standing on a ticket: how often it replied, and whether it stepped back.
CREATE TABLE ticket_state (
	tenant_id uuid NOT NULL,
	ticket_id uuid NOT NULL,
	replies integer NOT NULL DEFAULT 0,
	last_answer_id uuid,
	awaiting_customer boolean NOT NULL DEFAULT false,
	stopped_reason text,
	resolved_by_ai boolean NOT NULL DEFAULT false,
	updated_at timestamptz NOT NULL,
	PRIMARY KEY (tenant_id, ticket_id)
);
SELECT app.seal_tenant_table('ticket_state');

CREATE TABLE conversation (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	channel text NOT NULL,
	audience text NOT NULL CHECK (audience IN ('public', 'signed_in', 'internal')),
	locale text,
	customer_id uuid,
	customer_name text,
	customer_email text,
	status text NOT NULL CHECK (status IN ('open', 'handed_over', 'closed')),
	low_confidence_streak integer NOT NULL DEFAULT 0,
	ticket_id uuid,
	handoff_reason text,
	started_by uuid,
	created_at timestamptz NOT NULL,
	updated_at timestamptz NOT NULL,
	version bigint NOT NULL
);
SELECT app.seal_tenant_table('conversation');
CREATE INDEX conversation_tenant_created ON conversation (tenant_id, created_at);

CREATE TABLE conversation_message (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	conversation_id uuid NOT NULL REFERENCES conversation (id) ON DELETE CASCADE,
	role text NOT NULL CHECK (role IN ('customer', 'assistant', 'system')),
	body text NOT NULL,
	answer_id uuid,
	created_at timestamptz NOT NULL
);
SELECT app.seal_tenant_table('conversation_message');
CREATE INDEX conversation_message_thread ON conversation_message (tenant_id, conversation_id, id);

CREATE TABLE handoff (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL,
	ticket_id uuid,
	conversation_id uuid,
	reason text NOT NULL,
	created_at timestamptz NOT NULL
);
SELECT app.seal_tenant_table('handoff');
CREATE INDEX handoff_tenant_created ON handoff (tenant_id, created_at);

CREATE TABLE llm_usage (
	tenant_id uuid NOT NULL,
	day date NOT NULL,
	calls integer NOT NULL,
	PRIMARY KEY (tenant_id, day)
);
SELECT app.seal_tenant_table('llm_usage');
