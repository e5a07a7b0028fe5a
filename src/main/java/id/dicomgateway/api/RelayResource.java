package id.dicomgateway.api;

import id.dicomgateway.security.RateLimited;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.relay.Editor;
import id.dicomgateway.relay.RouterFailure;
import id.dicomgateway.relay.RouterSender;
import id.dicomgateway.relay.SendGuard;
import id.dicomgateway.relay.BackgroundJobs;
import id.dicomgateway.relay.StudyRelay;
import id.dicomgateway.relay.TempArea;
import id.dicomgateway.relay.UploadRelay;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
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
import java.net.URI;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The relay endpoints of the earlier service's contract (DOMAIN.md §2), thin over {@code relay}. */
@Path("/api/dicom")
@Tag(name = "DICOM")
@Produces(MediaType.APPLICATION_JSON)
public class RelayResource {
    private static final Logger LOG = Logger.getLogger(RelayResource.class);
    private static final String JSON_SHAPE = "Request body must be JSON: {\"study\": \"<Study Instance UID>\", \"patientid\": \"<optional>\", \"acc\": \"<optional>\"}";
    private static final String EX_INVALID_UID = "{\"status\":\"error\",\"message\":\"'study' is not a DICOM UID (\\\"1.2.03\\\"): only digits and dots, no empty components, no leading zeros (PS3.5 §9.1)\",\"code\":\"INVALID_UID\"}";
    private static final String EX_INVALID_VALUE = "{\"status\":\"error\",\"message\":\"INVALID_VALUE: AccessionNumber (0008,0050) is SH: at most 16 characters\",\"code\":\"INVALID_VALUE\"}";
    private static final String EX_INVALID_REQUEST = "{\"status\":\"error\",\"message\":\"Field 'study' is required: the Study Instance UID, e.g. 1.2.840.113619.2.55.3\",\"code\":\"INVALID_REQUEST\"}";
    private static final String EX_NOT_FOUND = "{\"status\":\"error\",\"message\":\"Study 1.2.3.4 is not in the PACS\",\"code\":\"STUDY_NOT_FOUND\"}";
    private static final String EX_PACS = "{\"status\":\"error\",\"message\":\"PACS at http://pacs:8081 could not be reached: Connection refused\",\"code\":\"PACS_UNREACHABLE\"}";
    private static final String EX_ROUTER = "{\"status\":\"error\",\"message\":\"Router DCMROUTER@10.0.0.5:11112 refused the study; nothing was stored: ASSOCIATION_REJECTED\",\"code\":\"ROUTER_REJECTED\",\"studies\":[{\"study\":\"1.2.3.4\",\"instances\":11,\"sent\":0,\"bytes\":0,\"stored\":[],\"failures\":[{\"sopInstanceUid\":\"1.2.3.4.1\",\"cause\":\"ASSOCIATION_REJECTED\",\"status\":-1,\"message\":\"called AE title not recognized\"}]}]}";
    private static final String EX_REJECTED_FILE = "{\"status\":\"error\",\"message\":\"File 'MR_truncated.dcm' was rejected, nothing was sent: TRUNCATED: value of (7FE0,0010) ends at byte 9630, declared to end at 9856\",\"code\":\"TRUNCATED_DICOM\"}";
    private static final String EX_ACCEPTED = "{\"status\":\"accepted\",\"jobId\":\"0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11\"}";
    private static final String EX_WOULD_DROP = "{\"status\":\"error\",\"message\":\"The study would reach the router without an Accession Number (0008,0050). ... nothing was sent\",\"code\":\"ROUTER_WOULD_DROP\"}";
    private static final String EX_NO_ORDER = "{\"status\":\"error\",\"message\":\"SATUSEHAT has no ServiceRequest for Accession Number ACC20261127001: the router would accept the files and then drop the study. Register the order in SATUSEHAT or correct 'acc'; send with force to send anyway. Nothing was sent\",\"code\":\"NO_SERVICE_REQUEST\"}";
    private static final String EX_TOO_LARGE = "{\"status\":\"error\",\"message\":\"The upload is larger than the 2048 MiB allowed (UPLOAD_MAX_SIZE); send fewer files at once\",\"code\":\"TOO_LARGE\"}";

    private final StudyRelay studies;
    private final UploadRelay uploads;
    private final RouterSender sender;
    private final TempArea temp;
    private final JobRegistry jobs;
    private final SendGuard guard;
    private final BackgroundJobs background;

