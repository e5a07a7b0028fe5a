package id.dicomgateway.store;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** gateway.store.*: where jobs are kept, how long a lease lasts, when to retry, how much history to keep. */
@ConfigMapping(prefix = "gateway.store")
public interface StoreConfig {
    /** The embedded store's directory (an H2 file), used when no PostgreSQL is configured. */
    String dataDir();

    /** A worker's hold on a job; renewed at a third of it, so a dead replica's jobs wait at most this long. */
    @WithDefault("30s")
    Duration lease();

    /** How long a call keeps trying when the database connection broke (a restart, a failover). */
    @WithDefault("15s")
    Duration reconnectWindow();

    Retry retry();

    History history();

    interface Retry {
        /** Attempts charged (failures that can heal) before a job is FAILED for good. */
        @WithDefault("5")
        int maxAttempts();

        @WithDefault("30s")
        Duration initialDelay();

        @WithDefault("30m")
        Duration maxDelay();

        /** Share of a delay taken off at random, so jobs that failed together come back spread out. */
        @WithDefault("0.2")
        double jitter();

        /** How long a job waits for SATUSEHAT's ServiceRequest before it fails. */
        @WithDefault("24h")
        Duration orderWait();
    }

    interface History {
        /** Ended jobs kept, newest first; jobs that have not ended are always kept. */
        @WithDefault("10000")
        int keep();

        /** Ended jobs older than this are deleted. */
        @WithDefault("90d")
        Duration maxAge();

        /** How often retention runs. */
        @WithDefault("10m")
        Duration interval();
    }

    default RetryPolicy policy() {
        Retry r = retry();
        return new RetryPolicy(r.maxAttempts(), r.initialDelay(), r.maxDelay(), r.jitter(), r.orderWait(), Math::random);
    }
}
