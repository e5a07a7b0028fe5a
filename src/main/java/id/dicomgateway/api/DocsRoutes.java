package id.dicomgateway.api;

import io.vertx.ext.web.Router;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Swagger UI lives at {@code /docs} ({@code quarkus.swagger-ui.path}); the old service showed
 * its documentation under {@code /api}, so {@code /api/docs} redirects there. A plain Vert.x
 * route keeps the redirect out of the OpenAPI description.
 */
@Singleton
public final class DocsRoutes {

    void register(@Observes Router router) {
        router.get("/api/docs").handler(rc -> rc.redirect("/docs/"));
        router.get("/api/docs/").handler(rc -> rc.redirect("/docs/"));
    }
}
