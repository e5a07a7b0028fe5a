package id.dicomgateway.api;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * The HTTP body limit is set high for uploads (which stream to disk), but JSON and other bodies are read
 * into memory whole by the REST layer: a body declaring more than {@value #MAX_BYTES} bytes on any other
 * route is refused with 413 before a byte of it is read.
 */
@Singleton
public class JsonBodyLimit {
    static final long MAX_BYTES = 1 << 20;
    private static final String UPLOAD = "/api/dicom/upload";
    /** A batch of 10,000 rows (UID, ACSN, Patient ID each) is about 1 MiB of CSV or 2 MiB of JSON. */
    static final long BATCH_MAX_BYTES = 4L << 20;
    private static final String BATCHES = "/api/batches";

    void install(@Observes Router router) {
        // Before the REST layer's own routes, which read the body.
        router.route().order(-1000).handler(ctx -> {
            String declared = ctx.request().getHeader("Content-Length");
            long max = ctx.normalizedPath().startsWith(BATCHES) ? BATCH_MAX_BYTES : MAX_BYTES;
            if (declared != null && !UPLOAD.equals(ctx.normalizedPath()) && tooLong(declared, max)) {
                ctx.response().setStatusCode(ErrorCode.TOO_LARGE.httpStatus())
                        .putHeader("Content-Type", "application/json")
                        .putHeader("Connection", "close")
                        .end(Json.encode(ErrorBody.of(ErrorCode.TOO_LARGE,
                                "Request body of " + declared + " bytes is over the " + max + " bytes this request may have")));
                return;
            }
            ctx.next();
        });
    }

    private static boolean tooLong(String declared, long max) {
        try {
            return Long.parseLong(declared.trim()) > max;
        } catch (NumberFormatException e) {
            return false; // the HTTP layer rejects a malformed Content-Length itself
        }
    }
}
