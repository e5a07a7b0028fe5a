package id.dicomgateway.api;

import id.dicomgateway.relay.search.StudyFilter;
import id.dicomgateway.relay.search.StudyList;
import id.dicomgateway.relay.search.StudySearch;
import id.dicomgateway.relay.search.StudyStatus;
import id.dicomgateway.relay.search.StudyStatusLookup;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The PACS study search (QIDO-RS, PS3.18 §10.6) and each found study's status. The query
 * parameters are named as QIDO-RS names them, so a query carries over between the PACS, scripts
 * and this API. Unknown or repeated parameters are refused rather than ignored: a filter silently
 * dropped would show studies the person did not ask for.
 */
@Path("/api/pacs/studies")
@Tag(name = StudySearchResource.TAG, description = "Find studies in the PACS and see where each stands with SATUSEHAT")
@Produces(MediaType.APPLICATION_JSON)
// Search results are a viewer's (security.Roles); sending what was found is an operator's (BatchResource).
@RolesAllowed(Roles.VIEWER)
public class StudySearchResource {
    static final String TAG = "pacs";
    private static final List<String> PARAMETERS = List.of("StudyInstanceUID", "PatientID", "PatientName", "AccessionNumber",
            "StudyDate", "ModalitiesInStudy", "StudyDescription", "limit", "offset");
    private static final String WILDCARDS = " '*' matches any run of characters, '?' any one (PS3.4 C.2.2.2.4).";

    @Inject
    StudySearch search;
    @Inject
    StudyStatusLookup status;

