package id.dicomgateway.api;

import id.dicomgateway.security.RateLimited;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import id.dicomgateway.relay.StudyDownload;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A study from the PACS to the browser, as the old service's download did, but every instance of it. */
@Path("/api/dicom")
@Tag(name = OpenApiDocument.TAG_DICOM)
public class DownloadResource {
    @Inject
    StudyDownload download;

    @GET
    @Path("/download/{uid}")
    @RolesAllowed(Roles.OPERATOR)
    @RateLimited
    @Produces({"application/dicom", "application/zip", "application/json"})
    // The body is written by blocking stream copies: keep the whole request off the event loop.
    @Blocking
    @Operation(operationId = "downloadStudy", summary = "Download a study from the PACS",
            description = "One instance comes as application/dicom named {uid}.dcm; several as a ZIP named {uid}.zip, streamed while it is fetched.")
    @APIResponse(responseCode = "200", description = "The study",
            content = {@Content(mediaType = "application/dicom", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary")),
                    @Content(mediaType = "application/zip", schema = @Schema(type = org.eclipse.microprofile.openapi.annotations.enums.SchemaType.STRING, format = "binary"))})
    @APIResponse(responseCode = "400", description = "Not a valid Study Instance UID", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "INVALID_UID", value = "{\"status\":\"error\",\"message\":\"'uid' is not a DICOM UID (\\\"1.02\\\"): only digits and dots, no empty components, no leading zeros (PS3.5 §9.1)\",\"code\":\"INVALID_UID\"}")))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.STUDY_NOT_FOUND)
    @APIResponse(responseCode = "500", description = "PACS unreachable (PACS_UNREACHABLE) or answering with an error (PACS_ERROR)", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "PACS_UNREACHABLE", ref = OpenApiDocument.EX_PACS_UNREACHABLE)))
    @RequiresPacs
    @APIResponse(responseCode = "503", ref = OpenApiDocument.PACS_NOT_CONFIGURED)
    public Uni<Response> download(@Parameter(description = "Study Instance UID", example = "1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1") @PathParam("uid") String uid) {
        String study = Uid.require("uid", uid);
        return download.open(study).map(d -> Response.ok((StreamingOutput) d.writer()::write, d.mediaType())
                .header("Content-Disposition", "attachment; filename=\"" + d.fileName() + "\"")
                .header("X-Instance-Count", d.instances())
                .build());
    }
}
