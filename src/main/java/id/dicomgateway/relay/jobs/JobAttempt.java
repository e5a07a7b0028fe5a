package id.dicomgateway.relay.jobs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One try at a job, as the store recorded it: a retried job keeps every earlier try, so a person
 * can see why it was sent again and which replica sent it each time.
 */
@RegisterForReflection
@Schema(name = "JobAttempt", description = "One try at a job by one replica")
public record JobAttempt(
        @Schema(description = "1 for the first try; numbers go on across retries") int number,
        @Schema(description = "When the replica took the job up") Instant startedAt,
        @Schema(description = "When the try ended; null while it runs", nullable = true) Instant endedAt,
        @Schema(description = "How it ended: SUCCEEDED, an error code (e.g. ROUTER_FAILED), LEASE_EXPIRED (its replica "
                + "stopped answering), HANDED_BACK (its replica was stopping) or CANCELLED; null while it runs",
                nullable = true) String outcomeCode,
        @Schema(description = "What the try ended with, written for people", nullable = true) String message,
        @Schema(description = "The replica (node) that made the try") String node) {
}
