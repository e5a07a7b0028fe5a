package id.dicomgateway.relay.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.AttemptEnd;
import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.store.RetryPolicy;
import id.dicomgateway.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * What follows a job's end for good (its spool files go, someone is told: notify/Notifications) happens once, on the
 * replica that ended it, for every handler there; and a waiting job's notice is claimed once over all replicas.
 * Two replicas on one embedded store ({@link H2Stores.TwoReplicas}).
 */
class FinalOnceTest {

    @Test
    void aJobsEndIsToldOnceToEveryHandlerOfTheReplicaThatEndedIt() {
        try (H2Stores.TwoReplicas r = new H2Stores.TwoReplicas("final-once")) {
            List<String> spoolA = new CopyOnWriteArrayList<>();
            List<String> notifyA = new CopyOnWriteArrayList<>();
            List<String> notifyB = new CopyOnWriteArrayList<>();
            r.a.onFinal(rec -> spoolA.add(rec.id() + " " + rec.state()));
            r.a.onFinal(rec -> notifyA.add(rec.id() + " " + rec.state()));
            r.b.onFinal(rec -> notifyB.add(rec.id() + " " + rec.state()));

            JobView job = r.a.create(JobKind.PROCESS, "1.2.3.4", "ACC-ONCE", "PID-ONCE", false, false, true);
            r.a.failed(job.id(), FailureCode.STUDY_NOT_FOUND, "no such study");
            r.journalA.drain();
            r.journalB.drain();

            assertThat(spoolA).containsExactly(job.id() + " FAILED");
            assertThat(notifyA).containsExactly(job.id() + " FAILED");
            assertThat(notifyB).as("the other replica follows the change, but did not end the job").isEmpty();
        }
    }

    @Test
    void aJobTakenOverIsToldByTheReplicaThatTookItAndEndedIt() {
        try (H2Stores.TwoReplicas r = new H2Stores.TwoReplicas("final-taken")) {
            List<String> toldA = new CopyOnWriteArrayList<>();
            List<String> toldB = new CopyOnWriteArrayList<>();
            r.a.onFinal(rec -> toldA.add(rec.id()));
            r.b.onFinal(rec -> toldB.add(rec.id()));

            JobView job = r.a.create(JobKind.PROCESS, "1.2.3.5", "ACC-TAKEN", "PID-TAKEN", false, false, true);
            assertThat(r.a.handBack(job.id(), "replica A is stopping")).isTrue();
            JobRecord claimed = r.store.claim("replica-b", 1).get(0);
            assertThat(claimed.id()).isEqualTo(job.id());
            r.b.resume(claimed);
            r.b.failed(job.id(), FailureCode.STUDY_NOT_FOUND, "no such study");
            r.journalA.drain();
            r.journalB.drain();

            assertThat(r.store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
            assertThat(toldB).containsExactly(job.id());
            assertThat(toldA).isEmpty();
        }
    }

    @Test
    void aJobAClaimGivesUpOnIsToldByTheClaimer() {
        // One attempt allowed; the lease of the replica sending it runs out (the clock moves past it): the next claim
        // ends the job for good instead of taking it, and the claimer is the replica that ended it.
        ManualClock clock = new ManualClock();
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:gave-up-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common").load().migrate();
        RetryPolicy once = new RetryPolicy(1, Duration.ofSeconds(1), Duration.ofSeconds(1), 0, Duration.ZERO, Math::random);
        JdbcJobStore store = new JdbcJobStore(ds, Dialect.H2, once, H2Stores.LEASE, clock, Duration.ofSeconds(1)).start();
        JobJournal journalA = new JobJournal(store, H2Stores.LEASE, once, clock, "replica-a");
        JobJournal journalB = new JobJournal(store, H2Stores.LEASE, once, clock, "replica-b");
        try {
            JobRegistry a = new JobRegistry(clock, journalA);
            JobRegistry b = new JobRegistry(clock, journalB);
            List<String> toldA = new CopyOnWriteArrayList<>();
            List<String> toldB = new CopyOnWriteArrayList<>();
            a.onFinal(rec -> toldA.add(rec.id() + " " + rec.state()));
            b.onFinal(rec -> toldB.add(rec.id() + " " + rec.state()));
            JobRecord job = store.create(new NewJob("PROCESS", "1.2.3.7", null, "PID-G", "ACC-G", false, false, "replica-gone"));
            clock.advance(H2Stores.LEASE.plusSeconds(1));

            assertThat(store.claim("replica-b", 1)).as("given up, not claimed").isEmpty();
            assertThat(store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.FAILED);
            assertThat(toldB).containsExactly(job.id() + " FAILED");
            assertThat(toldA).isEmpty();
        } finally {
            journalA.stop();
            journalB.stop();
            store.close();
        }
    }

    @Test
    void aWaitingNoticeIsClaimedOnceWhoeverAsks() {
        try (H2Stores.TwoReplicas r = new H2Stores.TwoReplicas("waiting-once")) {
            JobRecord job = r.store.create(new NewJob("PROCESS", "1.2.3.6", null, "PID-W", "ACC-W", false, false, "replica-a"));
            r.store.endAttempt(job.id(), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "no order yet"));
            assertThat(r.store.get(job.id()).orElseThrow().state()).isEqualTo(JobState.WAITING_FOR_ORDER);

            assertThat(r.store.claimWaitingNotices(job.createdAt().minusSeconds(1), 10)).as("not waiting long enough yet").isEmpty();
            List<JobRecord> first = r.store.claimWaitingNotices(Instant.now(), 10);
            List<JobRecord> second = r.store.claimWaitingNotices(Instant.now(), 10);
            assertThat(first).extracting(JobRecord::id).containsExactly(job.id());
            assertThat(first.get(0).accessionNumber()).isEqualTo("ACC-W");
            assertThat(second).as("claimed already").isEmpty();
        }
    }
}
