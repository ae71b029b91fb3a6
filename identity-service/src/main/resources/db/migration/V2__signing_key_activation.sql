-- A new signing key is published in the JWKS for a lead time before it signs anything, so every
-- verifier holds it by the time the first token naming it arrives. Keys made so far signed at once.
ALTER TABLE signing_key ADD COLUMN activates_at timestamptz;
UPDATE signing_key SET activates_at = created_at;
ALTER TABLE signing_key ALTER COLUMN activates_at SET NOT NULL;
