package id.dicomgateway.security;

import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.Annotation;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

/**
 * 429 with Retry-After on a {@link RateLimited} endpoint when the caller's key (or signed-in
 * user) or its address has used up its minute. Both are counted: many keys behind one address,
 * or one key spread over many addresses, are each held back.
 */
@Singleton
public final class RateLimitFilter {
    @Inject
    Instance<AuthConfig> config;
    private volatile Limits limits;

    /** Made at the first request: filters are made while the application starts, before configuration is read. */
    private record Limits(boolean enabled, RateLimits perKey, RateLimits perAddress) {
    }

    private Limits limits() {
        Limits l = limits;
        if (l == null) {
            AuthConfig.RateLimit c = config.get().rateLimit();
            l = new Limits(c.enabled(), new RateLimits(c.perKey(), System::nanoTime), new RateLimits(c.perAddress(), System::nanoTime));
            limits = l;
        }
        return l;
    }

    @ServerRequestFilter(priority = Priorities.AUTHORIZATION + 10)
    public Response limit(ContainerRequestContext request, ResourceInfo resource, RoutingContext http) {
        Limits l = limits();
        if (!l.enabled() || !limited(resource)) {
            return null;
        }
        String address = http.request().remoteAddress() == null ? "unknown" : http.request().remoteAddress().hostAddress();
        long wait = l.perAddress().take("address:" + address);
        String caller = caller(http);
        if (wait == 0 && caller != null) {
            wait = l.perKey().take(caller);
        }
        if (wait == 0) {
            return null;
        }
        return Response.status(429).header("Retry-After", Long.toString(wait)).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Refusal.json(Refusal.RATE_LIMITED, "Too many requests to this endpoint from this "
                        + (caller != null ? "key or user" : "address") + "; try again in " + wait + " s"
                        + " (GATEWAY_RATE_LIMIT_PER_KEY, GATEWAY_RATE_LIMIT_PER_ADDRESS per minute)"))
                .build();
    }

    /** The signed-in identity, or, before it is resolved, the presented bearer value's hash (never the value). */
    private static String caller(RoutingContext http) {
        if (http.user() instanceof QuarkusHttpUser user && !user.getSecurityIdentity().isAnonymous()) {
            return "who:" + user.getSecurityIdentity().getPrincipal().getName();
        }
        String bearer = ApiKeyMechanism.bearer(http);
        return bearer == null ? null : "bearer:" + ApiKeys.sha256Hex(bearer);
    }

    private static boolean limited(ResourceInfo resource) {
        if (resource instanceof ResteasyReactiveResourceInfo info) {
            for (Annotation a : info.getAnnotations()) {
                if (a instanceof RateLimited) {
                    return true;
                }
            }
            return info.getResourceClass().isAnnotationPresent(RateLimited.class);
        }
        return false;
    }
}
