package id.dicomgateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** Demo mode as the jar runs it with GATEWAY_DEMO=true: the receiver on a free port, no PACS, no SATUSEHAT. */
public final class DemoProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        try {
            return Map.of("gateway.demo.enabled", "true", "gateway.router.port", String.valueOf(FreePorts.freePortOutsideEphemeralRange()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
