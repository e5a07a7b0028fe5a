package id.dicomgateway.relay.outcome;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What happened to one study's send: one association to the router. */
@Schema(name = "StudyResult", description = "One study sent to the router in one association")
public record StudyResult(
        @Schema(description = "Study Instance UID", examples = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1") String study,
        @Schema(description = "Instances in the study", examples = "11") int instances,
        @Schema(description = "Instances the router confirmed stored", examples = "11") int sent,
        @Schema(description = "Dataset bytes sent", examples = "25840") long bytes,
        @Schema(description = "SOP Instance UIDs the router confirmed stored") List<String> stored,
        @Schema(description = "Instances not stored, with why") List<InstanceFailure> failures) {

    public boolean complete() {
        return failures.isEmpty() && sent == instances;
    }

    /** One instance the router did not store. */
    @Schema(name = "InstanceFailure")
    public record InstanceFailure(
            @Schema(description = "SOP Instance UID") String sopInstanceUid,
            @Schema(description = "Why: CONNECT_FAILED, ASSOCIATION_REJECTED, ASSOCIATION_ABORTED, CONNECTION_LOST, TIMEOUT, NO_PRESENTATION_CONTEXT, STATUS_FAILURE, READ_ERROR, PROTOCOL_ERROR",
                    examples = "ASSOCIATION_REJECTED") String cause,
            @Schema(description = "DIMSE status from the router, -1 if none", examples = "-1") int status,
            @Schema(description = "Detail") String message) {
    }
}
