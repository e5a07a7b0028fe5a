package id.dicomgateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** The dashboard's username and password form ({@code quarkus.http.auth.form}) against {@link Users}. */
@Singleton
final class PasswordIdentityProvider implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    private final Users users;

    PasswordIdentityProvider(AuthConfig config) {
        this.users = Users.parse(config.users());
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
        // PBKDF2 takes tens of milliseconds on purpose: never on the event loop.
        return context.runBlocking(() -> users.verify(request.getUsername(), request.getPassword().getPassword())
                .map(PasswordIdentityProvider::identity)
                .orElseThrow(() -> new AuthenticationFailedException("wrong user name or password")));
    }

    static SecurityIdentity identity(Users.User user) {
        return QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(user.name()))
                .addRole(user.role())
                .addAttribute(SignIn.METHOD_ATTRIBUTE, SignIn.PASSWORD)
                .build();
    }

    /**
     * The form sign-in's session cookie names the user; each request re-reads the user here, so a
     * user removed from GATEWAY_USERS (after a restart) is signed out and a changed role applies.
     */
    @Singleton
    static final class Session implements IdentityProvider<TrustedAuthenticationRequest> {
        private final PasswordIdentityProvider users;

        Session(PasswordIdentityProvider users) {
            this.users = users;
        }

        @Override
        public Class<TrustedAuthenticationRequest> getRequestType() {
            return TrustedAuthenticationRequest.class;
        }

        @Override
        public Uni<SecurityIdentity> authenticate(TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
            return users.users().find(request.getPrincipal())
                    .map(u -> Uni.createFrom().item(identity(u)))
                    .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("user no longer configured")));
        }
    }
}
