package id.dicomgateway.relay.jobs;

import id.dicomgateway.dimse.StoreResult;
import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One instance's result as the job model keeps it: the network layer's StoreResult with the
 * cause as a plain name, so the API's schema does not change with the network layer's enums.
 */
@RegisterForReflection
@Schema(name = "InstanceResult", description = "The router's answer for one instance")
public record InstanceResult(
        @Schema(description = "SOP Instance UID (0008,0018)") String sopInstanceUid,
        InstanceOutcome outcome,
        @Schema(description = "DIMSE status (PS3.7 C.4.2.1.4), -1 when there was no answer") int status,
        @Schema(description = "Why it failed, as the network layer classifies it; null when stored", nullable = true) String cause,
        @Schema(description = "Human-readable detail", nullable = true) String message,
        @Schema(description = "Bytes of the instance sent") long bytes) {

    /** The network layer's answer for one instance, as the job model keeps it. */
    public static InstanceResult of(StoreResult r) {
        InstanceOutcome outcome = switch (r.outcome()) {
            case STORED -> InstanceOutcome.STORED;
            case STORED_WITH_WARNING -> InstanceOutcome.STORED_WITH_WARNING;
            case FAILED -> InstanceOutcome.FAILED;
        };
        return new InstanceResult(r.sopInstanceUid(), outcome, r.status(), r.cause() == null ? null : r.cause().name(),
                r.message(), r.bytes());
    }
}
