-- Other replicas learn of every change of a job within milliseconds (store/PgNotifications):
-- a trigger rather than a NOTIFY per call costs no extra round trip and catches every writer.
-- Every real change of a job, its children included, raises its version; a lease renewal does
-- not, and so notifies nobody. PostgreSQL folds equal payloads of one transaction into one.
CREATE FUNCTION gateway_job_notify() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('gateway_jobs', NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER gateway_job_created AFTER INSERT ON gateway_job
    FOR EACH ROW EXECUTE FUNCTION gateway_job_notify();

CREATE TRIGGER gateway_job_changed AFTER UPDATE ON gateway_job
    FOR EACH ROW WHEN (OLD.version IS DISTINCT FROM NEW.version) EXECUTE FUNCTION gateway_job_notify();
