package id.dicomgateway.api;

import id.dicomgateway.security.audit.AuditSubject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The 202 of {@code ?async=true}: the work goes on as a job; {@code Location} and {@code jobId} name it. */
@Schema(name = "JobAccepted", description = "Accepted: the study is being sent as job jobId; GET /api/jobs/{jobId} follows it")
public record JobAccepted(
        @Schema(description = "Always \"accepted\"", examples = "accepted") String status,
        @Schema(description = "The job's id", examples = "0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11") String jobId) implements AuditSubject {
}
