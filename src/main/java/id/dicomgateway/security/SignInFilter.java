package id.dicomgateway.security;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * In front of the form sign-in's POST (quarkus.http.auth.form.post-location), before the body is
 * read: a locked address is answered 429 with Retry-After, and a sign-in that would wait for a
 * password hash (all {@link SignInGuard#hashing} permits taken) 503 with Retry-After, at once and
 * on the event loop, so a burst never queues on the worker pool. A name found locked only once the
 * form is read ({@link PasswordIdentityProvider}) turns the form's error redirect into the same
 * 429 ({@link #RETRY_AFTER}).
 */
@Singleton
public final class SignInFilter {
    /** Set by the identity provider on the request: the seconds a refused sign-in must wait, and its status. */
    static final String RETRY_AFTER = SignInFilter.class.getName() + ".retry-after";
    static final String STATUS = SignInFilter.class.getName() + ".status";
    /** Between CORS (300) and authentication (200): quarkus-vertx-http's SecurityHandlerPriorities. */
    private static final int PRIORITY = 250;

    private final Instance<SignInGuard> guard;
    private final Instance<AuditTrail> trail;
    private final String postLocation;

    SignInFilter(Instance<SignInGuard> guard, Instance<AuditTrail> trail,
            @ConfigProperty(name = "quarkus.http.auth.form.post-location", defaultValue = "/j_security_check") String postLocation) {
        this.guard = guard;
        this.trail = trail;
        this.postLocation = postLocation;
    }

    void register(@Observes Filters filters) {
        filters.register(this::filter, PRIORITY);
    }

    private void filter(RoutingContext rc) {
        // As the form mechanism matches its post location: the normalised path's end.
        if (rc.request().method() != HttpMethod.POST || !rc.normalizedPath().endsWith(postLocation)) {
            rc.next();
            return;
        }
        String address = PasswordIdentityProvider.address(rc);
        SignInGuard g = guard.get();
        long wait = g.wait(null, address);
        if (wait > 0) {
            PasswordIdentityProvider.audit(trail.get(), null, address, "signInLocked", 429);
            refuse(rc, 429, wait, "Too many failed sign-ins from this address; try again in " + wait + " s");
            return;
        }
        if (g.hashing().availablePermits() == 0) {
            refuse(rc, 503, 1, "The gateway is checking other sign-ins; try again in a second");
            return;
        }
        rc.addHeadersEndHandler(v -> {
            Long after = rc.get(RETRY_AFTER);
            if (after != null) {
                Integer status = rc.get(STATUS);
                rc.response().setStatusCode(status == null ? 429 : status);
                rc.response().headers().remove("Location");
                rc.response().putHeader("Retry-After", Long.toString(after));
                rc.response().putHeader("Cache-Control", "no-store");
            }
        });
        rc.next();
    }

    private static void refuse(RoutingContext rc, int status, long wait, String message) {
        rc.response().setStatusCode(status).putHeader("Retry-After", Long.toString(wait)).putHeader("Cache-Control", "no-store")
                .putHeader("Content-Type", "text/plain; charset=UTF-8").end(message + "\n");
    }
}
