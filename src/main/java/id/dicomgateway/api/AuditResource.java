package id.dicomgateway.api;

import id.dicomgateway.security.AuditRecord;
import id.dicomgateway.security.AuditTrail;
import id.dicomgateway.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The audit trail, for administrators. */
@Path("/api/audit")
@Tag(name = "Audit", description = "Who did what: one record per action")
public final class AuditResource {
    private static final int MAX_LIMIT = 1000;
    @Inject
    AuditTrail trail;

    @GET
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "listAudit", summary = "Audit records, newest first, filtered by who, action, day or job")
    @APIResponse(responseCode = "200", description = "Matching records")
    @APIResponse(responseCode = "400", description = "INVALID_REQUEST: a filter that cannot be read (day not YYYY-MM-DD, limit out of range)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON))
    public List<AuditRecord> list(
            @Parameter(description = "Who, as the records name it (key:<name>, a user name)", example = "key:ris-bridge") @QueryParam("who") String who,
            @Parameter(description = "An operationId", example = "processStudy") @QueryParam("action") String action,
            @Parameter(description = "A day, YYYY-MM-DD, in the gateway's time zone", example = "2026-12-01") @QueryParam("day") String day,
            @Parameter(description = "A job id") @QueryParam("job") String job,
            @Parameter(description = "How many at most (1-1000, default 100)", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000", defaultValue = "100"))
            @QueryParam("limit") String limit) {
        int n = QueryParams.number("limit", limit, 100, 1, MAX_LIMIT);
        LocalDate date;
        try {
            date = day == null || day.isBlank() ? null : LocalDate.parse(day.trim());
        } catch (DateTimeParseException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "day must be a date as YYYY-MM-DD, e.g. 2026-12-01, not " + Shown.of(day));
        }
        return trail.find(new AuditTrail.Query(blankToNull(who), blankToNull(action), date, blankToNull(job), n));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
