package id.dicomgateway.api;

import id.dicomgateway.relay.confirm.ImagingStudyLookup;
import id.dicomgateway.security.RateLimited;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** SATUSEHAT ImagingStudy lookup by Accession Number, as the old service offered it. */
@Path("/api/dicom/imageid")
@Tag(name = OpenApiDocument.TAG_DICOM)
public class ImageIdResource {

    @Inject
    ImagingStudyLookup lookup;

    @GET
    @Path("/{acsn}")
    @RolesAllowed(Roles.VIEWER)
    @RateLimited
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getImagingStudyId",
            summary = "Get the SATUSEHAT ImagingStudy id for an Accession Number",
            description = "Looks up, in SATUSEHAT, the ImagingStudy that the DICOM Router created for this Accession Number "
                    + "(identifier http://sys-ids.kemkes.go.id/acsn/{SATUSEHAT_ORG_ID}|{acsn}). "
                    + "Use it to check that a study sent through the router arrived.")
    @APIResponse(responseCode = "200", description = "The ImagingStudy was found",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ImageIdResponse.class),
                    examples = @ExampleObject(name = "found", value = """
                            {"status":"success","imagingStudy_id":"4630e0ce-26a6-4ae5-ab02-c66138ee1bbe","patient_reference":"Patient/P00284578000"}""")))
    @APIResponse(responseCode = "400", description = "The Accession Number breaks DICOM SH rules (1-16 characters, no backslash, no control characters)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "tooLong", value = """
                            {"status":"error","message":"Accession Number is longer than 16 characters (DICOM SH)","code":"INVALID_VALUE"}""")))
    @APIResponse(responseCode = "404", description = "SATUSEHAT has no ImagingStudy for this Accession Number (yet)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "notFound", value = """
                            {"status":"error","message":"No ImagingStudy found for this Accession Number","code":"IMAGING_STUDY_NOT_FOUND"}""")))
    @APIResponse(responseCode = "502", description = "SATUSEHAT refused the gateway's credentials, failed, or did not answer in time",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = {
                            @ExampleObject(name = "authFailed", value = """
                                    {"status":"error","message":"SATUSEHAT refused the gateway's credentials (HTTP 401): check SATUSEHAT_CLIENT_ID and SATUSEHAT_CLIENT_SECRET","code":"SATUSEHAT_AUTH_FAILED"}"""),
                            @ExampleObject(name = "unavailable", value = """
                                    {"status":"error","message":"SATUSEHAT answered the ImagingStudy search with HTTP 503","code":"SATUSEHAT_UNAVAILABLE"}""")}))
    @APIResponse(responseCode = "503", description = "SATUSEHAT access is not configured on this gateway",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "notConfigured", value = """
                            {"status":"error","message":"SATUSEHAT is not configured: set SATUSEHAT_URL, SATUSEHAT_ORG_ID, SATUSEHAT_CLIENT_ID, SATUSEHAT_CLIENT_SECRET","code":"SATUSEHAT_NOT_CONFIGURED"}""")))
    public Uni<ImageIdResponse> imageId(
            @Parameter(description = "Accession Number (DICOM SH: 1-16 characters, no backslash)", example = "202512300001",
                    schema = @Schema(type = SchemaType.STRING, maxLength = ImagingStudyLookup.MAX_ACCESSION_NUMBER_LENGTH, minLength = 1))
            @PathParam("acsn") String acsn) {
        return lookup.find(acsn).map(found -> ImageIdResponse.found(found.imagingStudyId(), found.patientReference()));
    }
}
