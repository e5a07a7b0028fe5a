package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding is on exactly when GATEWAY_TRUSTED_PROXIES names someone, whatever application.properties
 * says: Quarkus would otherwise trust every peer when the list is empty.
 */
class TrustedProxiesTest {

    private static boolean forwarding(String trustedProxies) {
        Map<String, String> props = new HashMap<>();
        props.put("quarkus.http.proxy.proxy-address-forwarding", "true");
        props.put("quarkus.http.proxy.trusted-proxies", "${GATEWAY_TRUSTED_PROXIES:}");
        if (trustedProxies != null) {
            props.put("GATEWAY_TRUSTED_PROXIES", trustedProxies);
        }
        SmallRyeConfig config = new SmallRyeConfigBuilder().addDefaultInterceptors().addDiscoveredInterceptors()
                .withSources(new PropertiesConfigSource(props, "test", 100)).build();
        return config.getValue(TrustedProxies.FORWARDING, Boolean.class);
    }

    @Test
    void unsetOrEmptyBelievesNobody() {
        assertThat(forwarding(null)).isFalse();
        assertThat(forwarding("")).isFalse();
    }

    @Test
    void aNamedProxyTurnsForwardingOn() {
        assertThat(forwarding("10.20.8.0/24")).isTrue();
    }
}
