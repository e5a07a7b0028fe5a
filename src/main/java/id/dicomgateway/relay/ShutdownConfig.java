package id.dicomgateway.relay;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How the gateway stops: what the jobs answered with 202 get before they are failed and aborted. */
@ConfigMapping(prefix = "gateway.shutdown")
public interface ShutdownConfig {

    /** Time the running background jobs get to end once the gateway is stopping. */
    @WithDefault("45s")
    Duration drainTimeout();
}
