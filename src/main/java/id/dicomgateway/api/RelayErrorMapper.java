package id.dicomgateway.api;

import id.dicomgateway.relay.RouterFailure;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Router failures carry what was stored; everything else goes through {@link ErrorMapper}. */
public final class RelayErrorMapper {

    @ServerExceptionMapper
    public Response router(RouterFailure e) {
        return Response.status(e.code().httpStatus()).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new RouterErrorBody("error", e.getMessage(), e.code(), e.studies())).build();
    }
}
