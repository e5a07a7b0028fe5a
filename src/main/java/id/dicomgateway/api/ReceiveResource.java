package id.dicomgateway.api;

import id.dicomgateway.receive.GatewayScp;
import id.dicomgateway.receive.ReceivedStudy;
import id.dicomgateway.receive.RuleView;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Read-only views of the receive side: studies sent to the gateway's Storage SCP
 * ({@code GATEWAY_SCP_PORT}) and the rules in force ({@code GATEWAY_RULES}).
 */
@Path("/api/receive")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Receive", description = "Studies the PACS or a modality sent to the gateway over DICOM (C-STORE), and the rules "
        + "applied to them. Set up the sender: dcm4chee-arc an export rule to a DICOM export destination with the gateway's "
        + "AE title, host and GATEWAY_SCP_PORT; Orthanc a DicomModalities entry [\"DICOMGW\", host, port] and "
        + "POST /modalities/{id}/store (or an auto-routing Lua/plugin). See docs/receiving.md.")
public final class ReceiveResource {
    @Inject
    GatewayScp scp;

    @GET
    @Path("/studies")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listReceivedStudies", summary = "Studies received over DICOM, most recent arrival first")
    @APIResponse(responseCode = "200", description = "Per study: senders, instances, state, rule applied, jobs")
    public List<ReceivedStudy> studies() {
        return scp.studies().list();
    }

    @GET
    @Path("/studies/{uid}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getReceivedStudy", summary = "One received study")
    @APIResponse(responseCode = "200", description = "The study")
    @APIResponse(responseCode = "400", description = "INVALID_UID", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "404", description = "NOT_FOUND: not received, or forgotten",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public ReceivedStudy study(@PathParam("uid") String uid) {
        String checked = Uid.require("uid", uid);
        return scp.studies().find(checked).orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND,
                "No study " + checked + " was received over DICOM (or it was forgotten: only the latest are kept)"));
    }

    @GET
    @Path("/rules")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getReceiveRules", summary = "The rules in force, in the order they are tried, and the SCP's address")
    @APIResponse(responseCode = "200", description = "The rules file and its rules",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = RuleView.InForce.class)))
    public RuleView.InForce rules() {
        return scp.rules();
    }
}
