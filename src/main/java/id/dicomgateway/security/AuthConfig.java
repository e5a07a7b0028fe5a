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

    Session session();

    SignInLimit signIn();

    /** The built-in users' sessions, kept in the job store (security/Sessions). */
    interface Session {
        /** GATEWAY_SESSION_IDLE: a session unused this long has ended. */
        @WithDefault("8h")
        java.time.Duration idle();

        /** GATEWAY_SESSION_MAX: a session this old has ended, however busy. */
        @WithDefault("12h")
        java.time.Duration max();

        /** How long a replica trusts its last look at a session before reading the store again (sign-outs elsewhere: at most this late). */
        @WithDefault("5s")
        java.time.Duration check();
    }

    /** Password guessing (security/SignInGuard): the built-in users' form and the router webhook's Basic auth. */
    interface SignInLimit {
        /** GATEWAY_SIGNIN_MAX_FAILURES: failures of one user name before it is locked. */
        @WithDefault("5")
        int maxFailures();

        /** GATEWAY_SIGNIN_MAX_ADDRESS_FAILURES: failures from one address (any names) before it is locked. */
        @WithDefault("20")
        int maxAddressFailures();

        /** GATEWAY_SIGNIN_LOCK: the first lock's length; each further failure while counted doubles it (at most 64 times). */
        @WithDefault("1m")
        java.time.Duration lock();

        /** Password hashes computed at once; further sign-ins are answered 503 at once instead of queueing on the workers. */
        @WithDefault("2")
        int concurrentHashes();
    }

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

        /** GATEWAY_AUDIT_RETENTION: how long the job store keeps an audit record. */
        @WithDefault("180d")
        java.time.Duration retention();
    }
}
