package id.dicomgateway.security;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * CSRF protection for the dashboard's state-changing calls: a request to the API that is
 * authenticated by a session cookie (the form's or the identity provider's) and changes something
 * must carry the page's token in {@code X-CSRF-Token}, equal to the {@code gw-csrf} cookie (a
 * double-submit token, OWASP CSRF cheat sheet). Another site can make a browser send the cookies
 * but can neither read the token nor set the header. quarkus-rest-csrf would also demand the token
 * of programs, which send an API key and no cookie, so this one asks only where a cookie is the credential.
 */
@Singleton
public final class CsrfGuard {
    static final String COOKIE = "gw-csrf";
    static final String HEADER = "X-CSRF-Token";
    private static final Set<HttpMethod> SAFE = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String formCookie;
    private final AuthMode mode;

    CsrfGuard(@ConfigProperty(name = "quarkus.http.auth.form.cookie-name", defaultValue = "quarkus-credential") String formCookie,
            AuthMode mode) {
        this.formCookie = formCookie;
        this.mode = mode;
    }

    void register(@Observes Router router) {
        if (!mode.checksOff()) { // with checks off there are no sessions to ride on
            router.route().order(Integer.MIN_VALUE + 1000).handler(this::handle);
        }
    }

    void handle(RoutingContext rc) {
        var request = rc.request();
        // The path the REST router matches (RFC 3986 dot segments removed, %61 decoded, // folded), never the raw one:
        // "//api/jobs/X/cancel" and "/%61pi/jobs/X/cancel" reach the same resource as "/api/jobs/X/cancel" and must be guarded alike.
        String path = RequestPaths.normalised(rc);
        if (SAFE.contains(request.method())) {
            if (!RequestPaths.isApi(path) && !path.startsWith("/q/") && request.getCookie(COOKIE) == null) {
                byte[] token = new byte[32];
                RANDOM.nextBytes(token);
                // Readable by the page's own script (not HttpOnly): that is how it reaches the header.
                rc.response().addCookie(Cookie.cookie(COOKIE, Base64.getUrlEncoder().withoutPadding().encodeToString(token))
                        .setPath("/").setSameSite(CookieSameSite.STRICT).setSecure(request.isSSL()));
            }
            rc.next();
            return;
        }
        if (!RequestPaths.isApi(path) || request.getHeader(HttpHeaders.AUTHORIZATION) != null || !sessionCookie(rc)) {
            rc.next();
            return;
        }
        Cookie cookie = request.getCookie(COOKIE);
        String header = request.getHeader(HEADER);
        if (cookie != null && header != null && MessageDigest.isEqual(cookie.getValue().getBytes(StandardCharsets.UTF_8),
                header.getBytes(StandardCharsets.UTF_8))) {
            rc.next();
            return;
        }
        rc.response().setStatusCode(403).putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(Refusal.json(Refusal.CSRF, "This call comes with a sign-in cookie but without the page's " + HEADER
                        + " header: reload the dashboard and try again (programs send Authorization: Bearer instead)"));
    }

    private boolean sessionCookie(RoutingContext rc) {
        for (String name : rc.request().cookieMap().keySet()) {
            if (name.equals(formCookie) || name.startsWith("q_session")) {
                return true;
            }
        }
        return false;
    }
}
