package id.dicomgateway.security;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The key that encrypts the form sign-in's session cookie: GATEWAY_SESSION_KEY when set (the same
 * on every replica, so a session survives a restart and load balancing), else a random key made
 * at start. Quarkus would otherwise make one itself and print it in the log, where a key must
 * never be. Ordinal 260: above application.properties, below the environment and -D.
 */
public final class SessionKeySource implements ConfigSource {
    static final String PROPERTY = "quarkus.http.auth.session.encryption-key";
    private String key;

    public SessionKeySource() {
        // Nothing here: an instance made while a native image is built must not carry a key into the image.
    }

    private synchronized String key() {
        if (key == null) {
            String configured = System.getenv("GATEWAY_SESSION_KEY");
            if (configured != null && !configured.isBlank()) {
                key = configured.trim();
            } else {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                key = Base64.getEncoder().encodeToString(random);
            }
        }
        return key;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of(PROPERTY);
    }

    @Override
    public Map<String, String> getProperties() {
        return Map.of(PROPERTY, key());
    }

    @Override
    public String getValue(String propertyName) {
        return PROPERTY.equals(propertyName) ? key() : null;
    }

    @Override
    public String getName() {
        return "gateway-session-key";
    }

    @Override
    public int getOrdinal() {
        return 260;
    }
}
