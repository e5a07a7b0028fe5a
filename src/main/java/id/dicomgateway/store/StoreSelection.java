package id.dicomgateway.store;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Turns the embedded datasource off when PostgreSQL is configured. A datasource's kind is fixed at
 * build time, so the application has two (application.properties) and one is active at run time:
 * PostgreSQL's is inactive without a URL by itself; the embedded one needs saying so, and that
 * depends on another setting, which no property expression can express.
 *
 * <p>Its ordinal is below application.properties and the environment, so
 * {@code QUARKUS_DATASOURCE_EMBEDDED_ACTIVE} still decides when set.
 */
public final class StoreSelection implements ConfigSourceFactory {
    static final String EMBEDDED_ACTIVE = "quarkus.datasource.embedded.active";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        boolean postgres = isSet(context.getValue("GATEWAY_DB_URL")) || isSet(context.getValue("gateway.db.url"));
        return List.of(new PropertiesConfigSource(Map.of(EMBEDDED_ACTIVE, Boolean.toString(!postgres)), "gateway-store-selection", 150));
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank() && !value.getValue().startsWith("${");
    }
}
