package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.PostgresProcess;
import io.agroal.api.AgroalDataSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The store's contract on a real PostgreSQL 15, plus what only a shared database has: replicas
 * hearing each other, and the database restarting under a running gateway.
 */
class PostgresJobStoreIT extends JobStoreContract {
    static PostgresProcess pg;
    static AgroalDataSource ds;
    static String url;

    @BeforeAll
    static void database() {
        pg = PostgresProcess.start();
        url = pg.jdbcUrl(pg.createDatabase());
        ds = StoreDatabases.pool(url, PostgresProcess.USER, pg.password());
        StoreDatabases.migrate(ds, Dialect.POSTGRESQL);
    }

    @AfterAll
    static void stopDatabase() {
        if (ds != null) {
            ds.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    AgroalDataSource dataSource() {
        return ds;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }

    @Test
    void anotherReplicaHearsEveryChangeWithinASecond() throws Exception {
        // b on a pool of its own, as another replica would be
        try (AgroalDataSource other = StoreDatabases.pool(url, PostgresProcess.USER, pg.password());
                JdbcJobStore replica = new JdbcJobStore(other, Dialect.POSTGRESQL, policy, LEASE, clock, Duration.ofSeconds(5)).start()) {
            BlockingQueue<JobChange> heard = new LinkedBlockingQueue<>();
            replica.subscribe(heard::add);
            awaitListening(replica);
            List<Long> latencies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                JobRecord job = a.create(job("11." + i, "K" + i));
                assertThat(next(heard, job.id())).as("creation %d heard", i).isTrue();
                latencies.add(TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - t0));
            }
            JobRecord job = a.list(JobFilter.ALL, 1).get(0);
            a.claim("replica-a", 50);
            while (heard.poll(300, TimeUnit.MILLISECONDS) != null) {
                // the claims' notifications
            }
            a.progress(job.id(), "replica-a", new Progress("SENDING", 1, 1, 0, 0, 10, 10), List.of(), false);
            assertThat(next(heard, job.id())).isTrue();
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("one change, one notification").isNull();
            assertThat(a.renew(job.id(), "replica-a")).isTrue();
            assertThat(heard.poll(300, TimeUnit.MILLISECONDS)).as("a renewal changes nothing anyone shows").isNull();
            a.cancel(job.id(), "stop");
            assertThat(next(heard, job.id())).isTrue();
            latencies.sort(null);
            System.out.printf("store notification latency create->heard on another pool: p50 %d us, max %d us%n",
                    latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
        }
    }

    @Test
    void aRestartOfTheDatabaseLosesNothingAndTheStoreReconnects() throws Exception {
        BlockingQueue<JobChange> heard = new LinkedBlockingQueue<>();
        b.subscribe(heard::add);
        awaitListening(b);
        List<String> created = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean stop = new AtomicBoolean();
        Thread writer = new Thread(() -> {
            int i = 0;
            while (!stop.get()) {
                try {
                    created.add(a.create(job("12." + i, "L" + i)).id());
                    i++;
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });
        writer.start();
        Thread.sleep(300);
        pg.stopServer();
        Thread.sleep(1500);
        int beforeRestart = created.size();
        pg.startServer();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (created.size() < beforeRestart + 5 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        stop.set(true);
        writer.join(30_000);

        assertThat(errors).as("calls wait for the database instead of failing").isEmpty();
        assertThat(beforeRestart).isPositive();
        assertThat(created).as("jobs created after the restart").hasSizeGreaterThanOrEqualTo(beforeRestart + 5);
        assertThat(a.list(JobFilter.ALL, 10_000)).extracting(JobRecord::id).containsExactlyInAnyOrderElementsOf(created);

        // The listener is back: it says to read again, then hears changes as before.
        awaitListening(b);
        assertThat(heard).contains(JobChange.RESYNC);
        heard.clear();
        JobRecord after = a.create(job("12.x", "Lx"));
        assertThat(next(heard, after.id())).isTrue();
        assertThat(b.claim("replica-b", 1000)).hasSize(created.size() + 1);
    }

    /**
     * What one job costs the database: its round trips from creation to the end (one claim of ten,
     * two progress reports, the end), and how long enqueueing and claiming take. Printed for the
     * notes; the bounds catch a change that multiplies the queries.
     */
    @Test
    void aJobsLifeCostsAFewRoundTrips() {
        int jobs = 200;
        long before = a.roundTrips();
        List<Long> enqueue = new ArrayList<>();
        for (int i = 0; i < jobs; i++) {
            long t0 = System.nanoTime();
            a.create(job("13." + i, "M" + i));
            enqueue.add(System.nanoTime() - t0);
        }
        long created = a.roundTrips();
        List<Long> claims = new ArrayList<>();
        int claimed = 0;
        while (claimed < jobs) {
            long t0 = System.nanoTime();
            List<JobRecord> batch = a.claim("replica-a", 10);
            claims.add(System.nanoTime() - t0);
            for (JobRecord r : batch) {
                a.progress(r.id(), "replica-a", new Progress("SENDING", 2, 1, 0, 0, 20, 10), List.of(), false);
                a.progress(r.id(), "replica-a", new Progress("SENDING", 2, 2, 0, 0, 20, 20), List.of(), false);
                a.endAttempt(r.id(), "replica-a", AttemptEnd.succeeded("2 of 2 stored"));
            }
            claimed += batch.size();
        }
        double perJob = (double) (a.roundTrips() - before) / jobs;
        System.out.printf("store on PostgreSQL: %.1f round trips per job (create %.1f), enqueue p50 %.2f ms p99 %.2f ms, "
                + "claim of 10 p50 %.2f ms p99 %.2f ms%n", perJob, (double) (created - before) / jobs,
                percentile(enqueue, 50), percentile(enqueue, 99), percentile(claims, 50), percentile(claims, 99));
        assertThat((double) (created - before) / jobs).isLessThanOrEqualTo(2);
        assertThat(perJob).isLessThanOrEqualTo(16);
        assertThat(a.list(JobFilter.state(JobState.SUCCEEDED), 1000)).hasSize(jobs);
    }

    private static double percentile(List<Long> nanos, int p) {
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }
}
