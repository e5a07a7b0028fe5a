package id.dicomgateway.store;

import java.time.Instant;
import java.util.Map;

/**
 * For metrics: jobs per state, and when the oldest due job became due (null when none is due).
 */
public record StoreStats(Map<RecordState, Long> byState, Instant oldestDueSince) {
    public StoreStats {
        byState = Map.copyOf(byState);
    }

    public long count(RecordState state) {
        return byState.getOrDefault(state, 0L);
    }
}
