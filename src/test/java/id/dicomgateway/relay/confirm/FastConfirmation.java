package id.dicomgateway.relay.confirm;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Confirmation timings in tenths of seconds instead of minutes: the first search after 200 ms,
 * intervals doubling to at most 400 ms, "not confirmed" after 5 s (generous, the test machine
 * is shared and slow).
 */
public final class FastConfirmation implements QuarkusTestResourceLifecycleManager {
    static final long TIMEOUT_MILLIS = 5000;

    @Override
    public Map<String, String> start() {
        return Map.of(
                "gateway.confirmation.initial-delay", "200ms",
                "gateway.confirmation.factor", "2",
                "gateway.confirmation.max-interval", "400ms",
                "gateway.confirmation.timeout", TIMEOUT_MILLIS + "ms");
    }

    @Override
    public void stop() {
    }
}
