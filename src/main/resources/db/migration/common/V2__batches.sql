-- Batches (store/JdbcBatchStore): each row of a batch is a job of gateway_job, which names its
-- batch and row; a batch's counts are its jobs' states, so every replica answers the same.
-- Same SQL for PostgreSQL and the embedded H2.
CREATE TABLE gateway_batch (
    id           VARCHAR(36) NOT NULL PRIMARY KEY,
    total_rows   INTEGER     NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    -- set by a cancel, cleared by a retry of the failed rows
    cancelled_at TIMESTAMP WITH TIME ZONE
);
CREATE INDEX gateway_batch_created ON gateway_batch (created_at);

ALTER TABLE gateway_job ADD COLUMN batch_id VARCHAR(36);
-- the row's number in the batch as sent (from 1; a CSV's header is not a row)
ALTER TABLE gateway_job ADD COLUMN batch_row INTEGER;
ALTER TABLE gateway_job ADD CONSTRAINT gateway_job_batch_fk FOREIGN KEY (batch_id) REFERENCES gateway_batch (id);
CREATE INDEX gateway_job_batch ON gateway_job (batch_id, state, batch_row);
