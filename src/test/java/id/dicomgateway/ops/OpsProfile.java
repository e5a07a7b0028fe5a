package id.dicomgateway.ops;

import id.dicomgateway.faults.FaultPeers;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * JDK-only peers for the operations tests (JSON logs, notifications): {@link FaultPeers}'s PACS stub and fake router,
 * short timeouts, dimse and pacs logging at DEBUG. One profile, so the classes share one application.
 *
 * <p>Notifications on ({@link NotifyReceivers}), every wait of them in seconds: waiting for the order and a peer down
 * are told after 1 s, looked at every second, a failed POST tried again after 1 s, then 3 s; a POST that gets no answer
 * fails after 20 s (longer than any job here takes). Readiness probes are cached for half a second, so a router that
 * stops is seen at once. The JSON log test's jobs are told too (NotificationsTest reads only its own jobs' notices), and
 * the peer watch's probes log as task=readiness, which that test tells from a job's lines.
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
                Map.entry("quarkus.log.category.\"id.dicomgateway.pacs\".level", "DEBUG"),
                Map.entry("gateway.notify.public-url", "https://gateway.hospital"),
                Map.entry("gateway.notify.waiting-after", "1s"),
                Map.entry("gateway.notify.down-after", "1s"),
                Map.entry("gateway.notify.watch-every", "1s"),
                Map.entry("gateway.notify.tries", "3"),
                Map.entry("gateway.notify.first-retry", "1s"),
                Map.entry("gateway.notify.timeout", "20s"),
                Map.entry("gateway.health.cache-for", "500ms"),
                Map.entry("gateway.health.timeout", "2s"),
                Map.entry("gateway.store.retry.order-wait", "1h"));
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultPeers.class), new TestResourceEntry(NotifyReceivers.class));
    }
}
