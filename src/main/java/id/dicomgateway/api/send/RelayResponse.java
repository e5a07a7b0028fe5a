package id.dicomgateway.api.send;

import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.security.audit.AuditSubject;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Success of process and direct-dcm: the old {@code "status":"success"} plus what happened. */
@Schema(name = "RelayResponse", description = "A study relayed to the router")
public record RelayResponse(
        @Schema(description = "Always \"success\"", examples = "success") String status,
        @Schema(description = "What happened, in words", examples = "11 instances of study 1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1 sent to DCMROUTER@127.0.0.1:11112 in one association") String message,
        @Schema(description = "Study Instance UID", examples = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1") String study,
        @Schema(description = "Instances in the study", examples = "11") int instances,
        @Schema(description = "Instances the router confirmed stored", examples = "11") int sent,
        @Schema(description = "Dataset bytes sent", examples = "25840") long bytes,
        @Schema(description = "Instances not stored (empty on success)") List<StudyResult.InstanceFailure> failures,
        @Schema(description = "Milliseconds from request to the router's release", examples = "412") long durationMs,
        @Schema(description = "The job of this request: GET /api/jobs/{jobId} shows it, with the SATUSEHAT checks that come later", examples = "0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11") String jobId) implements AuditSubject {
}
