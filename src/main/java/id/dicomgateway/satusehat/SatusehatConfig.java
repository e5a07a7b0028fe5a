package id.dicomgateway.satusehat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SATUSEHAT access, from the environment: {@code SATUSEHAT_URL}, {@code SATUSEHAT_ORG_ID},
 * {@code SATUSEHAT_CLIENT_ID}, {@code SATUSEHAT_CLIENT_SECRET}. All optional, because a hospital
 * can run the gateway as a pure relay; the SATUSEHAT features then answer "not configured".
 */
@ConfigMapping(prefix = "satusehat")
public interface SatusehatConfig {

    /** Base host, e.g. {@code https://api-satusehat-stg.dto.kemkes.go.id}; the API paths are appended. */
    Optional<String> url();

    /** The organisation id that appears in the ACSN identifier system {@code http://sys-ids.kemkes.go.id/acsn/{orgId}}. */
    Optional<String> orgId();

    Optional<String> clientId();

    Optional<String> clientSecret();

    @WithDefault("5s")
    Duration connectTimeout();

    /** Per request; SATUSEHAT staging is slow at times, but a caller waiting longer than this gives up anyway. */
    @WithDefault("20s")
    Duration readTimeout();

    /** A token is refreshed this long before SATUSEHAT says it expires, so a request never carries a token that dies in flight. */
    @WithDefault("60s")
    Duration tokenRefreshMargin();

    /** The environment variables that are still missing, empty when SATUSEHAT is usable. */
    default List<String> missingSettings() {
        List<String> missing = new ArrayList<>();
        if (blank(url())) {
            missing.add("SATUSEHAT_URL");
        }
        if (blank(orgId())) {
            missing.add("SATUSEHAT_ORG_ID");
        }
        if (blank(clientId())) {
            missing.add("SATUSEHAT_CLIENT_ID");
        }
        if (blank(clientSecret())) {
            missing.add("SATUSEHAT_CLIENT_SECRET");
        }
        return missing;
    }

    private static boolean blank(Optional<String> value) {
        return value.map(String::isBlank).orElse(true);
    }
}
