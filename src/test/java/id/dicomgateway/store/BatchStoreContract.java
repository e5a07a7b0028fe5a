package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.testing.ManualClock;
import io.agroal.api.AgroalDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What {@link JdbcBatchStore} must do, on PostgreSQL and on the embedded H2 (the subclasses):
 * a batch is its jobs, queued whole in one transaction, counted from their states, cancelled and
 * retried through them. {@code a} and {@code b} are two replicas on one database.
 */
abstract class BatchStoreContract {
    static final Duration LEASE = Duration.ofSeconds(30);

    final ManualClock clock = new ManualClock(Instant.parse("2026-12-01T09:00:00Z"));
    final RetryPolicy policy = new RetryPolicy(3, Duration.ofSeconds(10), Duration.ofSeconds(20), 0, Duration.ofHours(1), () -> 0.5);
    JdbcJobStore jobsA;
    JdbcJobStore jobsB;
    JdbcBatchStore a;
    JdbcBatchStore b;

    abstract AgroalDataSource dataSource();

    abstract Dialect dialect();

    @BeforeEach
    void freshStores() throws SQLException {
        try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM gateway_job");
            s.execute("DELETE FROM gateway_batch");
        }
        jobsA = new JdbcJobStore(dataSource(), dialect(), policy, LEASE, clock, Duration.ofSeconds(20)).start();
        jobsB = new JdbcJobStore(dataSource(), dialect(), policy, LEASE, clock, Duration.ofSeconds(20)).start();
        a = new JdbcBatchStore(jobsA);
        b = new JdbcBatchStore(jobsB);
    }

    @AfterEach
    void closeStores() {
        jobsA.close();
        jobsB.close();
    }

    static List<NewBatchRow> rows(int n) {
        List<NewBatchRow> rows = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            rows.add(new NewBatchRow(i, new NewJob(i % 2 == 0 ? "DIRECT" : "PROCESS", "1.2.840.5." + i, null,
                    i % 2 == 0 ? null : "P" + i, i % 2 == 0 ? null : "A" + i, false, true, null)));
        }
        return rows;
    }

    /** row number -> job id, as the database links them. */
    Map<Integer, String> links(String batch) throws SQLException {
        Map<Integer, String> out = new TreeMap<>();
        try (Connection c = dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT batch_row, id FROM gateway_job WHERE batch_id = ?")) {
            ps.setString(1, batch);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getInt(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    @Test
    void aBatchIsOneQueuedJobPerRowThatAnyReplicaReadsAndClaims() throws SQLException {
        BatchRecord created = a.create(rows(3));

        assertThat(created.total()).isEqualTo(3);
        assertThat(created.counts()).containsEntry(JobState.QUEUED, 3).containsEntry(JobState.RUNNING, 0)
                .containsOnlyKeys(JobState.values());
        assertThat(created.createdAt()).isEqualTo(clock.instant());
        assertThat(created.ended()).isFalse();
        assertThat(created.finishedAt()).isNull();
        assertThat(b.get(created.id())).contains(created);
        Map<Integer, String> links = links(created.id());
        assertThat(links).containsOnlyKeys(1, 2, 3);
        JobRecord row1 = jobsB.get(links.get(1)).orElseThrow();
        assertThat(row1.kind()).isEqualTo("PROCESS");
        assertThat(row1.studyUid()).isEqualTo("1.2.840.5.1");
        assertThat(row1.patientId()).isEqualTo("P1");
        assertThat(row1.accessionNumber()).isEqualTo("A1");
        assertThat(row1.verify()).isTrue();
        assertThat(row1.state()).isEqualTo(JobState.QUEUED);
        assertThat(jobsB.get(links.get(2)).orElseThrow().kind()).isEqualTo("DIRECT");

        List<JobRecord> claimed = jobsB.claim("replica-b", 2);
        assertThat(claimed).hasSize(2);
        assertThat(a.get(created.id()).orElseThrow().counts()).containsEntry(JobState.QUEUED, 1).containsEntry(JobState.RUNNING, 2);
        assertThat(a.get("no-such-batch")).isEmpty();
        assertThat(a.get(null)).isEmpty();
    }

    @Test
    void theCountsAreTheJobsStatesAndTheFailedRowsCarryTheirCodes() throws SQLException {
        BatchRecord batch = a.create(rows(4));
        Map<Integer, String> links = links(batch.id());
        jobsA.claim("replica-a", 4);
        jobsA.endAttempt(links.get(1), "replica-a", AttemptEnd.succeeded("1 of 1 stored"));
        jobsA.endAttempt(links.get(3), "replica-a", AttemptEnd.failed("STUDY_NOT_FOUND", "Study not in the PACS"));
        clock.advance(Duration.ofSeconds(2));
        jobsA.endAttempt(links.get(2), "replica-a", new AttemptEnd(AttemptEnd.Disposition.PARTLY_FAILED, "ROUTER_FAILED", "1 of 2 stored"));
        jobsA.endAttempt(links.get(4), "replica-a", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "No order yet"));

        BatchRecord read = b.get(batch.id()).orElseThrow();
        assertThat(read.counts()).containsEntry(JobState.SUCCEEDED, 1).containsEntry(JobState.FAILED, 1)
                .containsEntry(JobState.PARTLY_FAILED, 1).containsEntry(JobState.WAITING_FOR_ORDER, 1)
                .containsEntry(JobState.QUEUED, 0).containsEntry(JobState.RUNNING, 0);
        assertThat(read.ended()).as("a row waits for its order").isFalse();
        assertThat(read.finishedAt()).isNull();
        assertThat(read.failures()).extracting(BatchRecord.Row::row).containsExactly(2, 3);
        assertThat(read.failures().get(1)).isEqualTo(new BatchRecord.Row(3, links.get(3), "1.2.840.5.3", JobState.FAILED,
                "STUDY_NOT_FOUND", "Study not in the PACS"));
        assertThat(read.failures().get(0).state()).isEqualTo(JobState.PARTLY_FAILED);

        clock.advance(Duration.ofSeconds(30));
        jobsA.cancel(links.get(4), "no order coming");
        BatchRecord ended = b.get(batch.id()).orElseThrow();
        assertThat(ended.ended()).isTrue();
        assertThat(ended.finishedAt()).as("its last job's end").isEqualTo(clock.instant());
        assertThat(ended.cancelledAt()).as("one job cancelled is not the batch cancelled").isNull();
    }

    @Test
    void aCancelEndsTheJobsNoReplicaRunsAndNamesTheRunningOnes() throws SQLException {
        BatchRecord batch = a.create(rows(5));
        Map<Integer, String> links = links(batch.id());
        List<JobRecord> claimed = jobsB.claim("replica-b", 3);
        jobsB.endAttempt(claimed.get(0).id(), "replica-b", AttemptEnd.succeeded("stored"));
        jobsB.endAttempt(claimed.get(2).id(), "replica-b", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST", "no order yet"));
        clock.advance(Duration.ofSeconds(1));

        JdbcBatchStore.Cancelled cancelled = a.cancel(batch.id(), "Cancelled with its batch").orElseThrow();
        assertThat(cancelled.running()).as("left to the job model").containsExactly(claimed.get(1).id());
        BatchRecord after = cancelled.batch();
        assertThat(after.counts()).containsEntry(JobState.CANCELLED, 3).containsEntry(JobState.SUCCEEDED, 1)
                .containsEntry(JobState.RUNNING, 1).containsEntry(JobState.QUEUED, 0).containsEntry(JobState.WAITING_FOR_ORDER, 0);
        assertThat(after.ended()).isFalse();
        assertThat(after.cancelledAt()).isEqualTo(clock.instant());
        assertThat(after.failures()).as("a cancelled row is no failure").isEmpty();
        JobRecord waiting = jobsA.get(claimed.get(2).id()).orElseThrow();
        assertThat(waiting.state()).isEqualTo(JobState.CANCELLED);
        assertThat(waiting.outcomeCode()).isEqualTo(Attempt.CANCELLED);
        assertThat(waiting.attempts()).extracting(Attempt::outcomeCode).containsExactly("NO_SERVICE_REQUEST");
        assertThat(jobsA.get(links.get(5)).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
        // The running one ends as its replica ends it: here by the job model's cancel.
        assertThat(jobsB.renew(claimed.get(1).id(), "replica-b")).isTrue();
        jobsA.cancel(claimed.get(1).id(), "Cancelled with its batch");
        assertThat(b.get(batch.id()).orElseThrow().ended()).isTrue();
        clock.advance(Duration.ofHours(2));
        assertThat(jobsA.claim("replica-a", 10)).as("nothing of it is due any more").isEmpty();

        assertThat(a.cancel("no-such-batch", "x")).isEmpty();
        BatchRecord done = a.create(rows(1));
        jobsA.endAttempt(jobsA.claim("replica-a", 1).get(0).id(), "replica-a", AttemptEnd.succeeded("stored"));
        assertThat(a.cancel(done.id(), "too late").orElseThrow().batch().cancelledAt()).as("an ended batch stays as it ended").isNull();
    }

    @Test
    void aRetryQueuesTheFailedRowsAgainAndTheirHistoryStays() throws SQLException {
        BatchRecord batch = a.create(rows(3));
        Map<Integer, String> links = links(batch.id());
        jobsA.claim("replica-a", 3);
        jobsA.endAttempt(links.get(1), "replica-a", AttemptEnd.succeeded("stored"));
        jobsA.endAttempt(links.get(2), "replica-a", AttemptEnd.failed("STUDY_NOT_FOUND", "not in the PACS"));
        jobsA.endAttempt(links.get(3), "replica-a", new AttemptEnd(AttemptEnd.Disposition.PARTLY_FAILED, "ROUTER_FAILED", "1 of 2"));
        clock.advance(Duration.ofSeconds(1));

        BatchRecord retried = b.retryFailed(batch.id()).orElseThrow();
        assertThat(retried.counts()).containsEntry(JobState.QUEUED, 2).containsEntry(JobState.SUCCEEDED, 1);
        assertThat(retried.failures()).isEmpty();
        assertThat(retried.ended()).isFalse();
        List<JobRecord> again = jobsB.claim("replica-b", 10);
        assertThat(again).extracting(JobRecord::id).containsExactlyInAnyOrder(links.get(2), links.get(3));
        assertThat(again).allSatisfy(j -> assertThat(j.attempts()).extracting(Attempt::number).containsExactly(1, 2));
        assertThat(jobsA.get(links.get(2)).orElseThrow().attempts().get(0).outcomeCode()).isEqualTo("STUDY_NOT_FOUND");
        assertThat(b.retryFailed("no-such-batch")).isEmpty();
    }

    @Test
    void aCancelledBatchRetriedIsNoLongerCancelled() {
        BatchRecord batch = a.create(rows(2));
        JobRecord first = jobsA.claim("replica-a", 1).get(0);
        jobsA.endAttempt(first.id(), "replica-a", AttemptEnd.failed("PACS_ERROR", "500"));
        a.cancel(batch.id(), "stop");
        BatchRecord retried = a.retryFailed(batch.id()).orElseThrow();
        assertThat(retried.cancelledAt()).isNull();
        assertThat(retried.counts()).containsEntry(JobState.QUEUED, 1).containsEntry(JobState.CANCELLED, 1);
    }

    @Test
    void aBatchGoesWithTheLastOfItsJobsAndTheNewestComeFirst() {
        BatchRecord old = a.create(rows(2));
        clock.advance(Duration.ofSeconds(1));
        BatchRecord kept = a.create(rows(1));
        assertThat(b.recent(10)).extracting(BatchRecord::id).containsExactly(kept.id(), old.id());
        for (JobRecord j : jobsA.claim("replica-a", 3)) {
            jobsA.endAttempt(j.id(), "replica-a", AttemptEnd.succeeded("stored"));
        }
        clock.advance(Duration.ofHours(2));
        assertThat(a.purge(Duration.ofHours(1))).as("every batch still has its jobs").isZero();
        assertThat(jobsA.purge(1, Duration.ofDays(90))).isEqualTo(2);
        assertThat(a.purge(Duration.ofHours(1))).isEqualTo(1);
        assertThat(b.recent(10)).hasSize(1);
        assertThat(b.get(old.id()).isPresent() != b.get(kept.id()).isPresent()).isTrue();
    }

    @Test
    void aBigBatchIsQueuedInAFewRoundTrips() {
        long before = jobsA.roundTrips();
        long t0 = System.nanoTime();
        BatchRecord big = a.create(rows(2_000));
        long millis = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("batch store on %s: 2,000 rows queued in %d ms, %d round trips%n", dialect(), millis, jobsA.roundTrips() - before);
        assertThat(big.counts()).containsEntry(JobState.QUEUED, 2_000);
        assertThat(jobsA.roundTrips() - before).as("batched statements, not one per row").isLessThan(20);
    }
}
