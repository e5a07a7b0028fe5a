package id.dicomgateway.store;

import id.dicomgateway.job.JobState;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A batch as the store has it: what was asked, and its jobs counted by state as they are now.
 *
 * @param total rows the batch was created with; jobs deleted by retention are no longer counted
 * @param counts every {@link JobState}, 0 included
 * @param failures FAILED and PARTLY_FAILED rows by row number, at most {@link JdbcBatchStore#FAILURES_SHOWN}
 * @param cancelledAt when a person cancelled it; null when not, or retried since
 * @param finishedAt when its last job ended; null while a job has not
 */
public record BatchRecord(String id, int total, Map<JobState, Integer> counts, List<Row> failures, Instant createdAt,
        Instant cancelledAt, Instant finishedAt) {

    public BatchRecord {
        counts = Map.copyOf(counts);
        failures = List.copyOf(failures);
    }

    /** Whether every job of the batch has ended. */
    public boolean ended() {
        return counts.entrySet().stream().noneMatch(e -> !e.getKey().isFinal() && e.getValue() > 0);
    }

    /** One row's job, as a failed row is shown. */
    public record Row(int row, String jobId, String studyUid, JobState state, String outcomeCode, String message) {
    }
}
