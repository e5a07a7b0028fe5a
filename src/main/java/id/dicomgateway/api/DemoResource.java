package id.dicomgateway.api;

import id.dicomgateway.demo.DemoReceiver;
import id.dicomgateway.demo.ReceiverRecord;
import id.dicomgateway.demo.SampleStudy;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Demo mode's endpoints: the sample study to send, and what the embedded receiver got. */
@Path("/api/demo")
@RolesAllowed(Roles.VIEWER)
@Tag(name = "Demo")
public class DemoResource {
    @Inject
    DemoReceiver receiver;

    @GET
    @Path("/router")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "demoRouterRecord", summary = "What the embedded receiver (demo mode's router) got, newest association first",
            description = "Per association: calling AE, released or aborted, and per study the instances with PatientID and AccessionNumber as received."
                    + " The last 50 associations are kept.")
    @APIResponse(responseCode = "200", description = "The record")
    @APIResponse(responseCode = "400", description = "limit out of range (INVALID_REQUEST)", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "404", description = "Demo mode is off (NOT_FOUND)", content = @Content(mediaType = "application/json"))
    public ReceiverRecord router(@QueryParam("limit") @Parameter(description = "associations to return, 1 to 50 (default 20)",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "50", defaultValue = "20")) String limit) {
        if (!receiver.enabled()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Demo mode is off, so there is no embedded receiver: start the gateway with GATEWAY_DEMO=true"
                    + " (it is on by default in ./mvnw quarkus:dev)");
        }
        return receiver.record(QueryParams.number("limit", limit, 20, 1, 50));
    }

    @GET
    @Path("/sample.zip")
    @Produces("application/zip")
    @Operation(operationId = "demoSampleStudy", summary = "The synthetic sample study, as a ZIP to upload",
            description = "Three series, ten instances, about 300 KB of DICOM; no real patient; AccessionNumber empty, so an upload must set one"
                    + " (POST it to /api/dicom/upload with 'patientid' and 'acc'). Served in every mode; only demo mode has a receiver to send it to safely.")
    @APIResponse(responseCode = "200", description = "The ZIP", content = @Content(mediaType = "application/zip", schema = @Schema(type = SchemaType.STRING, format = "binary")))
    public Response sample() {
        return Response.ok((StreamingOutput) out -> {
            try (InputStream in = SampleStudy.open()) {
                in.transferTo(out);
            }
        }, "application/zip").header("Content-Disposition", "attachment; filename=\"" + SampleStudy.FILE_NAME + "\"").build();
    }
}
