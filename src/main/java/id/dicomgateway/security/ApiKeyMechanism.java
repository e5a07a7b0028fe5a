package id.dicomgateway.security;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code Authorization: Bearer <API key>} for programs. A bearer value shaped like a JWT is left
 * to quarkus-oidc when the hospital's identity provider is configured. This mechanism also
 * answers every challenge: a JSON 401 for programs, a redirect to the sign-in page for a browser
 * asking for a page, so no caller ever gets an empty body or an IdP redirect it cannot follow.
 */
@Singleton
public final class ApiKeyMechanism implements HttpAuthenticationMechanism {
    static final String REALM = "dicom-gateway";
    private static final String BEARER = "bearer ";

    private final AuthMode mode;
    private final boolean oidc;

    ApiKeyMechanism(AuthMode mode, @ConfigProperty(name = "quarkus.oidc.tenant-enabled", defaultValue = "false") boolean oidc) {
        this.mode = mode;
        this.oidc = oidc;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (mode.checksOff()) {
            return Uni.createFrom().nullItem();
        }
        String token = bearer(context);
        if (token == null || (oidc && looksLikeJwt(token))) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyRequest(token), context));
    }

    static String bearer(RoutingContext context) {
        String header = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= BEARER.length() || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        String token = header.substring(BEARER.length()).trim();
        return token.isEmpty() ? null : token;
    }

    /** Three base64url parts: RFC 7519 compact serialization. API keys made by tools/new-api-key have no dots. */
    static boolean looksLikeJwt(String token) {
        return token.matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(wantsPage(context)
                ? new ChallengeData(302, HttpHeaders.LOCATION, LoginResource.PATH)
                : new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"" + REALM + "\""));
    }

    @Override
    public Uni<Boolean> sendChallenge(RoutingContext context) {
        return getChallenge(context).map(challenge -> {
            var response = context.response().setStatusCode(challenge.status);
            challenge.getHeaders().forEach((name, value) -> response.putHeader(name.toString(), value));
            if (challenge.status == 401) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(UNAUTHENTICATED_BODY);
            } else {
                response.end();
            }
            return true;
        });
    }

    static final String UNAUTHENTICATED_BODY = Refusal.json(Refusal.UNAUTHENTICATED,
            "Sign in first: send Authorization: Bearer <API key> (or an access token of the hospital's identity provider),"
                    + " or sign in to the dashboard at " + LoginResource.PATH);

    /** A browser navigating to a page (not the page's script calling the API). */
    private static boolean wantsPage(RoutingContext context) {
        String accept = context.request().getHeader(HttpHeaders.ACCEPT);
        return "GET".equals(context.request().method().name()) && !RequestPaths.isApi(RequestPaths.normalised(context))
                && accept != null && accept.contains("text/html");
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer"));
    }

    @Override
    public int getPriority() {
        // Before quarkus-oidc (1001) and form sign-in (1000): its sendChallenge answers for all of them.
        return 2000;
    }
}
