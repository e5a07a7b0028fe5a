package id.dicomgateway.relay.confirm;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * How long and how often to ask SATUSEHAT for the ImagingStudy after sending. The router starts
 * its work only when the association is released, then looks up the ServiceRequest, posts the
 * ImagingStudy and pushes every instance (docs/architecture.md §5): seconds for a small study, minutes for
 * a large one on a slow line. So the first look comes after a pause, later looks space out.
 */
@ConfigMapping(prefix = "gateway.confirmation")
public interface ConfirmationConfig {

    /** Pause between the send and the first search, and the first interval between searches. */
    @WithDefault("10s")
    Duration initialDelay();

    /** Each interval is the previous one times this. */
    @WithDefault("2")
    double factor();

    /** Intervals never grow beyond this. */
    @WithDefault("60s")
    Duration maxInterval();

    /** From the send until the job is marked "not confirmed"; the last search happens at this point. */
    @WithDefault("5m")
    Duration timeout();
}