    @GET
    @Operation(operationId = "searchStudies", summary = "Search the PACS for studies (QIDO-RS)",
            description = "Asks the PACS's QIDO-RS study search with the same parameters and answers one page of studies, in the "
                    + "PACS's order. Patient names are shown to the caller only: the gateway does not log or store them. `total` is "
                    + "given when the PACS tells it (always on the last page); `more` says whether a next page may hold more.")
    @APIResponse(responseCode = "200", description = "One page of matching studies",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StudyList.class),
                    examples = @ExampleObject(name = "page", value = """
                            {"studies":[{"studyInstanceUid":"1.2.826.0.1.3680043.8.498.1","studyDate":"20261103","studyTime":"091500",\
                            "patientId":"P00000000001","patientName":"SANTOSO^BUDI","accessionNumber":"ACC0001","modalitiesInStudy":["CR"],\
                            "studyDescription":"THORAX PA","numberOfSeries":1,"numberOfInstances":2}],"limit":25,"offset":0,"total":1,"more":false}""")))
    @APIResponse(responseCode = "400", description = "A parameter breaks QIDO-RS or its VR, is unknown or repeated (INVALID_REQUEST)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "badDate", value = """
                            {"status":"error","message":"StudyDate is not a DICOM date or date range (a date YYYYMMDD, or a range YYYYMMDD-YYYYMMDD, -YYYYMMDD or YYYYMMDD-, e.g. 20261101-20261130)","code":"INVALID_REQUEST"}""")))
    @APIResponse(responseCode = "500", description = "The PACS could not be reached (PACS_UNREACHABLE), failed or refused the search (PACS_ERROR)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "PACS_UNREACHABLE", ref = OpenApiDocument.EX_PACS_UNREACHABLE)))
    public Uni<StudyList> search(@Context UriInfo uri,
            @Parameter(description = "Study Instance UID, or several separated by commas (UID list matching)")
            @QueryParam("StudyInstanceUID") String studyInstanceUid,
            @Parameter(description = "Patient ID (LO, at most 64 characters)." + WILDCARDS, example = "P00000000001")
            @QueryParam("PatientID") String patientId,
            @Parameter(description = "Patient's Name (PN), components separated by ^, e.g. SANTOSO^BUDI or SANTOSO*." + WILDCARDS
                    + " Most PACSs match names without regard to case.", example = "SANTOSO*")
            @QueryParam("PatientName") String patientName,
            @Parameter(description = "Accession Number (SH, at most 16 characters)." + WILDCARDS, example = "ACC0001")
            @QueryParam("AccessionNumber") String accessionNumber,
            @Parameter(description = "Study Date: YYYYMMDD, or a range YYYYMMDD-YYYYMMDD (either end may be left open)", example = "20261101-20261130")
            @QueryParam("StudyDate") String studyDate,
            @Parameter(description = "Modality codes, one or several separated by commas (any of them matches)", example = "CT,MR")
            @QueryParam("ModalitiesInStudy") String modalitiesInStudy,
            @Parameter(description = "Study Description (LO)." + WILDCARDS, example = "THORAX*")
            @QueryParam("StudyDescription") String studyDescription,
            @Parameter(description = "Studies per page, 1-" + StudySearch.MAX_LIMIT + " (default " + StudySearch.DEFAULT_LIMIT + ")",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + StudySearch.MAX_LIMIT,
                            defaultValue = "" + StudySearch.DEFAULT_LIMIT))
            @QueryParam("limit") String limit,
            @Parameter(description = "Matches to skip first (default 0)", schema = @Schema(type = SchemaType.INTEGER, minimum = "0",
                    maximum = "" + QueryParams.MAX_OFFSET, defaultValue = "0"))
            @QueryParam("offset") String offset) {
        refuseUnknown(uri.getQueryParameters());
        StudyFilter filter = new StudyFilter(studyInstanceUid, patientId, patientName, accessionNumber, studyDate, modalitiesInStudy,
                studyDescription, QueryParams.number("limit", limit, StudySearch.DEFAULT_LIMIT, 1, StudySearch.MAX_LIMIT),
                QueryParams.number("offset", offset, 0, 0, QueryParams.MAX_OFFSET));
        return search.search(filter);
    }

    @GET
    @Path("/{uid}/status")
    @Operation(operationId = "getStudyStatus", summary = "Where a PACS study stands with SATUSEHAT and this gateway",
            description = "Whether SATUSEHAT has a ServiceRequest and an ImagingStudy for the study's Accession Number (its instance "
                    + "count against the PACS's), and the newest job of this gateway for the study. SATUSEHAT's answers are reused for a "
                    + "short while (gateway.search.status-cache-ttl) and only a few searches run at once, so a result page can ask for "
                    + "every row. A SATUSEHAT failure is part of the answer (state FAILED), not an error.")
    @APIResponse(responseCode = "200", description = "The study's status",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = StudyStatus.class),
                    examples = @ExampleObject(name = "ready", value = """
                            {"studyInstanceUid":"1.2.826.0.1.3680043.8.498.1","accessionNumber":"ACC0001","pacsInstances":2,"verdict":"READY",\
                            "serviceRequest":{"state":"FOUND","id":"sr-1"},"imagingStudy":{"state":"NONE"},"lastJob":null,"checkedAt":"2026-12-01T10:00:00Z"}""")))
    @APIResponse(responseCode = "400", description = "Not a UID (INVALID_UID), or an AccessionNumber breaking SH (INVALID_VALUE)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "INVALID_UID", ref = OpenApiDocument.EX_INVALID_UID)))
    @APIResponse(responseCode = "404", ref = OpenApiDocument.STUDY_NOT_FOUND)
    @APIResponse(responseCode = "500", description = "The PACS could not be reached or failed (PACS_UNREACHABLE, PACS_ERROR)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    examples = @ExampleObject(name = "PACS_UNREACHABLE", ref = OpenApiDocument.EX_PACS_UNREACHABLE)))
    public Uni<StudyStatus> status(@PathParam("uid") String uid,
            @Parameter(description = "Look up this Accession Number instead of the PACS's (a row whose ACSN is to be changed)")
            @QueryParam("AccessionNumber") String accessionNumber) {
        return status.status(Uid.require("uid", uid), accessionNumber);
    }

    private static void refuseUnknown(MultivaluedMap<String, String> query) {
        for (Map.Entry<String, List<String>> parameter : query.entrySet()) {
            if (!PARAMETERS.contains(parameter.getKey())) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Unknown search parameter " + Shown.of(parameter.getKey())
                        + "; the search takes " + String.join(", ", PARAMETERS) + " (named as QIDO-RS names them, case matters)");
            }
            if (parameter.getValue().size() > 1) {
                throw new ApiException(ErrorCode.INVALID_REQUEST, "Search parameter " + parameter.getKey()
                        + " is given " + parameter.getValue().size() + " times; give it once (several values: separate them with commas)");
            }
        }
    }
}
