package id.dicomgateway.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How readiness probes the PACS and the router. */
@ConfigMapping(prefix = "gateway.health")
public interface HealthConfig {

    /** A probe result is reused this long, so frequent readiness probes do not hammer the router. */
    @WithDefault("10s")
    Duration cacheFor();

    /** A peer that has not answered in this time is reported down. */
    @WithDefault("3s")
    Duration timeout();
}
