package id.dicomgateway.security.audit;

import id.dicomgateway.security.AuditRecord;
import id.dicomgateway.security.AuditTrail;
import id.dicomgateway.security.AuthMode;
import id.dicomgateway.security.RoleAugmentor;
import id.dicomgateway.security.Roles;
import id.dicomgateway.security.SignIn;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ResourceInfo;
import java.lang.annotation.Annotation;
import java.time.Clock;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;

/**
 * One audit record per action, refusals included: written when the answer goes out, from what
 * the request and answer name (the study, the job), never from anything else in a body.
 * Reading the job list or its live events is not an action (the dashboard polls them).
 */
@Singleton
public final class AuditFilter {
    static final String STUDY = AuditFilter.class.getName() + ".study";
    private static final Set<String> NOT_ACTIONS = Set.of("listJobs", "getJob", "streamAllJobEvents", "streamJobEvents");

    // Looked up at the first request: filters are made while the application starts, before configuration is read.
    @Inject
    Instance<AuditTrail> trail;
    @Inject
    Instance<AuthMode> mode;
    private final Clock clock = Clock.systemUTC();

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response, ResourceInfo resource, RoutingContext http) {
        String action = action(resource);
        if (action == null || NOT_ACTIONS.contains(action)) {
            return;
        }
        SecurityIdentity identity = http.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        String who = identity == null || identity.isAnonymous() ? RoleAugmentor.UNCHECKED : identity.getPrincipal().getName();
        String role = identity == null ? null : Roles.highest(identity.getRoles());
        String signIn = identity == null ? (mode.get().checksOff() ? SignIn.NONE : "anonymous") : SignIn.method(identity);

        String study = (String) request.getProperty(STUDY);
        String job = null;
        var pathParameters = request.getUriInfo().getPathParameters();
        if (study == null) {
            study = pathParameters.getFirst("uid");
        }
        if (response.getEntity() instanceof AuditSubject subject) {
            study = study != null ? study : subject.study();
            job = subject.jobId();
        }
        String location = response.getHeaderString("Location");
        if (job == null && location != null && location.contains("/api/jobs/")) {
            job = location.substring(location.indexOf("/api/jobs/") + "/api/jobs/".length());
        }
        if (job == null) {
            job = pathParameters.getFirst("id");
        }
        AuditRecord record = new AuditRecord(clock.instant(), who, role == null ? "none" : role, signIn, action, study, job,
                response.getStatus(), http.request().remoteAddress() == null ? null : http.request().remoteAddress().hostAddress());
        trail.get().record(record);
        AuditTrail.log(record);
    }

    private static String action(ResourceInfo resource) {
        if (resource instanceof ResteasyReactiveResourceInfo info) {
            for (Annotation a : info.getAnnotations()) {
                if (a instanceof Operation op && !op.operationId().isEmpty() && !op.hidden()) {
                    return op.operationId();
                }
            }
        }
        return null;
    }
}
