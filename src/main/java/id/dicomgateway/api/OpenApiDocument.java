package id.dicomgateway.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.servers.Server;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The document-level part of the OpenAPI description served at {@code /q/openapi} and shown
 * at {@code /docs}. Hospitals generate clients from it, so the title and tags stay stable:
 * the tag names become class names in generated code ({@value #TAG_DICOM}: {@code DicomApi}).
 *
 * <p>The responses and examples several operations share are defined here ONCE, as components;
 * the resources refer to them by name ({@code ref}), and {@link SharedResponses} copies each
 * shared response into the operations that name it.
 *
 * <p>SmallRye reads {@code @OpenAPIDefinition} only from the JAX-RS {@code Application}
 * subclass; it sets no {@code @ApplicationPath}, so every resource keeps its own full path.
 */
@OpenAPIDefinition(
        info = @Info(
                title = "DICOM Gateway API",
                version = "2.0",
                description = """
                        Gateway between the hospital PACS and the SATUSEHAT DICOM Router. It fetches whole studies \
                        from the PACS (or takes uploads), re-stamps Patient ID and Accession Number, and sends every \
                        instance of a study to the router in one DICOM association. It also looks up the SATUSEHAT \
                        ImagingStudy for an Accession Number.

                        Every error answers with the same body: `{"status":"error","message":"…","code":"…"}`; \
                        clients should branch on `code`, which never changes meaning."""),
        // Relative first: Swagger UI served by a gateway at any address then calls that gateway, not localhost.
        servers = {
                @Server(url = "/", description = "This gateway"),
                @Server(url = "http://localhost:5000", description = "A gateway on this machine, default port")},
        tags = @Tag(name = OpenApiDocument.TAG_DICOM, description = "DICOM Router operations"),
        components = @Components(
                examples = {
                        @ExampleObject(name = OpenApiDocument.EX_INVALID_UID, value = """
                                {"status":"error","message":"'study' is not a DICOM UID (\\"1.2.03\\"): only digits and dots, no empty components, no leading zeros (PS3.5 §9.1)","code":"INVALID_UID"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_INVALID_VALUE, value = """
                                {"status":"error","message":"INVALID_VALUE: AccessionNumber (0008,0050) is SH: at most 16 characters","code":"INVALID_VALUE"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_INVALID_REQUEST, value = """
                                {"status":"error","message":"Field 'study' is required: the Study Instance UID, e.g. 1.2.840.113619.2.55.3","code":"INVALID_REQUEST"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_STUDY_NOT_FOUND, value = """
                                {"status":"error","message":"Study 1.2.3.4 is not in the PACS","code":"STUDY_NOT_FOUND"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_PACS_UNREACHABLE, value = """
                                {"status":"error","message":"PACS at http://pacs:8081 could not be reached: Connection refused","code":"PACS_UNREACHABLE"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_ROUTER_REJECTED, value = """
                                {"status":"error","message":"Router DCMROUTER@10.0.0.5:11112 refused the study; nothing was stored: ASSOCIATION_REJECTED","code":"ROUTER_REJECTED",\
                                "studies":[{"study":"1.2.3.4","instances":11,"sent":0,"bytes":0,"stored":[],"failures":[{"sopInstanceUid":"1.2.3.4.1",\
                                "cause":"ASSOCIATION_REJECTED","status":-1,"message":"called AE title not recognized"}]}]}"""),
                        @ExampleObject(name = OpenApiDocument.EX_TRUNCATED_DICOM, value = """
                                {"status":"error","message":"File 'MR_truncated.dcm' was rejected, nothing was sent: TRUNCATED: value of (7FE0,0010) ends at byte 9630, declared to end at 9856","code":"TRUNCATED_DICOM"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_ACCEPTED, value = """
                                {"status":"accepted","jobId":"0b8e6a2c-3f4e-4a8b-9d59-5c1b7e0d2a11"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_ROUTER_WOULD_DROP, value = """
                                {"status":"error","message":"The study would reach the router without an Accession Number (0008,0050). ... nothing was sent","code":"ROUTER_WOULD_DROP"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_NO_SERVICE_REQUEST, value = """
                                {"status":"error","message":"SATUSEHAT has no ServiceRequest for Accession Number ACC20261127001: the router would accept the files and then drop the study. \
                                Register the order in SATUSEHAT or correct 'acc'; send with force to send anyway. Nothing was sent","code":"NO_SERVICE_REQUEST"}"""),
                        @ExampleObject(name = OpenApiDocument.EX_TOO_LARGE, value = """
                                {"status":"error","message":"The upload is larger than the 2048 MiB allowed (UPLOAD_MAX_SIZE); send fewer files at once","code":"TOO_LARGE"}""")},
                responses = {
                        @APIResponse(name = OpenApiDocument.ACCEPTED, responseCode = "202",
                                description = "With ?async=true: accepted as a job; Location: /api/jobs/{jobId}",
                                headers = @Header(name = "Location", description = "/api/jobs/{jobId}", schema = @Schema(type = SchemaType.STRING)),
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = JobAccepted.class),
                                        examples = @ExampleObject(name = "accepted", ref = OpenApiDocument.EX_ACCEPTED))),
                        @APIResponse(name = OpenApiDocument.STUDY_NOT_FOUND, responseCode = "404", description = "Study not in the PACS",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class),
                                        examples = @ExampleObject(name = "STUDY_NOT_FOUND", ref = OpenApiDocument.EX_STUDY_NOT_FOUND))),
                        @APIResponse(name = OpenApiDocument.WOULD_BE_DROPPED, responseCode = "422",
                                description = "The router would drop the study: no Accession Number or Patient ID after editing (ROUTER_WOULD_DROP), or no "
                                        + "SATUSEHAT ServiceRequest for the Accession Number (NO_SERVICE_REQUEST; send with force to send anyway). Nothing was sent",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class), examples = {
                                        @ExampleObject(name = "ROUTER_WOULD_DROP", ref = OpenApiDocument.EX_ROUTER_WOULD_DROP),
                                        @ExampleObject(name = "NO_SERVICE_REQUEST", ref = OpenApiDocument.EX_NO_SERVICE_REQUEST)})),
                        @APIResponse(name = OpenApiDocument.ORDER_NOT_MATCHED, responseCode = "409",
                                description = "The study has no Accession Number (none given, none in it), the orders are in use (GATEWAY_ORDERS_UNMATCHED) "
                                        + "and no single open order of its PatientID, modality and day matches it (ORDER_NOT_MATCHED; the message names the "
                                        + "orders). Nothing was sent or kept: give the Accession Number, or send with ?async=true to wait for a person "
                                        + "to assign it an order (POST /api/jobs/{id}/assign)",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.SATUSEHAT_UNCHECKED, responseCode = "502",
                                description = "SATUSEHAT could not be asked for the ServiceRequest (SATUSEHAT_AUTH_FAILED, SATUSEHAT_UNAVAILABLE); "
                                        + "send with force to send without the check. Nothing was sent",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.JOB_NOT_FOUND, responseCode = "404", description = "JOB_NOT_FOUND: unknown, or dropped from the history",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.BATCH_NOT_FOUND, responseCode = "404", description = "JOB_NOT_FOUND: no such batch",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.PACS_NOT_CONFIGURED, responseCode = "503",
                                description = "Demo mode without a PACS (PACS_NOT_CONFIGURED): set DCM4CHEE_URL or PACS_DICOMWEB_URL",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.NOT_JSON, responseCode = "415", description = "Body is not application/json",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = ErrorBody.class))),
                        @APIResponse(name = OpenApiDocument.STUDY_RELAY_FAILED, responseCode = "500",
                                description = "PACS unreachable or failing (PACS_UNREACHABLE, PACS_ERROR; if it failed after instances went out, studies[] says "
                                        + "what the router had received, in an association aborted, not released), or router not storing everything "
                                        + "(ROUTER_REJECTED, ROUTER_FAILED: then studies[] says what was stored)",
                                content = @Content(mediaType = "application/json", schema = @Schema(implementation = RouterErrorBody.class), examples = {
                                        @ExampleObject(name = "PACS_UNREACHABLE", ref = OpenApiDocument.EX_PACS_UNREACHABLE),
                                        @ExampleObject(name = "ROUTER_REJECTED", ref = OpenApiDocument.EX_ROUTER_REJECTED)}))}))
