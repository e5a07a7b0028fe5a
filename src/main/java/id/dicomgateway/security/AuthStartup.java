package id.dicomgateway.security;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Says at every start how callers sign in, warns loudly when nobody has to, and in production
 * refuses to start when checks are on but no way to sign in is configured: such a gateway
 * could only refuse everyone, and the operator should learn it now rather than from a ward.
 */
@Singleton
final class AuthStartup {
    private static final Logger LOG = Logger.getLogger(AuthStartup.class);

    /** The placeholder application.properties gives quarkus.oidc.auth-server-url while GATEWAY_OIDC_URL is unset. */
    static final String OIDC_UNSET = "oidc-not-configured";

    static final String NOTHING_CONFIGURED = "No way to sign in is configured. Set at least one of: GATEWAY_API_KEYS"
            + " (name:role:sha256hex entries, for programs), GATEWAY_USERS (name:role:pbkdf2 hash entries, for people),"
            + " or GATEWAY_OIDC_ENABLED=true with GATEWAY_OIDC_URL, GATEWAY_OIDC_CLIENT_ID and GATEWAY_OIDC_CLIENT_SECRET"
            + " (the hospital's identity provider). Or set GATEWAY_AUTH=none to run with no checks at all (not for a hospital network)."
            + " README, 'Sign-in', shows each.";

    void check(@Observes @Priority(1) StartupEvent event, AuthMode mode, AuthConfig config, ApiKeyIdentityProvider keys,
            PasswordIdentityProvider users, @ConfigProperty(name = "quarkus.oidc.auth-server-url") Optional<String> oidcUrl) {
        if (mode.checksOff()) {
            LOG.warn("GATEWAY_AUTH=none: authentication and role checks are OFF; anyone who can reach this gateway may download"
                    + " any study, send to SATUSEHAT and purge. Set GATEWAY_API_KEYS, GATEWAY_USERS or GATEWAY_OIDC_ENABLED and"
                    + " remove GATEWAY_AUTH=none for a hospital network.");
            return;
        }
        if (config.oidc() && oidcUrl.map(u -> u.contains(OIDC_UNSET)).orElse(true)) {
            throw new IllegalStateException("GATEWAY_OIDC_ENABLED=true but GATEWAY_OIDC_URL is not set: set it to the issuer URL of the"
                    + " hospital's identity provider (e.g. https://sso.example/realms/hospital), with GATEWAY_OIDC_CLIENT_ID and"
                    + " GATEWAY_OIDC_CLIENT_SECRET");
        }
        int apiKeys = keys.keys().size();
        int people = users.users().size();
        boolean oidc = config.oidc();
        if (apiKeys == 0 && people == 0 && !oidc) {
            if (LaunchMode.current() == LaunchMode.NORMAL) {
                throw new IllegalStateException(NOTHING_CONFIGURED);
            }
            LOG.warn(NOTHING_CONFIGURED);
        }
        if (people > 0 && config.sessionKey().isEmpty()) {
            LOG.warn("GATEWAY_SESSION_KEY is not set: the sign-in of people ends when this gateway restarts and is not shared"
                    + " between replicas; set it (32 random bytes, base64) from the dicom-gateway-auth Secret");
        }
        LOG.infof("Sign-in: %d API key(s), %d user(s), hospital identity provider %s", apiKeys, people, oidc ? "on" : "off");
    }
}
