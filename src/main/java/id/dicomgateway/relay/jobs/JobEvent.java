package id.dicomgateway.relay.jobs;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One change of a job, as sent over Server-Sent Events. */
@RegisterForReflection
@Schema(name = "JobEvent", description = "One change of a job; FINISHED is the last event of a job's stream")
public record JobEvent(
        JobEventType type,
        Instant at,
        @Schema(description = "The job after this change; its failure list is filled only in SNAPSHOT and FINISHED")
        JobView job,
        @Schema(description = "The instance that was answered, for INSTANCE events", nullable = true) InstanceResult instance,
        @Schema(description = "The check that changed, for CHECK events", nullable = true) Check check) {
}
