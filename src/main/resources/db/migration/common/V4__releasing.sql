-- When the replica running a job began releasing its association (JobStore.releasing): the router
-- files the study from that release on, so a cancel no longer applies and the job ends as it ends.
-- A new attempt (a claim) clears it. Standard SQL for both stores.
ALTER TABLE gateway_job ADD COLUMN releasing_at TIMESTAMP WITH TIME ZONE;
