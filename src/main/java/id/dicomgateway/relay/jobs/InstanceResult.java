package id.dicomgateway.relay.jobs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One instance's result as the job model keeps it. Mirrors the network layer's StoreResult
 * without depending on it, so the job model stays the same whatever sends the instances.
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
}
