-- A batch's jobs are created thousands in one transaction (store/JdbcBatchStore). No replica needs
-- to hear of each new one: workers claim from the table, and a claim's UPDATE notifies as before.
-- So their INSERTs notify nobody, as the embedded store tells its listeners only "read again".
DROP TRIGGER gateway_job_created ON gateway_job;
CREATE TRIGGER gateway_job_created AFTER INSERT ON gateway_job
    FOR EACH ROW WHEN (NEW.batch_id IS NULL) EXECUTE FUNCTION gateway_job_notify();
