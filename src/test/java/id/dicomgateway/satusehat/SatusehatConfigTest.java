package id.dicomgateway.satusehat;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment names operators set map onto the mapping, and what is missing is named. */
class SatusehatConfigTest {

    private static SatusehatConfig fromEnvironment(Map<String, String> env) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(SatusehatConfig.class)
                // Quarkus's own "5s" duration syntax, which plain SmallRye Config does not know.
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .build();
        return config.getConfigMapping(SatusehatConfig.class);
    }

    @Test
    void theFourEnvironmentVariablesConfigureIt() {
        SatusehatConfig config = fromEnvironment(Map.of(
                "SATUSEHAT_URL", "https://api-satusehat-stg.dto.kemkes.go.id",
                "SATUSEHAT_ORG_ID", "100025702",
                "SATUSEHAT_CLIENT_ID", "id",
                "SATUSEHAT_CLIENT_SECRET", "secret",
                "SATUSEHAT_READ_TIMEOUT", "7s"));
        assertThat(config.missingSettings()).isEmpty();
        assertThat(config.url()).hasValue("https://api-satusehat-stg.dto.kemkes.go.id");
        assertThat(config.orgId()).hasValue("100025702");
        assertThat(config.readTimeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(config.tokenRefreshMargin()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void unsetOrBlankSettingsAreNamed() {
        SatusehatConfig config = fromEnvironment(Map.of("SATUSEHAT_URL", "https://x", "SATUSEHAT_CLIENT_ID", " "));
        assertThat(config.missingSettings())
                .containsExactly("SATUSEHAT_ORG_ID", "SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET");
        assertThat(fromEnvironment(Map.of()).missingSettings()).hasSize(4);
    }
}
