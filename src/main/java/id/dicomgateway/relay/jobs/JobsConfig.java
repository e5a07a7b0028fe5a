package id.dicomgateway.relay.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "gateway.jobs")
public interface JobsConfig {
    /** How many of the newest jobs (read from the store) a router webhook report is matched against. */
    @WithDefault("200")
    int history();

    /** Queued jobs (retries, jobs of a replica that died) this replica runs at once. */
    @WithDefault("2")
    int workers();

    /**
     * How often an idle worker looks for due jobs ({@code JobWorkers}' {@code @Scheduled} timer reads
     * the same key; quarkus-scheduler looks at its timers once a second, so less than 1s acts as 1s).
     */
    @WithDefault("1s")
    Duration poll();
}