public class OpenApiDocument extends Application {
    /** The one tag of the DICOM operations (relay, upload, download, imageid). */
    public static final String TAG_DICOM = "dicom";

    // Shared responses, by component name.
    public static final String ACCEPTED = "Accepted";
    public static final String STUDY_NOT_FOUND = "StudyNotFound";
    public static final String WOULD_BE_DROPPED = "WouldBeDropped";
    public static final String ORDER_NOT_MATCHED = "OrderNotMatched";
    public static final String SATUSEHAT_UNCHECKED = "SatusehatUnchecked";
    public static final String NOT_JSON = "NotJson";
    public static final String PACS_NOT_CONFIGURED = "PacsNotConfigured";
    public static final String JOB_NOT_FOUND = "JobNotFound";
    public static final String BATCH_NOT_FOUND = "BatchNotFound";
    public static final String STUDY_RELAY_FAILED = "StudyRelayFailed";

    // Shared examples, by component name: the stable code each shows.
    public static final String EX_INVALID_UID = "INVALID_UID";
    public static final String EX_INVALID_VALUE = "INVALID_VALUE";
    public static final String EX_INVALID_REQUEST = "INVALID_REQUEST";
    static final String EX_STUDY_NOT_FOUND = "STUDY_NOT_FOUND";
    static final String EX_PACS_UNREACHABLE = "PACS_UNREACHABLE";
    public static final String EX_ROUTER_REJECTED = "ROUTER_REJECTED";
    public static final String EX_TRUNCATED_DICOM = "TRUNCATED_DICOM";
    static final String EX_ACCEPTED = "accepted";
    static final String EX_ROUTER_WOULD_DROP = "ROUTER_WOULD_DROP";
    static final String EX_NO_SERVICE_REQUEST = "NO_SERVICE_REQUEST";
    public static final String EX_TOO_LARGE = "TOO_LARGE";
}
