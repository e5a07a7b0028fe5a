package id.dicomgateway.store;

import id.dicomgateway.job.JobState;
import java.time.Instant;
import java.util.List;

/**
 * A job as the store keeps it. Immutable: every change goes through {@link JobStore} and gives a new record.
 *
 * @param chargedAttempts attempts that ended in a failure that can heal (or lost their replica):
 *                        what the retry limit and the backoff count; waits for the order and hand-backs are not charged
 * @param nextAttemptAt when a QUEUED or WAITING_FOR_ORDER job is due
 * @param orderWaitUntil when waiting for the ServiceRequest gives up; null unless the job has waited
 * @param results per-instance results of the current attempt, as the relay chose to keep them
 * @param outcomeCode the last attempt's outcome code, or the final one
 * @param version grows with every change; a reader that saw version n has seen everything up to n
 * @param filesNode the node whose spool holds the job's files ({@code filesLocation}); only it runs the job. Null: any replica
 */
public record JobRecord(
        String id,
        String kind,
        JobState state,
        String studyUid,
        String filesLocation,
        String patientId,
        String accessionNumber,
        boolean force,
        boolean verify,
        List<Attempt> attempts,
        int chargedAttempts,
        Instant nextAttemptAt,
        String leaseHolder,
        Instant leaseExpiresAt,
        Instant orderWaitUntil,
        Progress progress,
        List<InstanceRecord> results,
        List<CheckRecord> checks,
        String outcomeCode,
        String message,
        Instant createdAt,
        Instant updatedAt,
        Instant startedAt,
        Instant finishedAt,
        long version,
        String filesNode) {

    public JobRecord {
        attempts = List.copyOf(attempts);
        results = List.copyOf(results);
        checks = List.copyOf(checks);
    }

    /** The attempt in progress or the last one; null before the first claim. */
    public Attempt lastAttempt() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1);
    }
}
