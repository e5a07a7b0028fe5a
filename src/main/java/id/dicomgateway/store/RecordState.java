package id.dicomgateway.store;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where a job is in its life. QUEUED, WAITING_FOR_ORDER and RUNNING can change; the other four are
 * final until a person retries the job.
 */
public enum RecordState {
    /** Due at its next attempt time: new, or waiting to retry after a failure that can heal. */
    QUEUED,
    /** Claimed by a replica, which holds its lease while it works. */
    RUNNING,
    /** SATUSEHAT has no ServiceRequest for the Accession Number yet: rechecked until the order wait ends. */
    WAITING_FOR_ORDER,
    SUCCEEDED,
    /** Some instances stored, some not. */
    PARTLY_FAILED,
    FAILED,
    CANCELLED;

    /** States a worker may claim when due. */
    public static final Set<RecordState> DUE = EnumSet.of(QUEUED, WAITING_FOR_ORDER);
    public static final Set<RecordState> FINAL = EnumSet.of(SUCCEEDED, PARTLY_FAILED, FAILED, CANCELLED);
    /** Final states a person can send again. */
    public static final Set<RecordState> RETRYABLE = EnumSet.of(PARTLY_FAILED, FAILED, CANCELLED);

    public boolean isFinal() {
        return FINAL.contains(this);
    }
}
