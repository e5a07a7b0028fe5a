package id.dicomgateway.security;

import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.HashSet;
import java.util.Set;

/**
 * Gives every identity the roles its highest role implies (admin ⊃ operator ⊃ viewer), whatever
 * signed it in, so {@code @RolesAllowed} names one role. With checks off (GATEWAY_AUTH=none) the
 * anonymous caller gets every role: the framework's checks stay in place and simply pass.
 */
@Singleton
public final class RoleAugmentor implements SecurityIdentityAugmentor {
    public static final String UNCHECKED = "anonymous";

    @Inject
    AuthMode mode;

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous()) {
            if (!mode.checksOff()) {
                return Uni.createFrom().item(identity);
            }
            return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                    .setPrincipal(new QuarkusPrincipal(UNCHECKED))
                    .addRoles(Set.copyOf(Roles.ALL))
                    .addAttribute(SignIn.METHOD_ATTRIBUTE, SignIn.NONE)
                    .build());
        }
        String highest = Roles.highest(identity.getRoles());
        if (highest == null) {
            return Uni.createFrom().item(identity);
        }
        Set<String> implied = new HashSet<>(Roles.implied(highest));
        implied.removeAll(identity.getRoles());
        if (implied.isEmpty()) {
            return Uni.createFrom().item(identity);
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder(identity).addRoles(implied).build());
    }
}
