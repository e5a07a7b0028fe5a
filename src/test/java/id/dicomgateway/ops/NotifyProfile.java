package id.dicomgateway.ops;

import id.dicomgateway.faults.FaultPeers;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link OpsProfile}'s peers and timeouts with notifications on ({@link NotifyReceivers}), every wait of them in
 * seconds: waiting for the order and a peer down are told after 1 s, looked at every second, a failed POST tried
 * again after 1 s, then 3 s; a POST that gets no answer fails after 20 s (longer than any job here takes). Readiness probes are cached for half a second, so a router that stops is seen at once.
 */
public final class NotifyProfile implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        Map<String, String> config = new HashMap<>(new OpsProfile().getConfigOverrides());
        config.putAll(Map.of(
                "gateway.notify.public-url", "https://gateway.hospital",
                "gateway.notify.waiting-after", "1s",
                "gateway.notify.down-after", "1s",
                "gateway.notify.watch-every", "1s",
                "gateway.notify.tries", "3",
                "gateway.notify.first-retry", "1s",
                "gateway.notify.timeout", "20s",
                "gateway.health.cache-for", "500ms",
                "gateway.health.timeout", "2s",
                "gateway.store.retry.order-wait", "1h"));
        config.put("gateway.temp.dir", "target/notify-temp");
        return config;
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(FaultPeers.class), new TestResourceEntry(NotifyReceivers.class));
    }
}
