-- Data-subject requests (GDPR art. 15 and 17): export and erasure jobs, worked off asynchronously
-- service by service, so that a crash or an unavailable service delays a job but never loses it.

-- An erased user keeps their id (audit entries name it) with tombstone values instead of their data.
ALTER TABLE app_user DROP CONSTRAINT app_user_status_check;
ALTER TABLE app_user ADD CONSTRAINT app_user_status_check CHECK (status IN ('active', 'disabled', 'erased'));

CREATE TABLE privacy_job (
	id uuid PRIMARY KEY,
	tenant_id uuid NOT NULL REFERENCES tenant (id),
	kind text NOT NULL CHECK (kind IN ('export', 'erasure')),
	subject_id uuid NOT NULL,
	tombstone_id uuid NOT NULL,
	-- The person's email, name and other identifiers as known at the request: services find and scrub
	-- them by these. Emptied when the job completes.
	identifiers jsonb NOT NULL DEFAULT '[]',
	status text NOT NULL CHECK (status IN ('pending', 'completed')),
	requested_by uuid,
	attempts integer NOT NULL DEFAULT 0,
	next_attempt_at timestamptz NOT NULL,
	lease_until timestamptz,
	archive bytea,
	archive_sha256 text,
	expires_at timestamptz,
	created_at timestamptz NOT NULL,
	completed_at timestamptz
);
CREATE INDEX privacy_job_tenant_idx ON privacy_job (tenant_id, id DESC);
CREATE INDEX privacy_job_due_idx ON privacy_job (next_attempt_at) WHERE status = 'pending';
CREATE INDEX privacy_job_archive_idx ON privacy_job (expires_at) WHERE archive IS NOT NULL;
SELECT app.seal_tenant_table('privacy_job');
-- The worker (platform identity) finds due jobs and expired archives across tenants; it reads nothing
-- else, and works each job as its tenant.
CREATE POLICY privacy_job_platform_read ON privacy_job FOR SELECT
	USING ((SELECT app.is_platform()) AND (status = 'pending' OR archive IS NOT NULL));

-- A job's progress per service: what is done is never asked again.
CREATE TABLE privacy_job_step (
	job_id uuid NOT NULL REFERENCES privacy_job (id) ON DELETE CASCADE,
	tenant_id uuid NOT NULL,
	service text NOT NULL,
	position integer NOT NULL,
	status text NOT NULL CHECK (status IN ('pending', 'done')),
	attempts integer NOT NULL DEFAULT 0,
	last_error text,
	result jsonb,
	done_at timestamptz,
	PRIMARY KEY (job_id, service)
);
CREATE INDEX privacy_job_step_tenant_idx ON privacy_job_step (tenant_id, job_id);
SELECT app.seal_tenant_table('privacy_job_step');
