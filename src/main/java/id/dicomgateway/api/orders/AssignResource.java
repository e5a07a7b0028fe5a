package id.dicomgateway.api.orders;

import id.dicomgateway.orders.Assignments;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * A person assigns a waiting study to its order (issue 24 item 3): operators only, an action of the audit trail.
 * Beside the job resource, not in it: the use case is the orders'.
 */
@Path("/api/jobs/{id}/assign")
@RolesAllowed(Roles.OPERATOR)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders", description = "Scheduled orders, offered to modalities as the Modality Worklist")
public class AssignResource {
    @Inject
    Assignments assignments;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "assignJobToOrder", summary = "Give a waiting job its order",
            description = "A received study without an Accession Number that no single open order matched waits (WAITING_FOR_ORDER). "
                    + "This takes the named order's AccessionNumber and PatientID into every instance (never its UIDs), moves the order "
                    + "to IMAGES_RECEIVED with the job, and queues the job to be sent. The order then follows the job.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AssignRequest.class)))
    @APIResponse(responseCode = "200", description = "The job, QUEUED, and the order", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = AssignResult.class)))
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: the message names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "404", description = "JOB_NOT_FOUND, or NOT_FOUND: no such order",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "409", description = "JOB_STATE_CONFLICT: the job is not waiting for an order (its state is in the "
            + "message); ORDER_STATE_CONFLICT: the order is cancelled, sent, confirmed or failed",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<AssignResult> assign(@PathParam("id") String id, String body) {
        return assignments.assign(id, body).map(AssignResult::of);
    }
}
