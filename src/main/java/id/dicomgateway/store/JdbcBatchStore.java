package id.dicomgateway.store;

import id.dicomgateway.job.JobState;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Batches on the job store's database ({@code V2__batches.sql}): a batch is a row of
 * {@code gateway_batch} and one job per row in {@code gateway_job}, written in one transaction,
 * so a batch is queued whole or not at all and outlives any replica. The jobs are ordinary queued
 * jobs: the store's workers claim them, retry them and take them over from a replica that died.
 * Counts are read from the jobs, so every replica answers the same.
 *
 * <p>It runs in {@link JdbcJobStore}'s transactions (the same retries on a broken connection, the
 * same change notifications), on both its dialects with the same SQL.
 */
public final class JdbcBatchStore {
    /** Failed rows a batch lists; the counts cover all. */
    public static final int FAILURES_SHOWN = 500;
    /** Jobs that have not ended and that no replica runs. */
    private static final String WAITING = "('QUEUED', 'WAITING_FOR_ORDER')";

    private static final String INSERT_JOB = JdbcJobStore.insertJob(", batch_id, batch_row", ", ?, ?");

    private final JdbcJobStore jobs;

    public JdbcBatchStore(JdbcJobStore jobs) {
        this.jobs = jobs;
    }

    /** Records a batch and its rows' jobs, all QUEUED and due now; the batch as it stands. */
    public BatchRecord create(List<NewBatchRow> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a batch has at least one row");
        }
        String id = UUID.randomUUID().toString();
        return jobs.tx("create a batch", tx -> {
            if (tx.retried && exists(tx, id)) {
                return load(tx, id); // the first try committed before its connection broke
            }
            Instant now = jobs.now();
            tx.update("INSERT INTO gateway_batch (id, total_rows, created_at) VALUES (?, ?, ?)", id, rows.size(), now);
            List<Object[]> inserts = new ArrayList<>(rows.size());
            for (NewBatchRow row : rows) {
                Object[] job = jobs.insertArgs(UUID.randomUUID().toString(), row.job(), now);
                Object[] args = Arrays.copyOf(job, job.length + 2);
                args[job.length] = id;
                args[job.length + 1] = row.row();
                inserts.add(args);
            }
            tx.batch(INSERT_JOB, inserts);
            // Thousands of new jobs: listeners read again rather than once per job.
            tx.touchedAll();
            return load(tx, id);
        });
    }

    public Optional<BatchRecord> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(jobs.tx("read a batch", tx -> exists(tx, id) ? load(tx, id) : null));
    }

    /**
     * Cancels the jobs of the batch that no replica runs now (queued, or waiting for their order);
     * empty when the batch is unknown. The running ones are left to the caller
     * ({@link Cancelled#running}): only the job model knows whether one just ended on its replica
     * and its end is on the way here, which a cancel in the store would overwrite.
     */
    public Optional<Cancelled> cancel(String id, String message) {
        return onLockedBatch(id, "cancel a batch", tx -> {
            Instant now = jobs.now();
            String text = JdbcJobStore.clip(message);
            // Waiting jobs have no open attempt: a claim opens one, and they are not claimed.
            int n = tx.update("UPDATE gateway_job SET state = 'CANCELLED', next_attempt_at = NULL, outcome_code = ?, message = ?, "
                    + "updated_at = ?, finished_at = ?, version = version + 1 WHERE batch_id = ? AND state IN " + WAITING,
                    Attempt.CANCELLED, text, now, now, id);
            List<String> running = tx.query("SELECT id FROM gateway_job WHERE batch_id = ? AND state = 'RUNNING' ORDER BY batch_row",
                    rs -> rs.getString(1), id);
            if (n > 0 || !running.isEmpty()) {
                // A batch whose jobs had all ended stays as it ended.
                tx.update("UPDATE gateway_batch SET cancelled_at = ? WHERE id = ?", now, id);
            }
            if (n > 0) {
                tx.touchedAll();
            }
            return new Cancelled(load(tx, id), running);
        });
    }

    /** Queues the FAILED and PARTLY_FAILED jobs of the batch again, due now; their attempts stay in their history. */
    public Optional<BatchRecord> retryFailed(String id) {
        return onLockedBatch(id, "retry a batch", tx -> {
            Instant now = jobs.now();
            int n = tx.update(JdbcJobStore.RETRY_SET + " WHERE batch_id = ? AND state IN ('FAILED', 'PARTLY_FAILED')", now, now, id);
            if (n > 0) {
                tx.update("UPDATE gateway_batch SET cancelled_at = NULL WHERE id = ?", id);
                tx.touchedAll();
            }
            return load(tx, id);
        });
    }

    /** Newest first. */
    public List<BatchRecord> recent(int limit) {
        return jobs.tx("list batches", tx -> {
            List<String> ids = tx.query("SELECT id FROM gateway_batch ORDER BY created_at DESC, id DESC LIMIT ?", rs -> rs.getString(1),
                    Math.max(0, limit));
            List<BatchRecord> out = new ArrayList<>(ids.size());
            for (String id : ids) {
                out.add(load(tx, id));
            }
            return out;
        });
    }

    /**
     * Deletes the batches whose jobs retention deleted, all of them, and that are older than
     * {@code minAge} (a batch is never without jobs while it is being written). How many.
     */
    public int purge(Duration minAge) {
        return jobs.tx("apply retention to batches", tx -> tx.update("DELETE FROM gateway_batch WHERE created_at < ? AND NOT EXISTS "
                + "(SELECT 1 FROM gateway_job j WHERE j.batch_id = gateway_batch.id)", jobs.now().minus(minAge)));
    }

    /** A cancelled batch, and its jobs that were running when the cancel came, still running. */
    public record Cancelled(BatchRecord batch, List<String> running) {
        public Cancelled {
            running = List.copyOf(running);
        }
    }

    /**
     * Runs {@code work} with the batch's row locked (FOR UPDATE), so that a cancel and a retry of
     * one batch take turns; empty when the batch is unknown.
     */
    private <T> Optional<T> onLockedBatch(String id, String what, JdbcJobStore.Work<T> work) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(jobs.tx(what, tx -> {
            if (tx.query("SELECT id FROM gateway_batch WHERE id = ? FOR UPDATE", rs -> rs.getString(1), id).isEmpty()) {
                return null;
            }
            return work.run(tx);
        }));
    }

    private static boolean exists(JdbcJobStore.Tx tx, String id) throws SQLException {
        return !tx.query("SELECT id FROM gateway_batch WHERE id = ?", rs -> rs.getString(1), id).isEmpty();
    }

    private static BatchRecord load(JdbcJobStore.Tx tx, String id) throws SQLException {
        record Head(int total, Instant createdAt, Instant cancelledAt) {
        }
        Head head = tx.query("SELECT total_rows, created_at, cancelled_at FROM gateway_batch WHERE id = ?",
                rs -> new Head(rs.getInt(1), JdbcJobStore.instant(rs, 2), JdbcJobStore.instant(rs, 3)), id).get(0);
        Map<JobState, Integer> counts = new EnumMap<>(JobState.class);
        for (JobState s : JobState.values()) {
            counts.put(s, 0);
        }
        Instant[] lastEnd = {null};
        tx.query("SELECT state, COUNT(*), MAX(finished_at) FROM gateway_job WHERE batch_id = ? GROUP BY state", rs -> {
            counts.put(JobState.valueOf(rs.getString(1)), rs.getInt(2));
            Instant end = JdbcJobStore.instant(rs, 3);
            if (end != null && (lastEnd[0] == null || end.isAfter(lastEnd[0]))) {
                lastEnd[0] = end;
            }
            return null;
        }, id);
        List<BatchRecord.Row> failures = tx.query("SELECT batch_row, id, study_uid, state, outcome_code, message FROM gateway_job "
                + "WHERE batch_id = ? AND state IN ('FAILED', 'PARTLY_FAILED') ORDER BY batch_row LIMIT ?",
                rs -> new BatchRecord.Row(rs.getInt(1), rs.getString(2), rs.getString(3), JobState.valueOf(rs.getString(4)),
                        rs.getString(5), rs.getString(6)), id, FAILURES_SHOWN);
        boolean ended = counts.entrySet().stream().noneMatch(e -> !e.getKey().isFinal() && e.getValue() > 0);
        return new BatchRecord(id, head.total(), counts, failures, head.createdAt(), head.cancelledAt(), ended ? lastEnd[0] : null);
    }
}
