-- A data-subject erasure redacts the person out of its tenant's own outbox events in place and queues
-- them again (shared-lib PlatformPersonalData), as the service identity of that tenant.
CREATE POLICY outbox_tenant_redact ON outbox_event FOR UPDATE
	USING (tenant_id = (SELECT app.tenant_id()))
	WITH CHECK (tenant_id = (SELECT app.tenant_id()));
