-- Reconciliation (issue 24 item 3): a received study without an Accession Number that matches exactly one
-- open order is sent with that order's ACSN and PatientID, and the order follows the job that carries it.
-- V9 made job_id already; this migration makes sure it is there and nullable on every store, and indexes it
-- with the state, for the orders' timer that follows open jobs (orders/Orders#follow).
ALTER TABLE gateway_order ADD COLUMN IF NOT EXISTS job_id VARCHAR(36);
CREATE INDEX gateway_order_job ON gateway_order (state, job_id);
