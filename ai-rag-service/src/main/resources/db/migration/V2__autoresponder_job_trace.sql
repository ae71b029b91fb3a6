-- The trace a job was queued in (W3C traceparent), so the worker's reply shows in the trace of the
-- ticket event, and the request, that asked for it.
ALTER TABLE autoresponder_job ADD COLUMN traceparent text;
