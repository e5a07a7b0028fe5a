package id.dicomgateway.store;

import id.dicomgateway.job.JobState;
import id.dicomgateway.job.StoreException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The queue as Prometheus sees it, the same on every replica (it reads the shared store):
 * {@code gateway_jobs{state}} and {@code gateway_jobs_oldest_due_seconds}, how long the oldest due
 * job has waited for a worker (0 when none is due): the number to alert on when workers fall behind;
 * {@code gateway_jobs_oldest_waiting_for_order_seconds}, how long the job that has waited longest for
 * its ServiceRequest has waited (0 when none waits): the number to alert on before the order wait
 * ({@code GATEWAY_ORDER_WAIT}) fails it.
 * One query serves every gauge of a scrape: the counts are read at most once a second.
 */
@ApplicationScoped
public class StoreMetrics {
    private static final Duration FRESH = Duration.ofSeconds(1);

    private final JobStore store;
    private final MeterRegistry registry;
    /** What this bean registered, removed again when the application stops (a test JVM starts several). */
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private final Duration orderWait;
    private StoreStats last;
    private Instant readAt = Instant.MIN;

    @Inject
    StoreMetrics(JobStore store, MeterRegistry registry, StoreConfig config) {
        this(store, registry, Clock.systemUTC(), config.retry().orderWait());
    }

    StoreMetrics(JobStore store, MeterRegistry registry, Clock clock, Duration orderWait) {
        this.store = store;
        this.registry = registry;
        this.clock = clock;
        this.orderWait = orderWait;
    }

    void register(@Observes StartupEvent event) {
        register();
    }

    void unregister(@Observes ShutdownEvent event) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    void register() {
        for (JobState state : JobState.values()) {
            meters.add(Gauge.builder("gateway.jobs", this, m -> m.stats().count(state)).description("Jobs in the store, by state")
                    .tag("state", state.name()).register(registry));
        }
        meters.add(Gauge.builder("gateway.jobs.oldest.due", this, StoreMetrics::oldestDueSeconds).baseUnit("seconds")
                .description("How long the oldest due job has waited for a worker").register(registry));
        meters.add(Gauge.builder("gateway.jobs.oldest.waiting.for.order", this, StoreMetrics::oldestWaitingForOrderSeconds).baseUnit("seconds")
                .description("How long the job waiting longest for its SATUSEHAT ServiceRequest has waited").register(registry));
    }

    double oldestWaitingForOrderSeconds() {
        Instant end = stats().earliestOrderWaitEnd();
        // The wait began one order wait before it ends (JdbcJobStore sets order_wait_until = start + order wait).
        return end == null ? 0 : Math.max(0, Duration.between(end.minus(orderWait), clock.instant()).toMillis() / 1000.0);
    }

    double oldestDueSeconds() {
        Instant since = stats().oldestDueSince();
        return since == null ? 0 : Math.max(0, Duration.between(since, clock.instant()).toMillis() / 1000.0);
    }

    private synchronized StoreStats stats() {
        Instant now = clock.instant();
        if (last == null || Duration.between(readAt, now).compareTo(FRESH) >= 0) {
            try {
                last = store.stats();
                readAt = now;
            } catch (StoreException e) {
                // A scrape while the database is away shows the last counts; readiness says it is away.
                if (last == null) {
                    return new StoreStats(java.util.Map.of(), null);
                }
            }
        }
        return last;
    }
}
