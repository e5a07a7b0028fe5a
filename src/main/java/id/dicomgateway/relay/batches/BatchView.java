package id.dicomgateway.relay.batches;

import id.dicomgateway.relay.jobs.FailureCode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A batch as it stands: its rows' jobs counted by state and the rows that failed, with their codes. */
@RegisterForReflection
@Schema(name = "Batch", description = "A batch of studies, one job per row")
public record BatchView(
        @Schema(description = "Random id") String id,
        @Schema(description = "RUNNING while a row has not ended (queued, sending, waiting for its order), DONE when every row ended, CANCELLED when cancelled before") String state,
        @Schema(description = "Rows in the batch") int total,
        @Schema(description = "Rows by state, counted from their jobs: QUEUED, RUNNING, WAITING_FOR_ORDER, SUCCEEDED, PARTLY_FAILED, FAILED, CANCELLED") Map<String, Integer> counts,
        @Schema(description = "The rows that failed (at most the first 500)") List<RowFailure> failures,
        Instant createdAt,
        @Schema(nullable = true) Instant finishedAt) {

    /** A failed row: which, why (the job's stable code and message), and the job to read. */
    @RegisterForReflection
    @Schema(name = "BatchRowFailure")
    public record RowFailure(int row, String study, String state, FailureCode code, String message,
            @Schema(nullable = true) String jobId) {
    }
}
