-- Re-encrypting channel secrets under a new key (SecretRotation) starts by listing the tenants that
-- have channels; the platform identity may read channel rows for that and writes nothing: each
-- tenant's channels are then sealed again as that tenant.
CREATE POLICY channel_secret_rotation ON channel FOR SELECT
	USING ((SELECT app.is_platform()));
