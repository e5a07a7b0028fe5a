package id.dicomgateway.store;

import java.util.Objects;

/**
 * One row of a batch to record: its number as the caller sent it and the job that carries it out
 * (queued: any replica's worker claims it).
 */
public record NewBatchRow(int row, NewJob job) {
    public NewBatchRow {
        Objects.requireNonNull(job, "job");
        if (job.runner() != null) {
            throw new IllegalArgumentException("a batch's jobs are queued, not run by their caller");
        }
    }
}
