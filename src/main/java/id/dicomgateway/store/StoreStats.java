package id.dicomgateway.store;

import id.dicomgateway.job.JobState;
import java.time.Instant;
import java.util.Map;

/**
 * For metrics: jobs per state, when the oldest due job became due (null when none is due), and the
 * earliest end of a wait for the order among WAITING_FOR_ORDER jobs (null when none waits): a wait
 * ends the order wait after it began, so the earliest end is the longest wait.
 */
public record StoreStats(Map<JobState, Long> byState, Instant oldestDueSince, Instant earliestOrderWaitEnd) {
    public StoreStats {
        byState = Map.copyOf(byState);
    }

    public StoreStats(Map<JobState, Long> byState, Instant oldestDueSince) {
        this(byState, oldestDueSince, null);
    }

    public long count(JobState state) {
        return byState.getOrDefault(state, 0L);
    }
}