    public RelayResource(StudyRelay studies, UploadRelay uploads, RouterSender sender, TempArea temp, JobRegistry jobs, SendGuard guard,
            BackgroundJobs background) {
        this.background = background;
        this.studies = studies;
        this.uploads = uploads;
        this.sender = sender;
        this.temp = temp;
        this.jobs = jobs;
        this.guard = guard;
    }

    @POST
    @Path("/process")
    @RolesAllowed(Roles.OPERATOR)
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "processStudy", summary = "Fetch a study from the PACS, re-stamp PatientID/AccessionNumber, send it to the router",
            description = "Every instance of the study, in one association. 'accesionnum' is accepted for 'acc'. Each instance goes out as it arrives from the PACS; the association is released only when every instance arrived valid. A PACS failure midway aborts it (the router files none of it) and the error's studies[] says what the router had received.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = ProcessRequest.class),
            examples = @ExampleObject(name = "process", value = "{\"study\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1\",\"patientid\":\"P00012345\",\"acc\":\"ACC20261127001\"}")))
    @APIResponse(responseCode = "200", description = "Every instance stored by the router", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RelayResponse.class)))
    @APIResponse(responseCode = "202", description = "With ?async=true: accepted as a job; Location: /api/jobs/{jobId}", headers = @Header(name = "Location", description = "/api/jobs/{jobId}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class), examples = @ExampleObject(name = "accepted", value = EX_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing field (INVALID_REQUEST), bad UID (INVALID_UID), PatientID/AccessionNumber breaking its VR (INVALID_VALUE)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "INVALID_UID", value = EX_INVALID_UID), @ExampleObject(name = "INVALID_VALUE", value = EX_INVALID_VALUE),
                    @ExampleObject(name = "INVALID_REQUEST", value = EX_INVALID_REQUEST)}))
    @APIResponse(responseCode = "404", description = "Study not in the PACS", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = @ExampleObject(name = "STUDY_NOT_FOUND", value = EX_NOT_FOUND)))
    @APIResponse(responseCode = "422", description = "The router would drop the study: no Accession Number or Patient ID after editing (ROUTER_WOULD_DROP), or no SATUSEHAT ServiceRequest for the Accession Number (NO_SERVICE_REQUEST; send with force to send anyway). Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "ROUTER_WOULD_DROP", value = EX_WOULD_DROP), @ExampleObject(name = "NO_SERVICE_REQUEST", value = EX_NO_ORDER)}))
    @APIResponse(responseCode = "502", description = "SATUSEHAT could not be asked for the ServiceRequest (SATUSEHAT_AUTH_FAILED, SATUSEHAT_UNAVAILABLE); send with force to send without the check. Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "Body is not application/json", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "500", description = "PACS unreachable or failing (PACS_UNREACHABLE, PACS_ERROR; if it failed after instances went out, studies[] says what the router had received, in an association aborted, not released), or router not storing everything (ROUTER_REJECTED, ROUTER_FAILED: then studies[] says what was stored)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RouterErrorBody.class), examples = {
                    @ExampleObject(name = "PACS_UNREACHABLE", value = EX_PACS), @ExampleObject(name = "ROUTER_REJECTED", value = EX_ROUTER)}))
    public Uni<Response> process(ProcessRequest request, @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = "true: answer 202 at once with the job's id and Location, and send in the background; validation errors are still answered synchronously") boolean async) {
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, JSON_SHAPE);
        }
        String study = Uid.require("study", request.study());
        TagEdits edits = Editor.edits(request.patientid(), request.acc());
        if (edits.accessionNumber() != null && edits.patientId() != null) {
            guard.requireRoutable(edits.accessionNumber(), edits.patientId()); // both known: fail before fetching
        }
        String id = jobs.create(JobKind.PROCESS, study, edits.accessionNumber(), edits.patientId()).id();
        return answer(id, relay("process", study, edits, id, request.force(), request.verify()), RelayResponse::message, async);
    }

    @POST
    @Path("/direct-dcm")
    @RolesAllowed(Roles.OPERATOR)
    @RateLimited
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(operationId = "relayStudy", summary = "Relay a study from the PACS to the router unchanged",
            description = "Every instance of the study, byte for byte as the PACS sent it, in one association.")
    @RequestBody(required = true, content = @Content(mediaType = "application/json", schema = @Schema(implementation = DirectRequest.class),
            examples = @ExampleObject(name = "direct", value = "{\"study\":\"1.3.6.1.4.1.5962.1.1.0.0.0.1196533885.18148.0.1\"}")))
    @APIResponse(responseCode = "200", description = "Every instance stored by the router", content = @Content(mediaType = "application/json", schema = @Schema(implementation = RelayResponse.class)))
    @APIResponse(responseCode = "202", description = "With ?async=true: accepted as a job; Location: /api/jobs/{jobId}", headers = @Header(name = "Location", description = "/api/jobs/{jobId}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class), examples = @ExampleObject(name = "accepted", value = EX_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "Malformed JSON or missing field (INVALID_REQUEST), bad UID (INVALID_UID)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "INVALID_UID", value = EX_INVALID_UID), @ExampleObject(name = "INVALID_REQUEST", value = EX_INVALID_REQUEST)}))
    @APIResponse(responseCode = "404", description = "Study not in the PACS", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = @ExampleObject(name = "STUDY_NOT_FOUND", value = EX_NOT_FOUND)))
    @APIResponse(responseCode = "422", description = "The router would drop the study: no Accession Number or Patient ID after editing (ROUTER_WOULD_DROP), or no SATUSEHAT ServiceRequest for the Accession Number (NO_SERVICE_REQUEST; send with force to send anyway). Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "ROUTER_WOULD_DROP", value = EX_WOULD_DROP), @ExampleObject(name = "NO_SERVICE_REQUEST", value = EX_NO_ORDER)}))
    @APIResponse(responseCode = "502", description = "SATUSEHAT could not be asked for the ServiceRequest (SATUSEHAT_AUTH_FAILED, SATUSEHAT_UNAVAILABLE); send with force to send without the check. Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "Body is not application/json", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "500", description = "PACS unreachable or failing (PACS_UNREACHABLE, PACS_ERROR; if it failed after instances went out, studies[] says what the router had received, in an association aborted, not released), or router not storing everything (ROUTER_REJECTED, ROUTER_FAILED: then studies[] says what was stored)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RouterErrorBody.class), examples = {
                    @ExampleObject(name = "PACS_UNREACHABLE", value = EX_PACS), @ExampleObject(name = "ROUTER_REJECTED", value = EX_ROUTER)}))
    public Uni<Response> direct(DirectRequest request, @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = "true: answer 202 at once with the job's id and Location, and send in the background; validation errors are still answered synchronously") boolean async) {
        if (request == null) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "Request body must be JSON: {\"study\": \"<Study Instance UID>\"}");
        }
        String study = Uid.require("study", request.study());
        String id = jobs.create(JobKind.DIRECT, study, null, null).id();
        return answer(id, relay("direct-dcm", study, TagEdits.none(), id, request.force(), request.verify()), RelayResponse::message, async);
    }

    private Uni<RelayResponse> relay(String operation, String study, TagEdits edits, String id, Boolean force, Boolean verify) {
        long start = System.nanoTime();
        return studies.relay(operation, study, edits, id, Boolean.TRUE.equals(force), !Boolean.FALSE.equals(verify))
                .map(r -> RelayResponse.of(r, sender.router().toString(), (System.nanoTime() - start) / 1_000_000, id));
    }

    /**
     * Ends job {@code id} with {@code work}; synchronously the caller gets the result (a router failure
     * names the job), with {@code async} a 202 at once while the work goes on.
     */
    private <T> Uni<Response> answer(String id, Uni<T> work, Function<T, String> summary, boolean async) {
        Uni<T> tracked = jobs.track(id, work.onFailure(RouterFailure.class).transform(e -> ((RouterFailure) e).withJob(id)), summary);
        if (async) {
            background.start(id, tracked);
            return Uni.createFrom().item(Response.accepted(new JobAccepted("accepted", id)).location(URI.create("/api/jobs/" + id))
                    .type(MediaType.APPLICATION_JSON_TYPE).build());
        }
        return tracked.map(r -> Response.ok(r, MediaType.APPLICATION_JSON_TYPE).build());
    }

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
    @APIResponse(responseCode = "202", description = "With ?async=true: accepted as a job; Location: /api/jobs/{jobId}", headers = @Header(name = "Location", description = "/api/jobs/{jobId}", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class), examples = @ExampleObject(name = "accepted", value = EX_ACCEPTED)))
    @APIResponse(responseCode = "400", description = "No file, broken multipart (INVALID_REQUEST), bad PatientID/AccessionNumber (INVALID_VALUE), or a file that is not DICOM (NOT_DICOM), truncated (TRUNCATED_DICOM), not storable (NOT_STORABLE) or malformed (MALFORMED_DICOM)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "TRUNCATED_DICOM", value = EX_REJECTED_FILE), @ExampleObject(name = "INVALID_VALUE", value = EX_INVALID_VALUE)}))
    @APIResponse(responseCode = "413", description = "Upload over UPLOAD_MAX_SIZE, or needing more temp space than allowed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = @ExampleObject(name = "TOO_LARGE", value = EX_TOO_LARGE)))
    @APIResponse(responseCode = "422", description = "The router would drop the study: no Accession Number or Patient ID after editing (ROUTER_WOULD_DROP), or no SATUSEHAT ServiceRequest for the Accession Number (NO_SERVICE_REQUEST; send with force to send anyway). Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                    @ExampleObject(name = "ROUTER_WOULD_DROP", value = EX_WOULD_DROP), @ExampleObject(name = "NO_SERVICE_REQUEST", value = EX_NO_ORDER)}))
    @APIResponse(responseCode = "502", description = "SATUSEHAT could not be asked for the ServiceRequest (SATUSEHAT_AUTH_FAILED, SATUSEHAT_UNAVAILABLE); send with force to send without the check. Nothing was sent",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "415", description = "Body is not multipart/form-data", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    @APIResponse(responseCode = "500", description = "Router not storing everything (ROUTER_REJECTED, ROUTER_FAILED; RouterError schema with what was stored)",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = RouterErrorBody.class), examples = @ExampleObject(name = "ROUTER_REJECTED", value = EX_ROUTER)))
    public Uni<Response> upload(InputStream body, @HeaderParam("Content-Type") String contentType, @HeaderParam("Content-Length") Long contentLength,
            @QueryParam("async") @Parameter(name = "async", in = ParameterIn.QUERY, description = "true: answer 202 at once with the job's id and Location, and send in the background; validation errors are still answered synchronously") boolean async) {
        long start = System.nanoTime();
        // Read and validated here, inside the request: the body does not outlive it. Sending may go on after.
        UploadRelay.Received received = uploads.receive(body, contentType, contentLength == null ? -1 : contentLength);
        String id;
        try {
            id = jobs.create(JobKind.UPLOAD, null, received.accessionNumber(), received.patientId()).id();
        } catch (RuntimeException e) {
            received.close();
            throw e;
        }
        Uni<UploadResponse> work = uploads.send(received, id).map(o -> {
            int sent = o.studies().stream().mapToInt(s -> s.sent()).sum();
            long bytes = o.studies().stream().mapToLong(s -> s.bytes()).sum();
            String message = sent + " instance" + (sent == 1 ? "" : "s") + " in " + o.studies().size() + " stud" + (o.studies().size() == 1 ? "y" : "ies")
                    + " sent to " + sender.router() + ", one association per study";
            return new UploadResponse("success", message, o.files(), o.instances(), sent, bytes, o.studies(), (System.nanoTime() - start) / 1_000_000, id);
        });
        return answer(id, work, UploadResponse::message, async);
    }

    @DELETE
    @Path("/temp")
    @RolesAllowed(Roles.ADMIN)
    @Operation(operationId = "purgeTemp", summary = "Remove leftovers from the temporary area",
            description = "Deletes every request directory under TEMP_DIR that no running request uses, and says what it removed.")
    @APIResponse(responseCode = "200", description = "What was removed", content = @Content(mediaType = "application/json", schema = @Schema(implementation = TempResponse.class)))
    @APIResponse(responseCode = "500", description = "Internal error", content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class)))
    public Uni<TempResponse> purgeTemp() {
        return Uni.createFrom().item(() -> {
            TempArea.Purge p = temp.purge();
            return new TempResponse("success", "Removed " + p.directories() + " leftover request director" + (p.directories() == 1 ? "y" : "ies")
                    + " (" + p.bytes() + " bytes); " + p.inUse() + " in use " + (p.inUse() == 1 ? "was" : "were") + " kept", p.directories(), p.bytes(), p.inUse());
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
