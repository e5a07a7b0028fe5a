package id.dicomgateway.relay.jobs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A named check of a job's outcome beyond C-STORE, e.g. "satusehat.imagingStudy". C-STORE
 * success only means "file received" by the router (docs/architecture.md §5), so confirmations are
 * recorded next to the transfer, by name, with the latest result winning.
 */
@RegisterForReflection
@Schema(name = "JobCheck")
public record Check(
        @Schema(description = "Stable name of the check", examples = "satusehat.imagingStudy") String name,
        CheckStatus status,
        @Schema(description = "What was found, e.g. the ImagingStudy id", nullable = true) String detail,
        Instant at) {
}
