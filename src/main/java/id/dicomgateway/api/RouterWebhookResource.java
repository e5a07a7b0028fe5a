package id.dicomgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.relay.confirm.RouterReport;
import id.dicomgateway.relay.confirm.RouterReports;
import id.dicomgateway.security.Refusal;
import id.dicomgateway.security.Roles;
import id.dicomgateway.security.SignInGuard;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The SATUSEHAT router's webhook (docs/domain.md §4): after RELEASE it POSTs, per study, what it did with
 * it. Guarded by its own HTTP Basic credentials ({@code ROUTER_WEBHOOK_USER},
 * {@code ROUTER_WEBHOOK_PASSWORD}), since the router can send nothing else; hence
 * {@link PermitAll} for the gateway's own authentication.
 */
@Path("/api/router")
@Tag(name = "router")
@PermitAll
public class RouterWebhookResource {
    /** A router body is a few hundred bytes; anything much larger is not one (read with this bound, chunked or not). */
    static final int MAX_BODY = 64 * 1024;

    private final RouterReports reports;
    private final RouterWebhookConfig config;
    private final ObjectMapper json;
    private final SignInGuard guard;

    RouterWebhookResource(RouterReports reports, RouterWebhookConfig config, ObjectMapper json, SignInGuard guard) {
        this.reports = reports;
        this.config = config;
        this.json = json;
        this.guard = guard;
    }

    /** The answer to the router: where its report went. */
    public record Recorded(String status, String jobId, String message) {
    }

