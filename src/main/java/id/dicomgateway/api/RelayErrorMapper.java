package id.dicomgateway.api;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import id.dicomgateway.relay.RouterFailure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Router failures carry what was stored; everything else goes through {@link ErrorMapper}. */
public final class RelayErrorMapper {

    /**
     * Quarkus's Jackson support maps a body of the wrong shape ({@code {"study": 123}}, {@code []}) with its own
     * built-in mapper for this exact type, which would win over {@link ErrorMapper}'s JsonProcessingException
     * mapper and answer in another shape. Same answer as for any JSON error.
     */
    @ServerExceptionMapper
    public Response mismatch(MismatchedInputException e) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorBody.of(ErrorCode.INVALID_REQUEST, "Request body is not valid JSON of the expected shape: " + e.getOriginalMessage())).build();
    }

    @ServerExceptionMapper
    public Response router(RouterFailure e) {
        return Response.status(e.code().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new RouterErrorBody("error", e.getMessage(), e.code(), e.studies(), e.jobId())).build();
    }
}
