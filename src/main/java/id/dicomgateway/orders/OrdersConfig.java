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

    /**
     * What a received study without an AccessionNumber does when no single open order matches it
     * (GATEWAY_ORDERS_UNMATCHED): {@code wait} for a person to assign it an order; {@code forward} it as received
     * (the gateway before issue 24: its job ends as ROUTER_WOULD_DROP); {@code auto} waits when the gateway holds at
     * least one order scheduled on the study's day (the hospital posts orders), else forwards.
     */
    @WithDefault("auto")
    Unmatched unmatched();

    enum Unmatched {
        AUTO,
        WAIT,
        FORWARD
    }

    /**
     * How often the scheduled orders whose ServiceRequest SATUSEHAT did not have, or could not be asked for, are asked
     * about again (GATEWAY_ORDERS_SERVICE_REQUEST_INTERVAL): the SIMRS may register it after posting the order.
     */
    @WithDefault("5m")
    Duration serviceRequestInterval();

    /**
     * How an order posted without an Accession Number is numbered (GATEWAY_ORDERS_ACSN_PATTERN, {@link AccessionPattern}),
     * e.g. {@code {MODALITY}{YYYYMMDD}{SEQ}}; unset: the Accession Number is required.
     */
    Optional<String> acsnPattern();

    /** The most orders one worklist query reads from the store. */
    @WithDefault("2000")
    int worklistMax();
}
