package id.dicomgateway.api;

import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.security.audit.AuditSubject;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * {@link ErrorBody}'s three fields, plus per study what the router did store: after a partial send the
 * caller sees what the router got; the resend is always the WHOLE study (the router rebuilds its
 * ImagingStudy from one association alone, docs/architecture.md §5.1). Used for ROUTER_FAILED and ROUTER_REJECTED only.
 */
@Schema(name = "RouterError", description = "A 500: the Error fields; when the router did not store everything (ROUTER_REJECTED, ROUTER_FAILED) also studies[] with what was stored")
public record RouterErrorBody(
        @Schema(description = "Always \"error\"", examples = "error") String status,
        @Schema(description = "What went wrong", examples = "Router DCMROUTER@127.0.0.1:11112 refused the study; nothing was stored: ASSOCIATION_REJECTED") String message,
        @Schema(description = "ROUTER_FAILED or ROUTER_REJECTED; PACS_UNREACHABLE or PACS_ERROR when the PACS failed after instances went out", examples = "ROUTER_REJECTED") ErrorCode code,
        @Schema(description = "Per study: instances stored and failed (router failures only)") List<StudyResult> studies,
        @Schema(description = "The job of this request: GET /api/jobs/{jobId} shows it", examples = "0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11") String jobId) implements AuditSubject {
}
