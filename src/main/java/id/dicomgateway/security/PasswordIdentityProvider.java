package id.dicomgateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The dashboard's username and password form ({@code quarkus.http.auth.form}) against {@link Users}:
 * guarded by {@link SignInGuard} (locked names and addresses are refused without a look at the
 * password; at most a few hashes at once), every outcome audited with the attempted name and the
 * address, and a good password begins a {@link Sessions session} in the job store.
 */
@Singleton
final class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private final Users users;
    private final SignInGuard guard;
    private final Sessions sessions;
    private final AuditTrail trail;

    PasswordIdentityProvider(AuthConfig config, SignInGuard guard, Sessions sessions, AuditTrail trail) {
        this.users = Users.parse(config.users());
        this.guard = guard;
        this.sessions = sessions;
        this.trail = trail;
    }

    Users users() {
        return users;
    }

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
        return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        String address = address(rc);
        String name = request.getUsername();
        long wait = guard.wait(name, address);
        if (wait > 0) {
            // Locked: refused without a look at the password, so guessing on gains nothing.
            return refused(rc, context, name, address, "signInLocked", 429, wait);
        }
        if (!guard.hashing().tryAcquire()) {
            return refused(rc, context, name, address, "signInBusy", 503, 1);
        }
        // PBKDF2 takes a good fraction of a second on purpose: never on the event loop, and at most a few at once.
        return context.runBlocking(() -> {
            java.util.Optional<Users.User> user;
            try {
                user = users.verify(name, request.getPassword().getPassword());
            } finally {
                guard.hashing().release();
            }
            if (user.isEmpty()) {
                SignInGuard.Outcome outcome = guard.failed(name, address);
                audit(trail, name, address, "signInFailed", 401);
                if (outcome.locked()) {
                    audit(trail, name, address, "signInLocked", 429);
                    mark(rc, 429, outcome.retryAfterSeconds());
                }
                throw new AuthenticationFailedException("wrong user name or password");
            }
            guard.succeeded(name);
            Users.User u = user.get();
            String cookie = sessions.begin(u.name(), u.role());
            if (rc != null) {
                rc.response().addCookie(Cookie.cookie(Sessions.COOKIE, cookie).setPath("/").setHttpOnly(true)
                        .setSameSite(CookieSameSite.LAX).setSecure(rc.request().isSSL()));
            }
            AuditRecord signedIn = new AuditRecord(Instant.now(), u.name(), u.role(), SignIn.PASSWORD, "signIn", null, null, 200, address);
            record(trail, signedIn);
            return identity(u, Sessions.attribute(cookie));
        });
    }

    private Uni<SecurityIdentity> refused(RoutingContext rc, AuthenticationRequestContext context, String name, String address,
            String action, int status, long wait) {
        mark(rc, status, wait);
        // The audit trail may write to the store: off the event loop too.
        return context.runBlocking(() -> {
            audit(trail, name, address, action, status);
            throw new AuthenticationFailedException("sign-in refused for now");
        });
    }

    private static void mark(RoutingContext rc, int status, long wait) {
        if (rc != null) {
            rc.put(SignInFilter.RETRY_AFTER, wait);
            rc.put(SignInFilter.STATUS, status);
        }
    }

    static SecurityIdentity identity(Users.User user, String session) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRole(user.role())
                .addAttribute(SignIn.METHOD_ATTRIBUTE, SignIn.PASSWORD)
                .addAttribute(Sessions.ATTRIBUTE, session)
                .build();
    }

    /** The client's address as the audit trail and the rate limits see it (a trusted proxy's X-Forwarded-For applied by Quarkus). */
    static String address(RoutingContext rc) {
        return rc == null || rc.request().remoteAddress() == null ? "unknown" : rc.request().remoteAddress().hostAddress();
    }

    /** A sign-in's outcome in the audit trail: the attempted name (never the password) and the address. */
    static void audit(AuditTrail trail, String name, String address, String action, int status) {
        String who = name == null || name.isBlank() ? "-" : name.length() > 64 ? name.substring(0, 64) : name;
        record(trail, new AuditRecord(Instant.now(), who, "none", SignIn.PASSWORD, action, null, null, status, address));
    }

    private static void record(AuditTrail trail, AuditRecord r) {
        trail.record(r);
        AuditTrail.log(r);
    }

    /**
     * The form sign-in's cookie names the user, {@link Sessions#COOKIE} the session; each request
     * checks both here: the user is still configured (a changed role applies) and the session has
     * not ended on any replica ({@link Sessions#live}).
     */
    @Singleton
    static final class Session implements IdentityProvider<TrustedAuthenticationRequest> {
        @Inject
        PasswordIdentityProvider users;
        @Inject
        Sessions sessions;

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            var user = users.users().find(request.getPrincipal());
            if (user.isEmpty()) {
                return Uni.createFrom().failure(new AuthenticationFailedException("user no longer configured"));
            }
            String cookie = cookie(request);
            if (cookie == null) {
                return Uni.createFrom().failure(new AuthenticationFailedException("no session"));
            }
            return context.runBlocking(() -> {
                if (!sessions.live(cookie, user.get().name())) {
                    // The refusal is then answered by ApiKeyMechanism as every other (401 for the API, the sign-in
                    // page for a browser), not by the form's challenge, which redirects even the API's callers.
                    RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
                    if (rc != null) {
                        rc.remove(HttpAuthenticationMechanism.class.getName());
                    }
                    throw new AuthenticationFailedException("the session has ended");
                }
                return identity(user.get(), Sessions.attribute(cookie));
            });
        }

        private static String cookie(AuthenticationRequest request) {
            RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
            Cookie c = rc == null ? null : rc.request().getCookie(Sessions.COOKIE);
            return c == null ? null : c.getValue();
        }
    }
}
