package id.dicomgateway.relay.jobs;

/**
 * Life cycle of a job. QUEUED, RUNNING and WAITING_FOR_ORDER can change; the other four are
 * final (until a person retries the job).
 */
public enum JobState {
    /** Waiting for a worker: new, or waiting to be tried again after a failure that can heal. */
    QUEUED,
    RUNNING,
    /** SATUSEHAT has no ServiceRequest for the Accession Number yet; checked again until it has, or the wait is over. */
    WAITING_FOR_ORDER,
    /** Every instance stored by the router (warnings included) and no error. */
    SUCCEEDED,
    /** Some instances stored, some not: the router rebuilds the study from what it got. */
    PARTLY_FAILED,
    /** Nothing stored, or the job stopped before sending. */
    FAILED,
    /** Stopped by a person. */
    CANCELLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == PARTLY_FAILED || this == FAILED || this == CANCELLED;
    }
}
