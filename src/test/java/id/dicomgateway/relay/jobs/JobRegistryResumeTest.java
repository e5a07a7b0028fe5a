package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.store.RetryPolicy;
import id.dicomgateway.testing.ManualClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Jobs a worker takes up from the store, with a full history: each resumed job must stay this
 * replica's to report, while older finished ones are evicted to make room. bench/queue-drain found
 * one of 500 resumed jobs that the registry no longer knew at once: its progress and its end were
 * ignored ("unknown or expired") and its record stayed RUNNING.
 */
class JobRegistryResumeTest {
    private static final Duration LEASE = Duration.ofSeconds(30);

    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(20), 0, Duration.ZERO, () -> 0.5);
    private JdbcJobStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void everyResumedJobIsKnownAndEndsWhileTheHistoryIsFull() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:resume-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common").load().migrate();
        store = new JdbcJobStore(ds, Dialect.H2, policy, LEASE, clock, Duration.ofSeconds(5)).start();
        JobJournal journal = new JobJournal(withoutChanges(store), LEASE, policy, clock, "replica-r");
        // History of one: every resume evicts the job resumed (and ended) before it. With two keys in a
        // small map, the evicted job shares the new one's bin about once in 16; 300 resumes always hit it.
        JobRegistry registry = new JobRegistry(clock, journal);
        for (int i = 0; i < 300; i++) {
            store.create(NewJob.queued(JobKind.PROCESS.name(), "1.2.826.0.1.3680043.8.498." + (i + 1), "P" + i, "A" + i));
            JobRecord claimed = store.claim("replica-r", 1).get(0);

            String id = registry.resume(claimed);
            registry.started(id, 1, 10);
            registry.succeeded(id, "1 instance sent");

            JobView v = registry.find(id).orElseThrow();
            assertThat(v.state()).as("job %d, resumed here and ended (RUNNING: the registry lost it, the store kept it running)", i)
                    .isEqualTo(JobState.SUCCEEDED);
            assertThat(v.message()).isEqualTo("1 instance sent");
        }
    }

    /**
     * The store without its change feed. A change heard from the store is adopted whatever its age, so
     * the feed's thread can put a view read while the job was still QUEUED over the job this replica
     * has since resumed and ended (a race of its own, reported with the bench); this test is about the
     * eviction alone.
     */
    private static JobStore withoutChanges(JobStore store) {
        return (JobStore) Proxy.newProxyInstance(JobStore.class.getClassLoader(), new Class<?>[] {JobStore.class}, (proxy, method, args) -> {
            if (method.getName().equals("subscribe")) {
                return (AutoCloseable) () -> {
                };
            }
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }
}
