package id.dicomgateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticator;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Priorities;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals in the API's error shape instead of empty bodies: a 401 that says how to sign in
 * (the challenge itself still comes from the mechanisms, so the code flow's redirect to the
 * identity provider stays as quarkus-oidc makes it), and a 403 that says who was refused.
 */
public final class RefusalMapper {

    @ServerExceptionMapper(value = {UnauthorizedException.class, AuthenticationFailedException.class}, priority = Priorities.USER)
    public Uni<Response> unauthenticated(RoutingContext context) {
        HttpAuthenticator authenticator = context.get(HttpAuthenticator.class.getName());
        Uni<ChallengeData> challenge = authenticator == null ? Uni.createFrom().nullItem() : authenticator.getChallenge(context);
        return challenge.onFailure().recoverWithNull().map(c -> {
            Response.ResponseBuilder r = Response.status(c == null ? 401 : c.status);
            if (c != null) {
                c.getHeaders().forEach((name, value) -> r.header(name.toString(), value));
            }
            if (c == null || c.status == 401) {
                r.type(MediaType.APPLICATION_JSON_TYPE).entity(ApiKeyMechanism.UNAUTHENTICATED_BODY);
            }
            return r.build();
        });
    }

    @ServerExceptionMapper(priority = Priorities.USER)
    public Response forbidden(ForbiddenException e, RoutingContext context) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        String who = identity == null || identity.isAnonymous() ? "this caller" : identity.getPrincipal().getName();
        String role = identity == null ? null : Roles.highest(identity.getRoles());
        return Response.status(403).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Refusal.json(Refusal.FORBIDDEN, who + " (role " + (role == null ? "none" : role)
                        + ") may not do this: it needs a higher role (viewer < operator < admin); ask an administrator"))
                .build();
    }
}
