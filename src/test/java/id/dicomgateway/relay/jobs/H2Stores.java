package id.dicomgateway.relay.jobs;

import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.RetryPolicy;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/** A fresh in-memory H2 job store with the shipped migrations, and journals on it as the replicas of the job-model tests. */
final class H2Stores {
    static final Duration LEASE = Duration.ofSeconds(30);

    private H2Stores() {
    }

    static JdbcJobStore open(String name) {
        return open(name, Clock.systemUTC());
    }

    /** As {@link #open(String)}, the store's times read from {@code clock}. */
    static JdbcJobStore open(String name, Clock clock) {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + name + "-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common").load().migrate();
        return new JdbcJobStore(ds, Dialect.H2, RetryPolicy.defaults(), LEASE, clock, Duration.ofSeconds(1)).start();
    }

    /** The journal replica {@code replica} writes through into {@code store}. */
    static JobJournal journal(JobStore store, String replica) {
        return journal(store, replica, Clock.systemUTC());
    }

    static JobJournal journal(JobStore store, String replica, Clock clock) {
        return new JobJournal(store, LEASE, RetryPolicy.defaults(), clock, replica);
    }

    /** {@code store} with {@code before} run ahead of each call of its method {@code method} (to count or slow them). */
    static UnaryOperator<JobStore> before(String method, Runnable before) {
        return around(method, before, () -> {
        });
    }

    /** {@code store} with {@code before} run ahead of each call of its method {@code method}, and {@code after} once it returned. */
    static UnaryOperator<JobStore> around(String method, Runnable before, Runnable after) {
        return store -> (JobStore) java.lang.reflect.Proxy.newProxyInstance(JobStore.class.getClassLoader(),
                new Class<?>[] {JobStore.class}, (proxy, m, args) -> {
                    boolean watched = m.getName().equals(method);
                    if (watched) {
                        before.run();
                    }
                    try {
                        return m.invoke(store, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    } finally {
                        if (watched) {
                            after.run();
                        }
                    }
                });
    }

    /** One replica's job registry on a fresh store: the job model as production runs it, for the unit tests. */
    static final class OneReplica implements AutoCloseable {
        final JdbcJobStore store;
        final JobJournal journal;
        final JobRegistry registry;

        OneReplica(String name, Clock clock) {
            store = open(name, clock);
            journal = journal(store, "replica-t", clock);
            registry = new JobRegistry(clock, journal);
        }

        @Override
        public void close() {
            journal.stop();
            store.close();
        }
    }

    /** Two replicas, A and B, on one store: each its journal and job registry; B's store calls may be wrapped. */
    static final class TwoReplicas implements AutoCloseable {
        final JdbcJobStore store;
        final JobJournal journalA;
        final JobJournal journalB;
        final JobRegistry a;
        final JobRegistry b;

        TwoReplicas(String name) {
            this(name, s -> s);
        }

        TwoReplicas(String name, UnaryOperator<JobStore> storeOfB) {
            store = open(name);
            journalA = journal(store, "replica-a");
            journalB = journal(storeOfB.apply(store), "replica-b");
            a = new JobRegistry(Clock.systemUTC(), journalA);
            b = new JobRegistry(Clock.systemUTC(), journalB);
        }

        @Override
        public void close() {
            journalA.stop();
            journalB.stop();
            store.close();
        }
    }
}
