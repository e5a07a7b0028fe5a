package id.dicomgateway.security;

import io.quarkus.oidc.AuthorizationCodeFlow;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The sign-in page for people: the hospital's identity provider (code flow) when configured, the
 * built-in user list's form when there are users, both when both. And sign-out.
 */
@Path("/")
public final class LoginResource {
    public static final String PATH = "/login";
    static final String OIDC_PATH = "/auth/oidc";
    static final String OIDC_LOGOUT_PATH = "/auth/oidc/logout";
    static final String OIDC_SESSION_COOKIE = "q_session_web";
    private static final String CSP = "default-src 'none'; style-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    @Inject
    AuthConfig config;
    @Inject
    PasswordIdentityProvider users;

    @ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential")
    String formCookie;
    @Inject
    CurrentIdentityAssociation identity;
    @Inject
    Sessions sessions;
    @Inject
    AuditTrail trail;

    @GET
    @Path("login")
    @PermitAll
    @Produces(MediaType.TEXT_HTML)
    @Operation(hidden = true)
    public Response page(@QueryParam("error") String error) {
        StringBuilder html = new StringBuilder("""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sign in · DICOM Gateway</title>
                <meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="/ui/app.css"></head>
                <body><main class="login"><h1>DICOM Gateway</h1>
                """);
        if (error != null) {
            html.append("<p role=\"alert\" class=\"error\">Wrong user name or password.</p>\n");
        }
        if (config.oidc()) {
            html.append("<p><a class=\"button\" id=\"sign-in-oidc\" href=\"").append(OIDC_PATH)
                    .append("\">Sign in with the hospital account</a></p>\n");
        }
        if (users.users().size() > 0) {
            html.append("""
                    <form method="post" action="/j_security_check">
                    <p><label for="j_username">User name</label> <input id="j_username" name="j_username" autocomplete="username" required></p>
                    <p><label for="j_password">Password</label> <input id="j_password" name="j_password" type="password" autocomplete="current-password" required></p>
                    <p><button type="submit" id="sign-in">Sign in</button></p>
                    </form>
                    """);
        }
        if (!config.oidc() && users.users().size() == 0) {
            html.append("<p>No sign-in for people is configured on this gateway (GATEWAY_USERS or GATEWAY_OIDC_ENABLED).</p>\n");
        }
        html.append("</main></body></html>\n");
        return Response.ok(html.toString(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Content-Security-Policy", CSP).header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer").header("Cache-Control", "no-store").build();
    }

    /** Starts the code flow with the hospital's identity provider (tenant "web"); back here, then to the dashboard. */
    @GET
    @Path("auth/oidc")
    @Authenticated
    @AuthorizationCodeFlow
    @Operation(hidden = true)
    public Response oidc() {
        return Response.seeOther(URI.create("/")).build();
    }

    /**
     * The OIDC session's sign-out (quarkus.oidc.web.logout.path): quarkus-oidc answers it with the
     * redirect to the provider's end-session endpoint while authenticating, so this body runs only
     * when there was no such session left.
     */
    @GET
    @Path("auth/oidc/logout")
    @Authenticated
    @AuthorizationCodeFlow
    @Operation(hidden = true)
    public Response oidcLogout() {
        return Response.seeOther(URI.create(PATH)).build();
    }

    /** Who is signed in, for the dashboard's header: nothing more than the audit trail shows. */
    @GET
    @Path("auth/me")
    @PermitAll
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(hidden = true)
    public Uni<Me> me() {
        return identity.getDeferredIdentity().map(i -> new Me(i.isAnonymous() ? null : i.getPrincipal().getName(),
                Roles.highest(i.getRoles()), SignIn.method(i)));
    }

    public record Me(String who, String role, String signIn) {
    }

    /**
     * Ends the session: the built-in users' session ends in the job store (every replica refuses a
     * copy of its cookie from then on, and its event streams close), both its cookies are cleared;
     * an OIDC session goes on to the provider's logout.
     */
    @POST
    @Path("auth/logout")
    @PermitAll
    @Operation(hidden = true)
    public Response logout(@CookieParam(OIDC_SESSION_COOKIE) String oidcSession, @CookieParam(Sessions.COOKIE) String session,
            @Context RoutingContext http) {
        sessions.signOut(session).ifPresent(user -> {
            AuditRecord out = new AuditRecord(Instant.now(), user, "none", SignIn.PASSWORD, "signOut", null, null, 200,
                    PasswordIdentityProvider.address(http));
            trail.record(out);
            AuditTrail.log(out);
        });
        // The form sign-in's cookies go in any case; a session with the provider ends at its logout endpoint too.
        NewCookie cleared = new NewCookie.Builder(formCookie).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
        NewCookie clearedSession = new NewCookie.Builder(Sessions.COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
        if (oidcSession != null && config.oidc()) {
            // Not a redirect: the page's form-action 'self' would stop the provider's logout page in a form's redirect chain.
            String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signing out</title>"
                    + "<meta http-equiv=\"refresh\" content=\"0;url=" + OIDC_LOGOUT_PATH + "\"></head>"
                    + "<body><p><a href=\"" + OIDC_LOGOUT_PATH + "\">Continue signing out</a></p></body></html>";
            return Response.ok(html, MediaType.TEXT_HTML_TYPE.withCharset("UTF-8")).cookie(cleared, clearedSession)
                    .header("Content-Security-Policy", CSP).header("Cache-Control", "no-store").build();
        }
        return Response.seeOther(URI.create(PATH)).cookie(cleared, clearedSession).build();
    }
}
