package id.dicomgateway.api.send;

import id.dicomgateway.api.OpenApiDocument;
import id.dicomgateway.api.QueryParams;
import id.dicomgateway.api.RouterErrorBody;
import id.dicomgateway.relay.RelayCommand;
import id.dicomgateway.relay.Relayed;
import id.dicomgateway.relay.UploadRelay;
import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.security.RateLimited;
import id.dicomgateway.security.Roles;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Uploads from a PC, part of the earlier service's contract (docs/architecture.md §3), thin over
 * {@link UploadRelay#upload}, and the clean-up of the temporary area they pass through.
 */
@Path("/api/dicom")
@Tag(name = OpenApiDocument.TAG_DICOM)
@Produces(MediaType.APPLICATION_JSON)
public class UploadResource {
    @Inject
    UploadRelay uploads;
    @Inject
    UploadFormReader form;
    @Inject
    TempArea temp;

    @POST
    @Path("/upload")
    @RolesAllowed(Roles.OPERATOR)
    @RateLimited
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    // The body is read as a blocking stream, straight into the request's temp directory.
    @Blocking
    @Operation(operationId = "uploadDicom", summary = "Upload DICOM files (or ZIPs of them), re-stamp, send to the router",
            description = "One or more 'file' parts. Every file is validated before anything is sent: one bad file and nothing is sent. Each study goes in its own association.")
    @RequestBody(required = true, content = @Content(mediaType = "multipart/form-data", schema = @Schema(implementation = UploadForm.class)))
    @APIResponse(responseCode = "200", description = "Every instance stored by the router", content = @Content(mediaType = "application/json", schema = @Schema(implementation = UploadResponse.class)))
    @APIResponse(responseCode = "202", ref = OpenApiDocument.ACCEPTED)
    @APIResponse(responseCode = "400", description = "No file, broken multipart (INVALID_REQUEST), bad PatientID/AccessionNumber (INVALID_VALUE), or a file that is not DICOM (NOT_DICOM), truncated (TRUNCATED_DICOM), not storable (NOT_STORABLE) or malformed (MALFORMED_DICOM)",
            content = @Content(mediaType = "application/json", examples = {
                    @ExampleObject(name = "TRUNCATED_DICOM", ref = OpenApiDocument.EX_TRUNCATED_DICOM), @ExampleObject(name = "INVALID_VALUE", ref = OpenApiDocument.EX_INVALID_VALUE)}))
    @APIResponse(responseCode = "413", description = "Upload over UPLOAD_MAX_SIZE, needing more temp space than allowed (TEMP_MAX_REQUEST_SIZE), or a ZIP archive expanding past 100 times its size", content = @Content(mediaType = "application/json", examples = @ExampleObject(name = "TOO_LARGE", ref = OpenApiDocument.EX_TOO_LARGE)))
    @APIResponse(responseCode = "507", description = "The gateway's disk quota (GATEWAY_TEMP_QUOTA, GATEWAY_SPOOL_QUOTA) is spent by other requests, or its volume is full (INSUFFICIENT_STORAGE); nothing was sent: send it again later", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "422", ref = OpenApiDocument.WOULD_BE_DROPPED)
    @APIResponse(responseCode = "409", ref = OpenApiDocument.ORDER_NOT_MATCHED)
    @APIResponse(responseCode = "502", ref = OpenApiDocument.SATUSEHAT_UNCHECKED)
    @APIResponse(responseCode = "415", description = "Body is not multipart/form-data", content = @Content(mediaType = "application/json"))
    @APIResponse(responseCode = "500", description = "Router not storing everything (ROUTER_REJECTED, ROUTER_FAILED; RouterError schema with what was stored)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RouterErrorBody.class), examples = @ExampleObject(name = "ROUTER_REJECTED", ref = OpenApiDocument.EX_ROUTER_REJECTED)))
    public Uni<Response> upload(InputStream body, @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") Long contentLength,
            @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = SendAnswers.ASYNC, schema = @Schema(type = SchemaType.BOOLEAN)) String async) {
        boolean background = QueryParams.flag("async", async); // before any file is held
        UploadedFiles files = uploads.open();
        RelayCommand command = form.read(body, contentType, contentLength == null ? -1 : contentLength, files, background);
        return uploads.upload(command).map(answer -> SendAnswers.respond(answer, UploadResource::uploadResponse));
    }

    private static UploadResponse uploadResponse(Relayed r, String jobId) {
        return new UploadResponse("success", r.message(), r.files(), r.instances(), r.sent(), r.bytes(), r.studies(), r.durationMs(), jobId);
    }

    @DELETE
    @Path("/temp")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "purgeTemp", summary = "Remove leftovers from the temporary area",
            description = "Deletes every request directory under TEMP_DIR that no running request uses, and says what it removed.")
    @APIResponse(responseCode = "200", description = "What was removed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TempResponse.class)))
    @APIResponse(responseCode = "500", description = "Internal error", content = @Content(mediaType = "application/json"))
    public Uni<TempResponse> purgeTemp() {
        return Uni.createFrom().item(() -> {
            TempArea.Purge p = temp.purge();
            return new TempResponse("success", "Removed " + p.directories() + " leftover request director" + (p.directories() == 1 ? "y" : "ies")
                    + " (" + p.bytes() + " bytes); " + p.inUse() + " in use " + (p.inUse() == 1 ? "was" : "were") + " kept", p.directories(), p.bytes(), p.inUse());
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
