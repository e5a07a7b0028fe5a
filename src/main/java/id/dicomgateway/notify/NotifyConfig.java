package id.dicomgateway.notify;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Notifications (GATEWAY_NOTIFY_*; docs/operations.md, "Notifications"). Without a URL nothing is sent or watched. */
@ConfigMapping(prefix = "gateway.notify")
public interface NotifyConfig {
    /** GATEWAY_NOTIFY_URL: http(s) URLs, comma-separated, each of which gets every notice. */
    Optional<List<String>> url();

    /**
     * GATEWAY_PUBLIC_URL: the gateway as people reach it (https://gateway.hospital), for the link to the job; a value
     * with {@code {id}} is the whole link with the job's id put in. Unset: notices carry no link.
     */
    Optional<String> publicUrl();

    /** A job waiting for its order (ServiceRequest) since it was asked for longer than this is told, once. */
    @WithDefault("2h")
    Duration waitingAfter();

    /** The router, SATUSEHAT or the PACS unreachable this long is told, and told again when it answers. */
    @WithDefault("5m")
    Duration downAfter();

    /** How often waiting jobs and the peers' readiness are looked at. */
    @WithDefault("30s")
    Duration watchEvery();

    /** Tries per notice and URL: the first at once, then after first-retry, each wait three times the one before. */
    @WithDefault("5")
    int tries();

    @WithDefault("10s")
    Duration firstRetry();

    /** Deliveries waiting at most (new ones beyond are dropped, and logged): a receiver that is down costs bounded memory. */
    @WithDefault("1000")
    int queue();

    /** One POST's limit, connecting included. */
    @WithDefault("10s")
    Duration timeout();
}
