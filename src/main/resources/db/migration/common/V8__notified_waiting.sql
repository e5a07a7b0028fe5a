-- When a notice said that the job waits for its order longer than GATEWAY_NOTIFY_WAITING_AFTER
-- (notify/Notifications): the replica that sets it tells, so the notice goes out once per job
-- however many replicas look. Standard SQL for both stores.
ALTER TABLE gateway_job ADD COLUMN notified_waiting_at TIMESTAMP WITH TIME ZONE;