    @POST
    @Path("/webhook")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "routerWebhook", summary = "Receive the SATUSEHAT DICOM Router's report on a study",
            description = "Point the router's WEBHOOK_URL here, with WEBHOOK_USER/WEBHOOK_PASSWORD equal to the gateway's "
                    + "ROUTER_WEBHOOK_USER/ROUTER_WEBHOOK_PASSWORD. The report is recorded as check 'router' on the latest job "
                    + "that sent the study with that Accession Number, or kept under 'router reports' on the dashboard.")
    @APIResponse(responseCode = "200", description = "Recorded (on a job, or as an unmatched report)")
    @APIResponse(responseCode = "400", description = "Not a router report")
    @APIResponse(responseCode = "401", description = "Missing or wrong credentials, or the webhook is not configured")
    @APIResponse(responseCode = "413", description = "Body larger than a router report can be")
    @APIResponse(responseCode = "429", description = "Too many wrong credentials from this address or for this user; see Retry-After")
    public Response webhook(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, InputStream body,
            @Context RoutingContext http) {
        if (config.user().isEmpty() || config.password().isEmpty()) {
            return unauthorized("The router webhook is not configured: set ROUTER_WEBHOOK_USER and ROUTER_WEBHOOK_PASSWORD "
                    + "on the gateway and the same as WEBHOOK_USER and WEBHOOK_PASSWORD on the router");
        }
        // The sign-in form's guard: a guessed password is refused, without a look, once the name or address is locked.
        String address = http == null || http.request().remoteAddress() == null ? "unknown" : http.request().remoteAddress().hostAddress();
        String name = WEBHOOK_NAME + basicUser(authorization);
        long wait = guard.wait(name, address);
        if (wait > 0) {
            return tooMany(wait);
        }
        if (!authorized(authorization)) {
            SignInGuard.Outcome outcome = guard.failed(name, address);
            if (outcome.locked()) {
                return tooMany(outcome.retryAfterSeconds());
            }
            return unauthorized("Wrong or missing credentials for the router webhook (HTTP Basic, ROUTER_WEBHOOK_USER)");
        }
        guard.succeeded(name);
        RouterReport report = parse(read(body));
        RouterReports.Outcome outcome = reports.accept(report);
        return Response.ok(outcome.jobId()
                .map(id -> new Recorded("success", id, "recorded on job " + id))
                .orElseGet(() -> new Recorded("success", null, "no job sent this study; kept under router reports"))).build();
    }

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Path("/reports")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "routerReports", summary = "Router reports that matched no job, newest first")
    public List<RouterReports.Unmatched> unmatched() {
        return reports.unmatched();
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] given;
        try {
            given = Base64.getDecoder().decode(header.substring(6).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] expected = (config.user().get() + ":" + config.password().get()).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected); // constant time: no guessing by timing
    }

    private static final String WEBHOOK_NAME = "router-webhook:";

    /** The user name a Basic header names (never its password), or empty. */
    private static String basicUser(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return "";
        }
        try {
            String given = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = given.indexOf(':');
            String user = colon < 0 ? "" : given.substring(0, colon);
            return user.length() > 64 ? user.substring(0, 64) : user;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    private static Response tooMany(long wait) {
        return Response.status(429).header("Retry-After", Long.toString(wait)).type(MediaType.APPLICATION_JSON)
                .entity(Refusal.json(Refusal.RATE_LIMITED, "Too many wrong credentials for the router webhook from this address "
                        + "or for this user; try again in " + wait + " s")).build();
    }

    private static Response unauthorized(String message) {
        return Response.status(ErrorCode.UNAUTHORIZED.httpStatus())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"router-webhook\"")
                .type(MediaType.APPLICATION_JSON)
                .entity(ErrorBody.of(ErrorCode.UNAUTHORIZED, message)).build();
    }

    private static byte[] read(InputStream body) {
        try {
            byte[] bytes = body.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new ApiException(ErrorCode.TOO_LARGE, "A router report is at most " + MAX_BODY + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw new ApiException(ErrorCode.INVALID_REQUEST, "The request body could not be read");
        }
    }

    /** The router's body: {"status", "stage", "message", "data": {...}, "error": [{"code", "message"}]}, null keys left out. */
    private RouterReport parse(byte[] bytes) {
        JsonNode root;
        try {
            root = json.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw invalid("the body is not JSON");
        } catch (IOException e) {
            throw invalid("the body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw invalid("the body is not a JSON object");
        }
        String stageText = text(root, "stage");
        RouterReport.Stage stage = RouterReport.Stage.of(stageText);
        if (stage == null) {
            throw invalid(stageText == null ? "'stage' is missing" : "unknown 'stage' " + clip(stageText, 40));
        }
        JsonNode data = root.path("data");
        if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
            throw invalid("'data' is not an object");
        }
        JsonNode errorNode = root.path("error");
        List<String> errors = new ArrayList<>();
        if (errorNode.isArray()) {
            for (JsonNode e : errorNode) {
                if (errors.size() == RouterReport.MAX_ERRORS) {
                    break;
                }
                String code = e.isObject() ? text(e, "code") : null;
                String message = e.isObject() ? text(e, "message") : e.isValueNode() ? clip(e.asText(), RouterReport.MAX_TEXT) : null;
                errors.add((code == null ? "" : code + ": ") + (message == null ? "" : message));
            }
        } else if (!errorNode.isMissingNode() && !errorNode.isNull()) {
            String one = errorNode.isValueNode() ? clip(errorNode.asText(), RouterReport.MAX_TEXT) : null;
            if (one == null) {
                throw invalid("'error' is neither a list nor a text");
            }
            errors.add(one);
        }
        return new RouterReport(bool(root.path("status"), stage), stage, text(root, "message"), text(data, "organizationId"),
                text(data, "imagingStudyId"), text(data, "accessionNumber"), text(data, "studyInstanceUID"), errors);
    }

    /** {@code status} as the router sends it: a boolean, maybe a string or number; absent means what the stage says. */
    private static boolean bool(JsonNode node, RouterReport.Stage stage) {
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isTextual()) {
            return Boolean.parseBoolean(node.textValue().strip());
        }
        if (node.isNumber()) {
            return node.intValue() != 0;
        }
        if (node.isMissingNode() || node.isNull()) {
            return stage == RouterReport.Stage.DICOM_SENT;
        }
        throw invalid("'status' is not a boolean");
    }

    /** A scalar as text (numbers too: an Accession Number may come as one), null when absent; objects are refused. */
    private static String text(JsonNode parent, String key) {
        JsonNode node = parent.path(key);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isValueNode()) {
            throw invalid("'" + key + "' is not a single value");
        }
        String value = node.asText().strip();
        return value.isEmpty() ? null : clip(value, RouterReport.MAX_TEXT);
    }

    private static String clip(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "…";
    }

    private static ApiException invalid(String why) {
        return new ApiException(ErrorCode.INVALID_REQUEST, "Not a SATUSEHAT router report: " + why);
    }
}
