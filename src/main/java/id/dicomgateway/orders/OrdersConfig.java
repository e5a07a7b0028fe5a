package id.dicomgateway.orders;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** gateway.orders.*: how long orders are kept, and the clock "today" is read on. */
@ConfigMapping(prefix = "gateway.orders")
public interface OrdersConfig {
    /** Orders scheduled longer ago than this are deleted, whatever their state (GATEWAY_ORDERS_RETENTION). */
    @WithDefault("90d")
    Duration retention();

    /** How often retention runs. */
    @WithDefault("1h")
    Duration retentionInterval();

    /** The hospital's time zone, for {@code day=today}; the JVM's when unset (GATEWAY_ORDERS_ZONE). */
    Optional<String> zone();

    /**
     * How often the orders whose images are on their way look at their job in the store (SENT, FAILED,
     * CONFIRMED follow it), GATEWAY_ORDERS_FOLLOW_INTERVAL.
     */
    @WithDefault("5s")
    Duration followInterval();

    /** The most orders one worklist query reads from the store. */
    @WithDefault("2000")
    int worklistMax();
}
