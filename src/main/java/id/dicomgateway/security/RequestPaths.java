package id.dicomgateway.security;

import io.vertx.ext.web.RoutingContext;

/**
 * The one spelling of a request's path that security decisions outside JAX-RS look at: the one
 * the routers match. Vert.x normalises it once per request (RFC 3986 §6.2.2.2 percent-decoding of
 * unreserved characters, §5.2.4 dot-segment removal, repeated slashes folded), and the REST layer
 * routes on the same value, so a guard that reads the raw path could be walked around with
 * {@code //api}, {@code /%61pi} or {@code /x/../api} while the resource is still reached.
 * Decisions that need the matched resource (roles, rate limits, audit) are JAX-RS filters and
 * read the resource itself.
 */
final class RequestPaths {
    static final String API = "/api/";

    private RequestPaths() {
    }

    static String normalised(RoutingContext rc) {
        String path = rc.normalizedPath();
        return path == null ? "/" : path;
    }

    static boolean isApi(String normalisedPath) {
        return normalisedPath.startsWith(API) || normalisedPath.equals("/api");
    }
}
