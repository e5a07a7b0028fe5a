package id.dicomgateway.job;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life: the one state a job has, as the store keeps it and every view shows
 * it. QUEUED, RUNNING and WAITING_FOR_ORDER can change; the other four are final until a person
 * retries the job.
 */
public enum JobState {
    /** Due at its next attempt time: new, or waiting to be tried again after a failure that can heal. */
    QUEUED,
    /** Claimed by a replica, which holds its lease while it works. */
    RUNNING,
    /** SATUSEHAT has no ServiceRequest for the Accession Number yet: rechecked until it has, or the order wait ends. */
    WAITING_FOR_ORDER,
    /** Every instance stored by the router (warnings included) and no error. */
    SUCCEEDED,
    /** Some instances stored, some not: the router rebuilds the study from what it got. */
    PARTLY_FAILED,
    /** Nothing stored, or the job stopped before sending. */
    FAILED,
    /** Stopped by a person. */
    CANCELLED;

    /** States a worker may claim when due. */
    public static final Set<JobState> DUE = EnumSet.of(QUEUED, WAITING_FOR_ORDER);
    public static final Set<JobState> FINAL = EnumSet.of(SUCCEEDED, PARTLY_FAILED, FAILED, CANCELLED);
    /** Final states a person can send again. */
    public static final Set<JobState> RETRYABLE = EnumSet.of(PARTLY_FAILED, FAILED, CANCELLED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
