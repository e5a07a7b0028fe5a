package id.dicomgateway.api.send;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.api.OpenApiDocument;
import id.dicomgateway.api.QueryParams;
import id.dicomgateway.api.RequiresPacs;
import id.dicomgateway.api.Uid;
import id.dicomgateway.relay.RelayCommand;
import id.dicomgateway.relay.Relayed;
import id.dicomgateway.relay.StudyRelay;
import id.dicomgateway.security.RateLimited;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
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
 * The two ways to send a study from the PACS, process (re-stamped) and direct-dcm (as stored): the earlier service's
 * contract (docs/architecture.md §3), thin over {@link StudyRelay#process}. Both answer alike, so what they can answer
 * is said once, on the class; each operation adds only its own 400.
 */
@Path("/api/dicom")
@Tag(name = OpenApiDocument.TAG_DICOM)
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.OPERATOR)
@RateLimited
@RequiresPacs
@APIResponse(responseCode = "200", description = "Every instance stored by the router",
        content = @Content(mediaType = "application/json", schema = @Schema(implementation = RelayResponse.class)))
@APIResponse(responseCode = "202", ref = OpenApiDocument.ACCEPTED)
@APIResponse(responseCode = "404", ref = OpenApiDocument.STUDY_NOT_FOUND)
@APIResponse(responseCode = "422", ref = OpenApiDocument.WOULD_BE_DROPPED)
@APIResponse(responseCode = "409", ref = OpenApiDocument.ORDER_NOT_MATCHED)
@APIResponse(responseCode = "502", ref = OpenApiDocument.SATUSEHAT_UNCHECKED)
@APIResponse(responseCode = "415", ref = OpenApiDocument.NOT_JSON)
@APIResponse(responseCode = "500", ref = OpenApiDocument.STUDY_RELAY_FAILED)
@APIResponse(responseCode = "503", ref = OpenApiDocument.PACS_NOT_CONFIGURED)
public class StudySendResource {
    private static final String PROCESS_SHAPE = "Request body must be JSON: {\"study\": \"<Study Instance UID>\", \"patientid\": \"<optional>\", \"acc\": \"<optional>\"}";
    private static final String DIRECT_SHAPE = "Request body must be JSON: {\"study\": \"<Study Instance UID>\"}";

    @Inject
    StudyRelay studies;

    @POST
    @Path("/process")
    @Operation(operationId = "processStudy", summary = "Fetch a study from the PACS, re-stamp PatientID/AccessionNumber, send it to the router",
            description = "Every instance of the study, in one association. 'accesionnum' is accepted for 'acc'. Each instance goes out as it arrives from the PACS; the association is released only when every instance arrived valid. A PACS failure midway aborts it (the router files none of it) and the error's studies[] says what the router had received.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProcessRequest.class),
            examples = @ExampleObject(name = "process", value = "{\"study\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1\",\"patientid\":\"P00012345\",\"acc\":\"ACC20261127001\"}")))
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing field (INVALID_REQUEST), bad UID (INVALID_UID), PatientID/AccessionNumber breaking its VR (INVALID_VALUE)",
            content = @Content(mediaType = "application/json", examples = {
                    @ExampleObject(name = "INVALID_UID", ref = OpenApiDocument.EX_INVALID_UID), @ExampleObject(name = "INVALID_VALUE", ref = OpenApiDocument.EX_INVALID_VALUE),
                    @ExampleObject(name = "INVALID_REQUEST", ref = OpenApiDocument.EX_INVALID_REQUEST)}))
    public Uni<Response> process(ProcessRequest request, @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = SendAnswers.ASYNC, schema = @Schema(type = SchemaType.BOOLEAN)) String async) {
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, PROCESS_SHAPE);
        }
        RelayCommand command = RelayCommand.process(Uid.require("study", request.study()), request.patientid(), request.acc(),
                Boolean.TRUE.equals(request.force()), !Boolean.FALSE.equals(request.verify()), QueryParams.flag("async", async));
        return studies.process(command).map(answer -> SendAnswers.respond(answer, StudySendResource::studyResponse));
    }

    @POST
    @Path("/direct-dcm")
    @Operation(operationId = "relayStudy", summary = "Relay a study from the PACS to the router unchanged",
            description = "Every instance of the study, byte for byte as the PACS sent it, in one association.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = DirectRequest.class),
            examples = @ExampleObject(name = "direct", value = "{\"study\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1\"}")))
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing field (INVALID_REQUEST), bad UID (INVALID_UID)",
            content = @Content(mediaType = "application/json", examples = {
                    @ExampleObject(name = "INVALID_UID", ref = OpenApiDocument.EX_INVALID_UID), @ExampleObject(name = "INVALID_REQUEST", ref = OpenApiDocument.EX_INVALID_REQUEST)}))
    public Uni<Response> direct(DirectRequest request, @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = SendAnswers.ASYNC, schema = @Schema(type = SchemaType.BOOLEAN)) String async) {
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, DIRECT_SHAPE);
        }
        RelayCommand command = RelayCommand.direct(Uid.require("study", request.study()), Boolean.TRUE.equals(request.force()),
                !Boolean.FALSE.equals(request.verify()), QueryParams.flag("async", async));
        return studies.process(command).map(answer -> SendAnswers.respond(answer, StudySendResource::studyResponse));
    }

    private static RelayResponse studyResponse(Relayed r, String jobId) {
        var study = r.studies().get(0);
        return new RelayResponse("success", r.message(), study.study(), study.instances(), study.sent(), study.bytes(), study.failures(),
                r.durationMs(), jobId);
    }
}
