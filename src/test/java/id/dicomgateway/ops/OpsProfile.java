package id.dicomgateway.ops;

import id.dicomgateway.faults.FaultPeers;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * JDK-only peers for the operations tests (JSON logs, notifications): {@link FaultPeers}'s PACS stub and fake router,
 * short timeouts, dimse and pacs logging at DEBUG. One profile, so the classes share one application.
 */
public final class OpsProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.ofEntries(
                Map.entry("gateway.pacs.connect-timeout", "1s"),
                Map.entry("gateway.pacs.read-timeout", "2s"),
                Map.entry("gateway.router.connect-timeout", "1s"),
                Map.entry("gateway.router.dimse-timeout", "2s"),
                Map.entry("gateway.temp.dir", "target/ops-temp"),
                Map.entry("quarkus.log.category.\"id.dicomgateway.dimse\".level", "DEBUG"),
                Map.entry("quarkus.log.category.\"id.dicomgateway.pacs\".level", "DEBUG"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultPeers.class));
    }
}
