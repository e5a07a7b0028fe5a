package id.dicomgateway.relay.jobs;

/** Life cycle of a job. Only QUEUED and RUNNING can change; the other three are final. */
public enum JobState {
    QUEUED,
    RUNNING,
    /** Every instance stored by the router (warnings included) and no error. */
    SUCCEEDED,
    /** Some instances stored, some not: the router rebuilds the study from what it got. */
    PARTLY_FAILED,
    /** Nothing stored, or the job stopped before sending. */
    FAILED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == PARTLY_FAILED || this == FAILED;
    }
}
