package id.dicomgateway.relay.jobs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "gateway.jobs")
public interface JobsConfig {
    /** Finished jobs kept for GET /api/jobs and the dashboard; running jobs are never dropped. */
    @WithDefault("200")
    int history();
}
