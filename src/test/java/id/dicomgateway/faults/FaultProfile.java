package id.dicomgateway.faults;

import id.dicomgateway.satusehat.SatusehatWireMock;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Short timeouts, so that every fault ends within about a second; peers from {@link FaultPeers} and {@link SatusehatWireMock}. */
public final class FaultProfile implements QuarkusTestProfile {
    static final String TEMP_DIR = "target/faults-temp";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("gateway.pacs.connect-timeout", "1s"),
                Map.entry("gateway.pacs.read-timeout", "1s"),
                Map.entry("gateway.router.connect-timeout", "1s"),
                Map.entry("gateway.router.dimse-timeout", "1s"),
                // RelayFaultIT's router that never answers A-RELEASE-RQ: 3 s instead of the 10 s default
                Map.entry("gateway.router.release-timeout", "3s"),
                Map.entry("gateway.temp.dir", TEMP_DIR));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultPeers.class), new TestResourceEntry(SatusehatWireMock.class));
    }

    /**
     * The same peers and timeouts with a temporary area of 12 000 bytes, which {@link FetchQuotaTest} runs out of. The
     * fault tests of the unit phase share it, one application instead of two (issue 22 step 5): {@link ImageIdFaultTest}
     * never writes to the temporary area.
     */
    public static final class SmallTempQuota implements QuarkusTestProfile {
        static final String TEMP_DIR = "target/fetch-quota-temp";

        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>(new FaultProfile().getConfigOverrides());
            config.put("gateway.temp.dir", TEMP_DIR);
            config.put("gateway.disk.temp-quota", "12000");
            return config;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return new FaultProfile().testResources();
        }
    }
}
