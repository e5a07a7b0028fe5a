package id.dicomgateway.security;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Answers that may carry patient data are not kept by browsers or shared caches, and a browser
 * that reached the gateway over HTTPS keeps using HTTPS.
 * <ul>
 * <li>Every {@code /api} answer (job lists with Patient IDs and Accession Numbers, studies,
 * errors that name them, SSE streams) gets {@code Cache-Control: no-store} (RFC 9111 §5.2.2.5),
 * whatever the resource set: it is decided here, on the normalised path, before any handler runs,
 * so refusals from the sign-in layer carry it too. The dashboard's pages show the same jobs, so
 * every other answer gets it as well unless its handler chose its own caching (static assets).</li>
 * <li>{@code Strict-Transport-Security} (RFC 6797) when the request came over HTTPS, directly or
 * as a trusted proxy says ({@link TrustedProxies}); never over plain HTTP, where §7.2 forbids it.</li>
 * </ul>
 */
@Singleton
public final class NoStoreHeaders {
    static final String NO_STORE = "no-store";
    /** One year, the value RFC 6797 §11.2 and common preload lists use; no includeSubDomains: the hospital's other hosts are not ours to decide. */
    static final String HSTS = "max-age=31536000";

    void register(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE + 500).handler(this::handle);
    }

    void handle(RoutingContext rc) {
        boolean api = RequestPaths.isApi(RequestPaths.normalised(rc));
        boolean https = rc.request().isSSL() || "https".equalsIgnoreCase(rc.request().scheme());
        rc.addHeadersEndHandler(v -> {
            var headers = rc.response().headers();
            if (api || !headers.contains(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, NO_STORE);
            }
            if (https) {
                headers.set("Strict-Transport-Security", HSTS);
            }
        });
        rc.next();
    }
}
