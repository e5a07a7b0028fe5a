package id.dicomgateway.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import id.dicomgateway.job.StoreException;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.outcome.RouterFailure;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one place a failure becomes an HTTP answer: the relay's {@link RelayException} (a router
 * failure with what was stored), the API's own {@link ApiException}, JSON and JAX-RS errors. A
 * clear 4xx for bad input, never a stack trace to the client.
 */
public final class ErrorMapper {
    private static final Logger LOG = Logger.getLogger(ErrorMapper.class);

    @ServerExceptionMapper
    public Response api(ApiException e) {
        return respond(e.code(), e.getMessage());
    }

    @ServerExceptionMapper
    public Response relay(RelayException e) {
        ErrorCode code = ErrorCode.of(e.code());
        if (e instanceof RouterFailure router) {
            return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new RouterErrorBody("error", e.getMessage(), code, router.studies(), router.jobId())).build();
        }
        return respond(code, e.getMessage());
    }

    @ServerExceptionMapper
    public Response jobConflict(JobRegistry.JobConflict e) {
        return respond(ErrorCode.JOB_STATE_CONFLICT, e.getMessage());
    }

    /** The job store did not answer (the database is away): the job could not be recorded, so nothing was done. */
    @ServerExceptionMapper
    public Response store(StoreException e) {
        if (e.reason() == StoreException.Reason.UNAVAILABLE) {
            LOG.warnf("Job store unavailable: %s", e.getMessage());
            return respond(ErrorCode.JOB_STORE_UNAVAILABLE, "The job store (database) does not answer; nothing was sent. "
                    + "Send the request again in a moment");
        }
        return unexpected(e);
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e) {
        return respond(ErrorCode.INVALID_REQUEST, JsonMistake.of(e));
    }

    /**
     * Quarkus's Jackson support maps a body of the wrong shape ({@code {"study": 123}}, {@code []}) with its own
     * built-in mapper for this exact type, which would win over {@link #json} and answer in another shape.
     */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return json(e);
    }

    /**
     * JAX-RS's own refusals. Its words for the three a caller meets first ("Unable to find matching target resource
     * method", "HTTP 405 Method Not Allowed", "The content-type header value did not match the value in @Consumes")
     * name its insides; the answer says instead what was asked and what is taken.
     */
    @ServerExceptionMapper
    public Response web(WebApplicationException e, ContainerRequestContext request) {
        int status = e.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 413 -> ErrorCode.TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            default -> status < 500 ? ErrorCode.INVALID_REQUEST : ErrorCode.INTERNAL_ERROR;
        };
        if (e.getCause() instanceof JsonProcessingException json) {
            return json(json);
        }
        String asked = request.getMethod() + " " + Shown.of(request.getUriInfo().getPath());
        String message = switch (status) {
            case 404 -> "No endpoint " + asked + ": the API's endpoints are listed at /docs";
            case 405 -> "The path of " + asked + " takes other methods: /docs lists them";
            case 415 -> asked + " does not take Content-Type " + (request.getMediaType() == null ? "(none)" : Shown.of(request.getMediaType().toString()))
                    + ": /docs shows the body it takes";
            default -> status < 500 && e.getMessage() != null ? e.getMessage() : "Internal error";
        };
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message)).build();
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 1000)
    public Response unexpected(Throwable e) {
        LOG.errorf(e, "Unexpected failure");
        return respond(ErrorCode.INTERNAL_ERROR, "Internal error: the gateway log has the details");
    }

    private static Response respond(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message)).build();
    }
}
