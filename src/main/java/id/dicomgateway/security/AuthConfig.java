package id.dicomgateway.security;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Who may sign in and how (application.properties, "Sign-in"). */
@ConfigMapping(prefix = "gateway.auth")
public interface AuthConfig {

    /** {@code none}: no checks at all; {@code required}: every endpoint checks its role. Unset: none in demo mode, else required. */
    Optional<String> mode();

    /** GATEWAY_DEMO: the demo mode, where checks are off unless GATEWAY_AUTH says otherwise. */
    @WithDefault("false")
    boolean demo();

    /** GATEWAY_API_KEYS: {@code name:role:sha256hex}, comma-separated. */
    Optional<String> apiKeys();

    /** GATEWAY_USERS: {@code name:role:pbkdf2-sha256$iterations$salt$hash}, comma-separated (base64 salt and hash). */
    Optional<String> users();

    /** Whether the hospital identity provider is configured (GATEWAY_OIDC_ENABLED). */
    @WithDefault("false")
    boolean oidc();

    /** GATEWAY_SESSION_KEY: encrypts the form sign-in's cookie (read by {@link SessionKeySource}; here to warn when unset). */
    Optional<String> sessionKey();

    RateLimit rateLimit();

    Audit audit();

    interface RateLimit {
        @WithDefault("true")
        boolean enabled();

        /** Requests per minute one key or signed-in user may make to the expensive endpoints. */
        @WithDefault("60")
        int perKey();

        /** Requests per minute one client address may make to them, whoever it is. */
        @WithDefault("120")
        int perAddress();
    }

    interface Audit {
        /** Audit records kept in memory (oldest dropped first). */
        @WithDefault("10000")
        int capacity();
    }
}
