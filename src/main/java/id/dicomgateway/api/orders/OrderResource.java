package id.dicomgateway.api.orders;

import id.dicomgateway.api.QueryParams;
import id.dicomgateway.orders.Orders;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Orders over HTTP (issue 24): what the SIMRS or RIS scheduled, offered to the modalities as the DICOM worklist.
 * Viewers read; operators post and cancel (each an action of the audit trail).
 */
@Path("/api/orders")
@RolesAllowed(Roles.VIEWER)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Orders", description = "Scheduled orders, offered to modalities as the Modality Worklist")
public class OrderResource {
    @Inject
    Orders orders;

    @POST
    @RolesAllowed(Roles.OPERATOR)
    @Consumes({MediaType.APPLICATION_JSON, Orders.FHIR_JSON})
    @Operation(operationId = "postOrder", summary = "Schedule an order, or update the one of the same Accession Number",
            description = "The gateway's JSON (application/json: accessionNumber, patientId, patientName as DICOM PN or \"Given Family\", "
                    + "patientBirthDate, patientSex, modality, scheduledStart as ISO-8601 with offset; optional stationAeTitle, "
                    + "procedureDescription, requestedProcedureId, serviceRequestId, studyInstanceUid, generated when absent) or a FHIR "
                    + "ServiceRequest (application/fhir+json), as sent to SATUSEHAT or to the router's worklist (with a contained Patient). "
                    + "The whole order is checked before anything is stored. A ServiceRequest that names its patient only by "
                    + "subject.reference has the name, birth date and sex it lacks read from SATUSEHAT's Patient when SATUSEHAT is "
                    + "configured. Whether SATUSEHAT has the order's ServiceRequest is asked after the answer (serviceRequest in the "
                    + "order): the answer never waits for SATUSEHAT. With GATEWAY_ORDERS_ACSN_PATTERN set, JSON without "
                    + "accessionNumber is numbered by the gateway (e.g. CT203211200003, unique across replicas) and the answer carries it.")
    @APIResponse(responseCode = "201", description = "Created", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "200", description = "The order of this Accession Number was updated",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OrderView.class)))
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: the message names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    @APIResponse(responseCode = "502", description = "SATUSEHAT_UNAVAILABLE: a ServiceRequest without its patient's name, and "
            + "SATUSEHAT could not be asked for the Patient; nothing stored, send it again",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<Response> post(String body, @HeaderParam("Content-Type") String contentType) {
        return orders.post(body, contentType).map(p -> (p.created()
                ? Response.created(URI.create("/api/orders/" + p.order().id())) : Response.ok())
                .entity(OrderView.of(p.order())).type(MediaType.APPLICATION_JSON_TYPE).build());
    }

    @GET
    @Operation(operationId = "listOrders", summary = "Orders by scheduled start, filtered and paged")
    @APIResponse(responseCode = "200", description = "One page")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a filter that cannot be read",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<OrderList> list(
            @Parameter(description = "Scheduled on this day (YYYY-MM-DD, on the clock the order was posted with) or today")
            @QueryParam("day") String day,
            @Parameter(description = "Modality code, e.g. CR") @QueryParam("modality") String modality,
            @Parameter(description = "Scheduled station AE title") @QueryParam("station") String station,
            @Parameter(description = "SCHEDULED, IMAGES_RECEIVED, SENT, CONFIRMED, CANCELLED, FAILED; several separated by commas")
            @QueryParam("state") String state,
            @Parameter(description = "Accession Number") @QueryParam("acsn") String acsn,
            @Parameter(description = "Orders per page, 1-" + Orders.MAX_LIMIT + " (default 100)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + Orders.MAX_LIMIT, defaultValue = "100"))
            @QueryParam("limit") String limit,
            @Parameter(description = "Orders to skip first (default 0)",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0", maximum = "" + QueryParams.MAX_OFFSET, defaultValue = "0"))
            @QueryParam("offset") String offset) {
        return orders.list(day, modality, station, state, acsn, QueryParams.number("limit", limit, 100, 1, Orders.MAX_LIMIT),
                QueryParams.number("offset", offset, 0, 0, QueryParams.MAX_OFFSET)).map(OrderList::of);
    }

    @GET
    @Path("/{id}")
    @Operation(operationId = "getOrder", summary = "One order")
    @APIResponse(responseCode = "200", description = "The order")
    @APIResponse(responseCode = "404", description = "NOT_FOUND", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<OrderView> get(@PathParam("id") String id) {
        return orders.get(id).map(OrderView::of);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed(Roles.OPERATOR)
    @Operation(operationId = "cancelOrder", summary = "Cancel an order: the worklist no longer offers it",
            description = "The order stays, CANCELLED (posting its Accession Number again schedules it again). Cancelling twice is not an error.")
    @APIResponse(responseCode = "200", description = "The order, CANCELLED")
    @APIResponse(responseCode = "404", description = "NOT_FOUND", content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public Uni<OrderView> cancel(@PathParam("id") String id) {
        return orders.cancel(id).map(OrderView::of);
    }
}
