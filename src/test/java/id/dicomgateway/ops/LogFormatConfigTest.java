package id.dicomgateway.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * GATEWAY_LOG_FORMAT picks quarkus.log.console.json.enabled in application.properties: json turns JSON on, text and
 * no value leave the console as text (quarkus-logging-json alone would turn it on), another value stops the start.
 * Read with SmallRye Config as Quarkus reads the file, without starting the application.
 */
class LogFormatConfigTest {

    private static SmallRyeConfig config(Map<String, String> environment) throws IOException {
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(LogFormatConfigTest.class.getResource("/application.properties"), 250))
                .withSources(new PropertiesConfigSource(environment, "environment", 300))
                .build();
    }

    private static boolean json(Map<String, String> environment) throws IOException {
        return config(environment).getValue("quarkus.log.console.json.enabled", Boolean.class);
    }

    @Test
    void textUnlessAskedForJson() throws IOException {
        assertThat(json(Map.of())).isFalse();
        assertThat(json(Map.of("GATEWAY_LOG_FORMAT", "text"))).isFalse();
        assertThat(json(Map.of("GATEWAY_LOG_FORMAT", "json"))).isTrue();
    }

    @Test
    void quarkusOwnSettingWins() throws IOException {
        assertThat(json(Map.of("GATEWAY_LOG_FORMAT", "json", "quarkus.log.console.json.enabled", "false"))).isFalse();
    }

    @Test
    void anotherFormatStopsTheStartNamingIt() {
        assertThatThrownBy(() -> json(Map.of("GATEWAY_LOG_FORMAT", "xml"))).hasMessageContaining("gateway.log.json-for.xml");
    }
}
