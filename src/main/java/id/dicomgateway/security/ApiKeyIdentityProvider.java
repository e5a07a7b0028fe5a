package id.dicomgateway.security;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;

/** Turns a presented API key into the identity of its configured entry, or refuses it. */
@Singleton
final class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyRequest> {
    private final ApiKeys keys;

    ApiKeyIdentityProvider(AuthConfig config) {
        this.keys = ApiKeys.parse(config.apiKeys());
    }

    ApiKeys keys() {
        return keys;
    }

    @Override
    public Class<ApiKeyRequest> getRequestType() {
        return ApiKeyRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyRequest request, AuthenticationRequestContext context) {
        return keys.match(request.key())
                .map(e -> Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("key:" + e.name()))
                        .addRole(e.role())
                        .addAttribute(SignIn.METHOD_ATTRIBUTE, SignIn.API_KEY)
                        .build()))
                .orElseGet(() -> Uni.createFrom().failure(new AuthenticationFailedException("unknown or revoked API key")));
    }
}
