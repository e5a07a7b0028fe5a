package id.dicomgateway.relay.batches;

import id.dicomgateway.job.JobState;
import id.dicomgateway.relay.JobWorkers;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobViews;
import id.dicomgateway.store.BatchRecord;
import id.dicomgateway.store.JdbcBatchStore;
import id.dicomgateway.store.NewBatchRow;
import id.dicomgateway.store.NewJob;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Where checked batches go: the batch and one durable job per row, recorded in the job store in
 * one transaction, so a batch outlives a restart and every replica answers for it. The rows are
 * queued jobs like any other: the replicas' {@link JobWorkers} claim them as they have room
 * ({@code gateway.jobs.workers} each), and the SCU opens at most {@code ROUTER_MAX_ASSOCIATIONS}
 * associations to the router at once; failures that can heal are tried again by the store's
 * policy, a row whose order is missing waits for it. A 10,000-row batch thus neither opens 10,000
 * associations nor fills the temp area with fetched studies.
 */
@Singleton
public class BatchQueue {
    private static final Logger LOG = Logger.getLogger(BatchQueue.class);

    @Inject
    JdbcBatchStore store;
    @Inject
    JobRegistry jobs;
    @Inject
    JobWorkers workers;

    /** Queues the rows, already checked by {@link BatchPlan}; answers the batch as it stands. */
    public BatchView enqueue(List<BatchRow> rows) {
        List<NewBatchRow> stored = rows.stream().map(r -> new NewBatchRow(r.row(), job(r))).toList();
        BatchRecord batch = store.create(stored);
        LOG.infof("Batch %s: %d rows queued", batch.id(), rows.size());
        workers.wake();
        return view(batch);
    }

    public Optional<BatchView> find(String id) {
        return store.get(id).map(BatchQueue::view);
    }

    /** The newest batches, newest first. */
    public List<BatchView> recent(int limit) {
        return store.recent(limit).stream().map(BatchQueue::view).toList();
    }

    /**
     * Cancels every row that has not ended. A row sending here stops at once, its association
     * aborted (the router discards it); one sending on another replica stops at that replica's next
     * lease renewal. A row whose study is sent already and being released ends as it ends.
     */
    public Optional<BatchView> cancel(String id) {
        return store.cancel(id, "Cancelled with its batch").map(c -> {
            for (String job : c.running()) {
                try {
                    jobs.cancel(job);
                } catch (JobRegistry.JobConflict e) {
                    LOG.debugf("Batch %s: its job %s ends as it ends: %s", id, job, e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warnf("Batch %s: could not cancel its job %s: %s", id, job, e.getMessage());
                }
            }
            LOG.infof("Batch %s cancelled", id);
            return c.running().isEmpty() ? view(c.batch()) : store.get(id).map(BatchQueue::view).orElseThrow();
        });
    }

    /** Queues the FAILED and PARTLY_FAILED rows again; their earlier attempts stay in their jobs' history. */
    public Optional<BatchView> retryFailed(String id) {
        Optional<BatchView> after = store.retryFailed(id).map(BatchQueue::view);
        after.ifPresent(b -> workers.wake());
        return after;
    }

    /** The job of one row: queued for any replica's worker, never forced, the ImagingStudy checked afterwards. */
    private static NewJob job(BatchRow row) {
        JobKind kind = row.kind().kind();
        return new NewJob(kind.name(), row.study(), null, row.patientid(), row.acc(), false, true, null);
    }

    private static BatchView view(BatchRecord b) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (JobState s : JobState.values()) {
            counts.put(s.name(), b.counts().getOrDefault(s, 0));
        }
        List<BatchView.RowFailure> failures = b.failures().stream().map(r -> new BatchView.RowFailure(r.row(), r.studyUid(),
                r.state().name(), JobViews.code(r.outcomeCode()), r.message(), r.jobId())).toList();
        boolean ended = b.ended();
        String state = !ended ? "RUNNING" : b.cancelledAt() != null ? "CANCELLED" : "DONE";
        return new BatchView(b.id(), state, b.total(), counts, failures, b.createdAt(), b.finishedAt());
    }
}
