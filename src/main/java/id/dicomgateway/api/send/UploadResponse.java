package id.dicomgateway.api.send;

import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.security.audit.AuditSubject;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Success of upload: the old {@code "status":"success"} plus what happened, per study. */
@Schema(name = "UploadResponse", description = "Uploaded files relayed to the router, one association per study")
public record UploadResponse(
        @Schema(description = "Always \"success\"", examples = "success") String status,
        @Schema(description = "What happened, in words", examples = "3 instances in 1 study sent to DCMROUTER@127.0.0.1:11112") String message,
        @Schema(description = "'file' parts received", examples = "1") int files,
        @Schema(description = "Instances found in them (ZIP archives expanded)", examples = "3") int instances,
        @Schema(description = "Instances the router confirmed stored", examples = "3") int sent,
        @Schema(description = "Dataset bytes sent", examples = "7046") long bytes,
        @Schema(description = "One entry per study, each sent in one association") List<StudyResult> studies,
        @Schema(description = "Milliseconds from request to the last release", examples = "230") long durationMs,
        @Schema(description = "The job of this request: GET /api/jobs/{jobId} shows it, with the SATUSEHAT checks that come later", examples = "0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11") String jobId) implements AuditSubject {
}
