package id.dicomgateway.relay.jobs;

/** What changed in a job. SNAPSHOT is the first event a new subscriber gets. */
public enum JobEventType {
    SNAPSHOT,
    CREATED,
    PHASE,
    STARTED,
    INSTANCE,
    CHECK,
    FINISHED
}
