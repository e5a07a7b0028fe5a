package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.ManualClock;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every {@link JobStore} must do, run against PostgreSQL and against the embedded H2 by the
 * subclasses. {@code a} and {@code b} are two stores on one database, as two replicas would be.
 */
abstract class JobStoreContract {
    static final Duration LEASE = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T08:00:00Z"));
    /** Four attempts, 10 s then doubling up to 25 s, no jitter (RetryPolicyTest covers it), one hour for the order. */
    final RetryPolicy policy = new RetryPolicy(4, Duration.ofSeconds(10), Duration.ofSeconds(25), 0, Duration.ofHours(1), () -> 0.5);
    JdbcJobStore a;
    JdbcJobStore b;

    abstract AgroalDataSource dataSource();

    abstract Dialect dialect();

    JdbcJobStore open() {
        return new JdbcJobStore(dataSource(), dialect(), policy, LEASE, clock, Duration.ofSeconds(20)).start();
    }

    @BeforeEach
    void freshStores() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM gateway_job");
        }
        a = open();
        b = open();
    }

    @AfterEach
    void closeStores() {
        a.close();
        b.close();
    }

    static NewJob job(String study, String acsn) {
        return new NewJob("PROCESS", study, null, "P-" + acsn, acsn, false, true, null);
    }

    @Test
    void aNewJobIsKeptAsAskedAndDueAtOnce() {
        JobRecord created = a.create(new NewJob("UPLOAD", null, "/data/uploads/u1", "RM-0042", "ACC-7", true, false, null));
        JobRecord read = b.get(created.id()).orElseThrow();

        assertThat(read).isEqualTo(created);
        assertThat(read.kind()).isEqualTo("UPLOAD");
        assertThat(read.state()).isEqualTo(JobState.QUEUED);
        assertThat(read.filesLocation()).isEqualTo("/data/uploads/u1");
        assertThat(read.patientId()).isEqualTo("RM-0042");
        assertThat(read.accessionNumber()).isEqualTo("ACC-7");
        assertThat(read.force()).isTrue();
        assertThat(read.verify()).isFalse();
        assertThat(read.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(read.createdAt()).isEqualTo(clock.instant());
        assertThat(read.attempts()).isEmpty();
        assertThat(read.leaseHolder()).isNull();
        assertThat(b.get("no-such-job")).isEmpty();
    }

    /**
     * Issue 24 item 3: a received study no single order matched waits for a person. No worker claims it however
     * long it waits, and no order wait ends it; its files stay in use. Assigned, it takes the values and is due at once
     * (on its node); a job that is not waiting is left as it is.
     */
    @Test
    void aJobWaitingForAPersonIsNeverClaimedUntilAssigned() {
        JobRecord waiting = a.createWaiting(new NewJob("UPLOAD", null, null, "P-W", null, false, true, "ignored")
                .heldBy("node-1", "spool-7"), "2 open orders (ambiguous)");
        assertThat(waiting.state()).isEqualTo(JobState.WAITING_FOR_ORDER);
        assertThat(waiting.message()).isEqualTo("2 open orders (ambiguous)");
        assertThat(waiting.nextAttemptAt()).isNull();
        assertThat(waiting.orderWaitUntil()).isNull();
        assertThat(waiting.leaseHolder()).isNull();
        assertThat(waiting.accessionNumber()).isNull();
        clock.advance(Duration.ofDays(3));
        assertThat(b.claim("replica-b", "node-1", 10)).isEmpty();
        assertThat(a.filesInUse("node-1")).containsExactly("spool-7");

        JobRecord assigned = b.assign(waiting.id(), "P-ORDER", "ACC-ORDER", "Assigned to order o-1 by a person").orElseThrow();
        assertThat(assigned.state()).isEqualTo(JobState.QUEUED);
        assertThat(assigned.patientId()).isEqualTo("P-ORDER");
        assertThat(assigned.accessionNumber()).isEqualTo("ACC-ORDER");
        assertThat(assigned.nextAttemptAt()).isEqualTo(clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
        assertThat(a.claim("replica-a", 10)).as("held by node-1's spool").isEmpty();
        assertThat(b.claim("replica-b", "node-1", 10)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(waiting.id());
            assertThat(r.accessionNumber()).isEqualTo("ACC-ORDER");
        });
        // Not waiting any more (RUNNING now): unchanged.
        JobRecord again = a.assign(waiting.id(), "P-OTHER", "ACC-OTHER", "again").orElseThrow();
        assertThat(again.state()).isEqualTo(JobState.RUNNING);
        assertThat(again.accessionNumber()).isEqualTo("ACC-ORDER");
        assertThat(a.assign("no-such-job", "P", "A", "x")).isEmpty();
    }

    @Test
    void aSynchronousJobRunsUnderItsCallersLeaseAndNoWorkerTakesIt() {
        JobRecord sync = a.create(job("1.2.3", "A1").runBy("replica-a"));

        assertThat(sync.state()).isEqualTo(JobState.RUNNING);
        assertThat(sync.leaseHolder()).isEqualTo("replica-a");
        assertThat(sync.attempts()).singleElement().satisfies(at -> {
            assertThat(at.number()).isEqualTo(1);
            assertThat(at.open()).isTrue();
        });
        assertThat(b.claim("replica-b", 10)).isEmpty();
        assertThat(a.endAttempt(sync.id(), "replica-a", AttemptEnd.succeeded("10 of 10 stored")).orElseThrow().state())
                .isEqualTo(JobState.SUCCEEDED);
    }

    /**
     * A job whose files wait in one node's spool: only that node's workers claim it, also when its
     * lease ran out; the node started again takes back its running jobs at once, and knows which
     * spooled files are still needed.
     */
    @Test
    void aJobHeldByANodeIsClaimedOnlyByThatNodeAndTakenBackWhenItRestarts() {
        JobRecord held = a.create(new NewJob("UPLOAD", null, null, "P-1", "F1", false, true, null).heldBy("node-a", "0123abcd"));
        JobRecord any = a.create(job("1.9", "F2"));
        assertThat(b.get(held.id()).orElseThrow().filesNode()).isEqualTo("node-a");
        assertThat(b.get(held.id()).orElseThrow().filesLocation()).isEqualTo("0123abcd");

        assertThat(b.claim("replica-b", 10)).extracting(JobRecord::id).containsExactly(any.id());
        assertThat(b.claim("replica-b", "node-b", 10)).isEmpty();
        assertThat(a.claim("replica-a", "node-a", 10)).extracting(JobRecord::id).containsExactly(held.id());
        assertThat(a.filesInUse("node-a")).containsExactly("0123abcd");
        assertThat(a.filesInUse("node-b")).isEmpty();

        // replica-a dies mid-send; node-a starts again as replica-a2, long before the lease would run
        // out: its job is due at once, and still nobody else's.
        assertThat(a.expireLeasesOf("node-b", "replica-a2")).isZero();
        assertThat(a.expireLeasesOf("node-a", "replica-a2")).isEqualTo(1);
        assertThat(b.claim("replica-b", "node-b", 10)).isEmpty();
        assertThat(b.claim("replica-b", 10)).isEmpty();
        List<JobRecord> again = a.claim("replica-a2", "node-a", 10);
        assertThat(again).singleElement().satisfies(r -> {
            assertThat(r.leaseHolder()).isEqualTo("replica-a2");
            assertThat(r.attempts()).extracting(Attempt::outcomeCode).containsExactly(Attempt.LEASE_EXPIRED, null);
        });
        assertThat(a.expireLeasesOf("node-a", "replica-a2")).as("its own leases are not touched").isZero();
        a.endAttempt(held.id(), "replica-a2", AttemptEnd.succeeded("sent"));
        assertThat(a.filesInUse("node-a")).as("ended: its files may go").isEmpty();
    }

    @Test
    void aClaimLeasesDueJobsOldestFirstAndOpensAnAttempt() {
        JobRecord first = a.create(job("1.1", "A1"));
        clock.advance(Duration.ofSeconds(1));
        JobRecord second = a.create(job("1.2", "A2"));

        List<JobRecord> claimed = b.claim("replica-b", 1);
        assertThat(claimed).extracting(JobRecord::id).containsExactly(first.id());
        JobRecord running = claimed.get(0);
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.leaseHolder()).isEqualTo("replica-b");
        assertThat(running.leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
        assertThat(running.attempts()).singleElement().satisfies(at -> {
            assertThat(at.holder()).isEqualTo("replica-b");
            assertThat(at.startedAt()).isEqualTo(clock.instant());
            assertThat(at.open()).isTrue();
        });
        assertThat(running.startedAt()).as("sending has not begun in this attempt").isNull();
        Instant sending = clock.instant().plusSeconds(2);
        assertThat(b.progress(first.id(), "replica-b", new Progress("SENDING", 1, 0, 0, 0, 10, 0, sending), List.of(), false)).isTrue();
        assertThat(b.get(first.id()).orElseThrow().startedAt()).as("when sending began").isEqualTo(sending);
        assertThat(a.claim("replica-a", 10)).extracting(JobRecord::id).containsExactly(second.id());
        assertThat(a.claim("replica-a", 10)).isEmpty();
    }

    @Test
    void twoClaimersNeverGetTheSameJob() throws Exception {
        int jobs = 60;
        for (int i = 0; i < jobs; i++) {
            a.create(job("1.9." + i, "A" + i));
        }
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<String> duplicates = new ArrayList<>();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> claimers = new ArrayList<>();
            JdbcJobStore[] stores = {a, b, a, b};
            for (int t = 0; t < 4; t++) {
                JdbcJobStore store = stores[t];
                String holder = "replica-" + t;
                Callable<Integer> claimer = () -> {
                    go.await();
                    int mine = 0;
                    for (int round = 0; round < 100; round++) {
                        List<JobRecord> got = store.claim(holder, 3);
                        for (JobRecord r : got) {
                            mine++;
                            if (!seen.add(r.id())) {
                                synchronized (duplicates) {
                                    duplicates.add(r.id());
                                }
                            }
                        }
                        if (got.isEmpty() && seen.size() == jobs) {
                            break;
                        }
                    }
                    return mine;
                };
                claimers.add(pool.submit(claimer));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : claimers) {
                total += f.get(60, TimeUnit.SECONDS);
            }
            assertThat(duplicates).isEmpty();
            assertThat(total).isEqualTo(jobs);
            assertThat(seen).hasSize(jobs);
        } finally {
            pool.shutdownNow();
        }
        assertThat(a.list(JobFilter.state(JobState.RUNNING), 100)).hasSize(jobs)
                .allSatisfy(r -> assertThat(r.attempts()).hasSize(1));
    }

    @Test
    void anExpiredLeaseIsClaimableByAnotherAndTheFirstHolderIsLockedOut() {
        JobRecord job = a.create(job("1.3", "A3"));
        assertThat(a.claim("replica-a", 1)).hasSize(1);

        clock.advance(LEASE.minusSeconds(1));
        assertThat(b.claim("replica-b", 1)).as("lease still valid").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        List<JobRecord> taken = b.claim("replica-b", 1);

        assertThat(taken).singleElement().satisfies(r -> {
            assertThat(r.leaseHolder()).isEqualTo("replica-b");
            assertThat(r.chargedAttempts()).isEqualTo(1);
            assertThat(r.attempts()).hasSize(2);
            Attempt lost = r.attempts().get(0);
            assertThat(lost.outcomeCode()).isEqualTo(Attempt.LEASE_EXPIRED);
            assertThat(lost.endedAt()).isEqualTo(clock.instant());
            assertThat(lost.message()).contains("sent again from the start");
            assertThat(r.attempts().get(1).holder()).isEqualTo("replica-b");
        });
        assertThat(a.renew(job.id(), "replica-a")).isFalse();
        assertThat(a.progress(job.id(), "replica-a", Progress.NONE.withPhase("SENDING"), List.of(), false)).isFalse();
        assertThat(a.endAttempt(job.id(), "replica-a", AttemptEnd.succeeded("done"))).isEmpty();
        assertThat(a.handBack(job.id(), "replica-a", "draining")).isFalse();
        assertThat(b.renew(job.id(), "replica-b")).isTrue();
    }

    @Test
    void renewingKeepsTheLease() {
        JobRecord job = a.create(job("1.4", "A4"));
        a.claim("replica-a", 1);
        for (int i = 0; i < 5; i++) {
            clock.advance(LEASE.dividedBy(2));
            assertThat(a.renew(job.id(), "replica-a")).isTrue();
            assertThat(b.claim("replica-b", 1)).isEmpty();
        }
        assertThat(b.get(job.id()).orElseThrow().leaseExpiresAt()).isEqualTo(clock.instant().plus(LEASE));
    }

    @Test
    void aLeaseLostTooOftenFailsTheJob() {
        JobRecord job = a.create(job("1.5", "A5"));
        for (int i = 0; i < policy.maxAttempts(); i++) {
            assertThat(a.claim("replica-" + i, 1)).as("claim %d", i).hasSize(1);
            clock.advance(LEASE);
        }
        assertThat(b.claim("replica-b", 1)).isEmpty();
        JobRecord failed = b.get(job.id()).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.outcomeCode()).isEqualTo(Attempt.LEASE_EXPIRED);
        assertThat(failed.message()).contains("Gave up after 4 attempts");
        assertThat(failed.attempts()).hasSize(4).allSatisfy(at -> assertThat(at.open()).isFalse());
    }

    @Test
    void failuresThatCanHealAreRetriedWithExponentialBackoffUntilOutOfAttempts() {
        JobRecord job = a.create(job("1.6", "A6"));
        List<Duration> waits = new ArrayList<>();
        for (int i = 1; i < policy.maxAttempts(); i++) {
            JobRecord claimed = a.claim("replica-a", 1).get(0);
            assertThat(claimed.attempts()).hasSize(i);
            JobRecord after = a.endAttempt(job.id(), "replica-a", AttemptEnd.retry("ROUTER_UNREACHABLE", "Connection refused"))
                    .orElseThrow();
            assertThat(after.state()).isEqualTo(JobState.QUEUED);
            assertThat(after.chargedAttempts()).isEqualTo(i);
            assertThat(after.outcomeCode()).isEqualTo("ROUTER_UNREACHABLE");
            Duration wait = Duration.between(clock.instant(), after.nextAttemptAt());
            waits.add(wait);
            clock.advance(wait.minusMillis(1));
            assertThat(b.claim("replica-b", 1)).as("not due before its time").isEmpty();
            clock.advance(Duration.ofMillis(1));
        }
        // 10 s, doubled, capped at 25 s
        assertThat(waits).containsExactly(Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(25));

        a.claim("replica-a", 1);
        JobRecord last = a.endAttempt(job.id(), "replica-a", AttemptEnd.retry("ROUTER_UNREACHABLE", "Connection refused")).orElseThrow();
        assertThat(last.state()).isEqualTo(JobState.FAILED);
        assertThat(last.message()).isEqualTo("Connection refused; gave up after 4 attempts");
        assertThat(last.finishedAt()).isEqualTo(clock.instant());
        assertThat(last.nextAttemptAt()).isNull();
        assertThat(last.attempts()).extracting(Attempt::outcomeCode).containsOnly("ROUTER_UNREACHABLE");
        assertThat(b.claim("replica-b", 1)).isEmpty();
    }

    @Test
    void failuresThatCannotHealFailAtOnce() {
        JobRecord job = a.create(job("1.7", "A7"));
        a.claim("replica-a", 1);
        JobRecord failed = a.endAttempt(job.id(), "replica-a", AttemptEnd.failed("STUDY_NOT_FOUND", "Not in the PACS")).orElseThrow();
        assertThat(failed.state()).isEqualTo(JobState.FAILED);
        assertThat(failed.chargedAttempts()).isZero();
        assertThat(failed.attempts()).singleElement().satisfies(at -> {
            assertThat(at.outcomeCode()).isEqualTo("STUDY_NOT_FOUND");
            assertThat(at.message()).isEqualTo("Not in the PACS");
        });
    }

    @Test
    void aHandedBackJobIsDueAtOnceAndNotCharged() {
        JobRecord job = a.create(job("1.8", "A8"));
        a.claim("replica-a", 1);
        assertThat(a.handBack(job.id(), "replica-a", "The replica is stopping")).isTrue();

        JobRecord again = b.claim("replica-b", 1).get(0);
        assertThat(again.chargedAttempts()).isZero();
        assertThat(again.attempts()).hasSize(2);
        assertThat(again.attempts().get(0).outcomeCode()).isEqualTo(Attempt.HANDED_BACK);
        assertThat(again.attempts().get(0).message()).isEqualTo("The replica is stopping");
    }

    @Test
    void aJobWaitsForItsOrderAndFailsWhenTheWaitIsOver() {
        JobRecord job = a.create(job("1.10", "A10"));
        a.claim("replica-a", 1);
        JobRecord waiting = a.endAttempt(job.id(), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet"))
                .orElseThrow();
        assertThat(waiting.state()).isEqualTo(JobState.WAITING_FOR_ORDER);
        assertThat(waiting.orderWaitUntil()).isEqualTo(clock.instant().plus(policy.orderWait()));
        assertThat(waiting.chargedAttempts()).as("waiting is not a failure").isZero();
        assertThat(waiting.nextAttemptAt()).isAfter(clock.instant());

        // Recheck until the hour is over; every recheck is due no later than the end of the wait.
        int rechecks = 0;
        JobRecord last = waiting;
        while (last.state() == JobState.WAITING_FOR_ORDER && rechecks < 1000) {
            assertThat(last.nextAttemptAt()).isBeforeOrEqualTo(waiting.orderWaitUntil());
            clock.advance(Duration.between(clock.instant(), last.nextAttemptAt()));
            assertThat(b.claim("replica-b", 1)).hasSize(1);
            last = b.endAttempt(job.id(), "replica-b", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet")).orElseThrow();
            rechecks++;
        }
        assertThat(last.state()).isEqualTo(JobState.FAILED);
        assertThat(last.outcomeCode()).isEqualTo("NO_SERVICE_REQUEST");
        assertThat(last.message()).contains("waited PT1H for the order");
        assertThat(clock.instant()).isEqualTo(waiting.orderWaitUntil());
        assertThat(rechecks).isBetween(3, 400);
    }

    @Test
    void aWaitingJobIsSentOnceTheOrderComes() {
        JobRecord job = a.create(job("1.11", "A11"));
        a.claim("replica-a", 1);
        JobRecord waiting = a.endAttempt(job.id(), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet"))
                .orElseThrow();
        clock.advance(Duration.between(clock.instant(), waiting.nextAttemptAt()));
        assertThat(b.claim("replica-b", 5)).hasSize(1);
        JobRecord done = b.endAttempt(job.id(), "replica-b", AttemptEnd.succeeded("10 of 10 stored")).orElseThrow();
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.outcomeCode()).isNull();
        assertThat(done.attempts()).extracting(Attempt::outcomeCode).containsExactly("NO_SERVICE_REQUEST", "SUCCEEDED");
    }

    @Test
    void cancellingStopsAJobAndLocksOutItsWorker() {
        JobRecord running = a.create(job("1.12", "A12"));
        clock.advance(Duration.ofSeconds(1));
        JobRecord queued = a.create(job("1.13", "A13"));
        assertThat(a.claim("replica-a", 1)).extracting(JobRecord::id).containsExactly(running.id());
        JobRecord cancelled = b.cancel(running.id(), "Cancelled by a person").orElseThrow();
        assertThat(cancelled.state()).isEqualTo(JobState.CANCELLED);
        assertThat(cancelled.leaseHolder()).isNull();
        assertThat(cancelled.attempts()).singleElement().satisfies(at -> assertThat(at.outcomeCode()).isEqualTo("CANCELLED"));
        assertThat(a.renew(running.id(), "replica-a")).isFalse();
        assertThat(a.endAttempt(running.id(), "replica-a", AttemptEnd.succeeded("late"))).isEmpty();

        assertThat(b.cancel(queued.id(), "no").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(a.claim("replica-a", 5)).isEmpty();
        assertThat(b.cancel(queued.id(), "again").orElseThrow().message()).as("a final job stays as it was").isEqualTo("no");
        assertThat(b.cancel("unknown", "x")).isEmpty();
    }

    @Test
    void aJobBeingReleasedIsNotCancelledAndEndsAsItEnds() {
        JobRecord job = a.create(job("1.40", "A40"));
        assertThat(a.claim("replica-a", 1)).hasSize(1);
        assertThat(b.releasing(job.id(), "replica-b")).as("not b's job").isFalse();
        assertThat(a.releasing(job.id(), "replica-a")).isTrue();

        JobRecord after = b.cancel(job.id(), "Cancelled by a person").orElseThrow();
        assertThat(after.state()).as("the router files it from the release").isEqualTo(JobState.RUNNING);
        assertThat(after.leaseHolder()).isEqualTo("replica-a");
        assertThat(a.endAttempt(job.id(), "replica-a", AttemptEnd.succeeded("released")).orElseThrow().state())
                .isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void aCancelledJobIsNotReleasedAndANewAttemptCanBeCancelledAgain() {
        JobRecord cancelled = a.create(job("1.41", "A41"));
        assertThat(a.claim("replica-a", 1)).hasSize(1);
        assertThat(b.cancel(cancelled.id(), "Cancelled by a person").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        assertThat(a.releasing(cancelled.id(), "replica-a")).as("cancelled first: aborted, not released").isFalse();

        // The replica releasing it dies: the next attempt starts without the mark, and can be cancelled.
        JobRecord lost = a.create(job("1.42", "A42"));
        assertThat(a.claim("replica-a", 1)).hasSize(1);
        assertThat(a.releasing(lost.id(), "replica-a")).isTrue();
        clock.advance(LEASE);
        assertThat(b.claim("replica-b", 1)).hasSize(1);
        assertThat(a.releasing(lost.id(), "replica-a")).as("taken over").isFalse();
        assertThat(a.cancel(lost.id(), "Cancelled by a person").orElseThrow().state()).isEqualTo(JobState.CANCELLED);
    }

    @Test
    void aRetriedJobStartsAfreshAndKeepsItsHistory() {
        JobRecord job = a.create(job("1.14", "A14"));
        a.claim("replica-a", 1);
        a.endAttempt(job.id(), "replica-a", AttemptEnd.failed("ROUTER_WOULD_DROP", "no Accession Number"));
        JobRecord retried = b.retry(job.id()).orElseThrow();

        assertThat(retried.state()).isEqualTo(JobState.QUEUED);
        assertThat(retried.nextAttemptAt()).isEqualTo(clock.instant());
        assertThat(retried.finishedAt()).isNull();
        assertThat(retried.outcomeCode()).isNull();
        assertThat(retried.attempts()).hasSize(1);
        JobRecord again = a.claim("replica-a", 1).get(0);
        assertThat(again.attempts()).extracting(Attempt::number).containsExactly(1, 2);

        a.endAttempt(job.id(), "replica-a", AttemptEnd.succeeded("ok"));
        assertThat(b.retry(job.id()).orElseThrow().state()).as("a success is not sent again").isEqualTo(JobState.SUCCEEDED);
    }

    @Test
    void bulkRetryTakesTheFilter() {
        List<String> ids = new ArrayList<>();
        String[] codes = {"ROUTER_UNREACHABLE", "ROUTER_UNREACHABLE", "STUDY_NOT_FOUND"};
        for (int i = 0; i < codes.length; i++) {
            JobRecord j = a.create(job("2." + i, "B" + i));
            ids.add(j.id());
            a.claim("replica-a", 1);
            a.endAttempt(j.id(), "replica-a", AttemptEnd.failed(codes[i], "failed"));
        }
        JobRecord ok = a.create(job("2.9", "B9"));
        a.claim("replica-a", 1);
        a.endAttempt(ok.id(), "replica-a", AttemptEnd.succeeded("ok"));

        assertThat(b.retryAll(JobFilter.ALL.withCode("ROUTER_UNREACHABLE"))).isEqualTo(2);
        assertThat(b.list(JobFilter.state(JobState.QUEUED), 10)).extracting(JobRecord::id).containsExactlyInAnyOrder(ids.get(0), ids.get(1));
        assertThat(b.retryAll(JobFilter.state(JobState.SUCCEEDED))).isZero();
        assertThat(b.retryAll(JobFilter.ALL)).isEqualTo(1);
    }

    @Test
    void listsFilterByStateCodeAndTimeNewestFirst() {
        JobRecord early = a.create(job("3.1", "C1"));
        clock.advance(Duration.ofHours(1));
        Instant noon = clock.instant();
        JobRecord mid = a.create(job("3.2", "C2"));
        clock.advance(Duration.ofHours(1));
        JobRecord late = a.create(job("3.3", "C3"));
        a.claim("replica-a", 3);
        a.endAttempt(mid.id(), "replica-a", AttemptEnd.failed("PACS_UNAVAILABLE", "down"));

        assertThat(b.list(JobFilter.ALL, 10)).extracting(JobRecord::id).containsExactly(late.id(), mid.id(), early.id());
        assertThat(b.list(JobFilter.ALL, 2)).extracting(JobRecord::id).containsExactly(late.id(), mid.id());
        assertThat(b.list(JobFilter.state(JobState.FAILED), 10)).extracting(JobRecord::id).containsExactly(mid.id());
        assertThat(b.list(JobFilter.ALL.withCode("PACS_UNAVAILABLE"), 10)).extracting(JobRecord::id).containsExactly(mid.id());
        assertThat(b.list(JobFilter.ALL.between(noon, null), 10)).extracting(JobRecord::id).containsExactly(late.id(), mid.id());
        assertThat(b.list(JobFilter.ALL.between(null, noon), 10)).extracting(JobRecord::id).containsExactly(early.id());
        assertThat(b.list(JobFilter.state(JobState.RUNNING, JobState.FAILED), 10)).hasSize(3);
    }

    @Test
    void theLatestJobOfAStudyAndAccessionNumberIsFound() {
        a.create(job("4.1", "D1"));
        clock.advance(Duration.ofMinutes(1));
        JobRecord newer = a.create(job("4.1", "D1"));
        a.create(job("4.1", "D2"));

        assertThat(b.latestFor("4.1", "D1")).map(JobRecord::id).contains(newer.id());
        assertThat(b.latestFor("4.1", "D3")).isEmpty();
    }

    @Test
    void progressResultsAndChecksAreKeptAndANewAttemptStartsOver() {
        JobRecord job = a.create(job("5.1", "E1"));
        a.claim("replica-a", 1);
        InstanceRecord refused = new InstanceRecord("1.2.3.4", "FAILED", 0xA700, "REFUSED", "Out of resources", 1024);
        assertThat(a.progress(job.id(), "replica-a", new Progress("SENDING", 3, 1, 0, 1, 3000, 2048), List.of(refused), false)).isTrue();
        InstanceRecord warned = new InstanceRecord("1.2.3.5", "STORED_WITH_WARNING", 0xB000, null, null, 1024);
        assertThat(a.progress(job.id(), "replica-a", new Progress("SENDING", 3, 2, 1, 1, 3000, 3000), List.of(warned), false)).isTrue();
        assertThat(b.check(job.id(), new CheckRecord("satusehat.serviceRequest", "PASSED", "ServiceRequest/1", null))).isTrue();

        JobRecord read = b.get(job.id()).orElseThrow();
        assertThat(read.progress()).isEqualTo(new Progress("SENDING", 3, 2, 1, 1, 3000, 3000));
        assertThat(read.results()).containsExactly(refused, warned);
        assertThat(read.checks()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo("PASSED");
            assertThat(c.at()).isEqualTo(clock.instant());
        });

        assertThat(a.progress(job.id(), "replica-a", new Progress("SENDING", 3, 0, 0, 0, 3000, 0), List.of(), true)).isTrue();
        assertThat(b.get(job.id()).orElseThrow().results()).as("sending started over").isEmpty();

        a.endAttempt(job.id(), "replica-a", AttemptEnd.retry("ROUTER_ABORTED", "A-ABORT"));
        clock.advance(Duration.ofMinutes(1));
        JobRecord again = b.claim("replica-b", 1).get(0);
        assertThat(again.progress()).isEqualTo(Progress.NONE);
        assertThat(again.checks()).as("checks outlive attempts").hasSize(1);

        b.endAttempt(job.id(), "replica-b", AttemptEnd.succeeded("ok"));
        assertThat(a.check(job.id(), new CheckRecord("satusehat.serviceRequest", "FAILED", "gone", clock.instant()))).isTrue();
        assertThat(a.check(job.id(), new CheckRecord("satusehat.imagingStudy", "PASSED", "ImagingStudy/9", clock.instant()))).isTrue();
        assertThat(b.get(job.id()).orElseThrow().checks()).extracting(CheckRecord::name, CheckRecord::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("satusehat.imagingStudy", "PASSED"),
                        org.assertj.core.groups.Tuple.tuple("satusehat.serviceRequest", "FAILED"));
        assertThat(a.check("unknown", new CheckRecord("x", "PASSED", null, null))).isFalse();
    }

    @Test
    void retentionDeletesOldAndSurplusEndedJobsButNeverLiveOnes() {
        List<String> ended = endedADayApart(6, "6.", "F");
        JobRecord queued = a.create(job("6.q", "Fq"));
        JobRecord running = a.create(job("6.r", "Fr"));
        clock.advance(Duration.ofDays(30));
        b.claim("replica-b", 1); // one of the two runs, the other waits: neither may go

        // 6 ended jobs, finished 36..31 days ago: an age of 33 days keeps the newest three.
        assertThat(b.purge(100, Duration.ofDays(33))).isEqualTo(3);
        assertThat(b.purge(2, Duration.ofDays(365))).isEqualTo(1);
        List<String> left = b.list(JobFilter.ALL, 100).stream().map(JobRecord::id).toList();
        assertThat(left).containsExactlyInAnyOrder(ended.get(4), ended.get(5), queued.id(), running.id());
        assertThat(b.purge(0, Duration.ZERO)).isEqualTo(2);
        assertThat(b.list(JobFilter.ALL, 100)).extracting(JobRecord::id).containsExactlyInAnyOrder(queued.id(), running.id());
    }

    @Test
    void retentionGoesInTransactionsOfAFewJobsUntilAllThatShouldGoHaveGone() {
        List<String> ended = endedADayApart(7, "7.", "G");
        JobRecord queued = a.create(job("7.q", "Gq"));
        clock.advance(Duration.ofDays(30));

        // Finished 37..31 days ago: older than 33 days are the first four, deleted two at a time (2, 2, then 0).
        assertThat(b.purge(100, Duration.ofDays(33), 2)).isEqualTo(4);
        // Beyond the newest one: two more, in chunks of 2 (2, then 0), the age rule finding nothing.
        assertThat(b.purge(1, Duration.ofDays(365), 2)).isEqualTo(2);
        assertThat(b.list(JobFilter.ALL, 100)).extracting(JobRecord::id).containsExactlyInAnyOrder(ended.get(6), queued.id());
        // A chunk that the age rule fills only in part is topped up by the count rule in the same transaction.
        assertThat(b.purge(0, Duration.ZERO, 3)).isEqualTo(1);
        assertThat(b.list(JobFilter.ALL, 100)).extracting(JobRecord::id).containsExactly(queued.id());
    }

    /** {@code n} jobs that succeeded on replica a, each finished a day after the one before: their ids, oldest first. */
    private List<String> endedADayApart(int n, String studyPrefix, String accessionPrefix) {
        List<String> ended = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JobRecord j = a.create(job(studyPrefix + i, accessionPrefix + i));
            a.claim("replica-a", 1);
            a.endAttempt(j.id(), "replica-a", AttemptEnd.succeeded("ok"));
            ended.add(j.id());
            clock.advance(Duration.ofDays(1));
        }
        return ended;
    }

    @Test
    void statsCountJobsByStateAndTheOldestDueJob() {
        JobRecord first = a.create(job("7.1", "G1"));
        clock.advance(Duration.ofSeconds(5));
        a.create(job("7.2", "G2"));
        JobRecord third = a.create(job("7.3", "G3"));
        a.claim("replica-a", 1);
        clock.advance(Duration.ofSeconds(5));

        StoreStats stats = b.stats();
        assertThat(stats.count(JobState.QUEUED)).isEqualTo(2);
        assertThat(stats.count(JobState.RUNNING)).isEqualTo(1);
        assertThat(stats.count(JobState.FAILED)).isZero();
        assertThat(stats.oldestDueSince()).isEqualTo(first.createdAt().plusSeconds(5));
        assertThat(third.createdAt()).isEqualTo(first.createdAt().plusSeconds(5));
    }

    @Test
    void statsGiveTheEarliestEndOfAWaitForTheOrder() {
        assertThat(b.stats().earliestOrderWaitEnd()).as("none waits").isNull();
        JobRecord early = a.create(job("7.4", "G4"));
        JobRecord late = a.create(job("7.5", "G5"));
        assertThat(a.claim("replica-a", 2)).hasSize(2);
        Instant firstWaitEnds = a.endAttempt(early.id(), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet"))
                .orElseThrow().orderWaitUntil();
        clock.advance(Duration.ofSeconds(20));
        a.endAttempt(late.id(), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet")).orElseThrow();

        StoreStats stats = b.stats();
        assertThat(stats.count(JobState.WAITING_FOR_ORDER)).isEqualTo(2);
        // the job that began waiting first ends its wait first: the longest wait
        assertThat(stats.earliestOrderWaitEnd()).isEqualTo(firstWaitEnds).isEqualTo(early.createdAt().plus(policy.orderWait()));
    }

    @Test
    void aSubscriberHearsEveryChangeWithinASecond() throws Exception {
        BlockingQueue<JobChange> heard = new LinkedBlockingQueue<>();
        try (AutoCloseable sub = a.subscribe(heard::add)) {
            awaitListening(a);
            JobRecord job = a.create(job("8.1", "H1"));
            assertThat(next(heard, job.id())).isTrue();
            a.claim("replica-a", 1);
            assertThat(next(heard, job.id())).isTrue();
            a.check(job.id(), new CheckRecord("c", "PASSED", null, null));
            assertThat(next(heard, job.id())).isTrue();
        }
    }

    static void awaitListening(JdbcJobStore store) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!store.listening() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(store.listening()).as("the store hears changes").isTrue();
    }

    /** Whether a change of {@code id} arrives within a second (other ids and resyncs are skipped). */
    static boolean next(BlockingQueue<JobChange> heard, String id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        while (System.nanoTime() < deadline) {
            JobChange c = heard.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (c != null && id.equals(c.jobId())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void longMessagesAreCutNotRefused() {
        JobRecord job = a.create(job("9.1", "I1"));
        a.claim("replica-a", 1);
        String longText = "x".repeat(5000);
        JobRecord failed = a.endAttempt(job.id(), "replica-a", AttemptEnd.failed("INTERNAL_ERROR", longText)).orElseThrow();
        assertThat(failed.message()).hasSize(JdbcJobStore.MESSAGE_MAX).endsWith("…");
    }
}
