package id.dicomgateway.api.orders;

import id.dicomgateway.api.ErrorBody;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.orders.OrderException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The orders use case's failures as the API's one error body (api.ErrorMapper's conventions). */
public final class OrderErrors {
    private static final Logger LOG = Logger.getLogger(OrderErrors.class);

    @ServerExceptionMapper
    public Response order(OrderException e) {
        return switch (e.reason()) {
            case INVALID -> respond(ErrorCode.INVALID_REQUEST, e.getMessage());
            case NOT_FOUND -> respond(ErrorCode.NOT_FOUND, e.getMessage());
            case JOB_NOT_FOUND -> respond(ErrorCode.JOB_NOT_FOUND, e.getMessage());
            case JOB_NOT_WAITING -> respond(ErrorCode.JOB_STATE_CONFLICT, e.getMessage());
            case ORDER_CLOSED -> respond(ErrorCode.ORDER_STATE_CONFLICT, e.getMessage());
            case SATUSEHAT_UNAVAILABLE -> respond(ErrorCode.SATUSEHAT_UNAVAILABLE, e.getMessage());
            case UNAVAILABLE -> {
                LOG.warnf("Order store unavailable: %s", e.getMessage());
                yield respond(ErrorCode.JOB_STORE_UNAVAILABLE, "The database does not answer; the order was not stored. Send it again in a moment");
            }
            case FAILED -> {
                LOG.errorf(e, "Order store failed");
                yield respond(ErrorCode.INTERNAL_ERROR, "Internal error: the gateway log has the details");
            }
        };
    }

    private static Response respond(ErrorCode code, String message) {
        return Response.status(code.httpStatus()).type(MediaType.APPLICATION_JSON_TYPE).entity(ErrorBody.of(code, message)).build();
    }
}
