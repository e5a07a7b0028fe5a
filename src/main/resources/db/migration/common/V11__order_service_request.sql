-- Issue 24 item 1: whether SATUSEHAT has the order's ServiceRequest, asked when the order arrives (after the answer,
-- and again on the orders' timer while it is not found) and recorded again from the check before its study is sent.
-- UNKNOWN until asked, and whenever SATUSEHAT is not configured or could not be asked. Same SQL for PostgreSQL and H2.
ALTER TABLE gateway_order ADD COLUMN service_request_status VARCHAR(16) DEFAULT 'UNKNOWN' NOT NULL;
-- the id of the ServiceRequest SATUSEHAT holds for the Accession Number, when FOUND
ALTER TABLE gateway_order ADD COLUMN service_request_found_id VARCHAR(64);
ALTER TABLE gateway_order ADD COLUMN service_request_checked_at TIMESTAMP WITH TIME ZONE;
-- why it is UNKNOWN, or which check said so (no patient name, no token)
ALTER TABLE gateway_order ADD COLUMN service_request_note VARCHAR(200);
