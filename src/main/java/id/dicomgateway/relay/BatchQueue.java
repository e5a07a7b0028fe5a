package id.dicomgateway.relay;

import java.util.List;
import java.util.Optional;

/**
 * Where checked batches go: one job per row, at most {@code ROUTER_MAX_ASSOCIATIONS} sending at
 * once. The interface is what the API and the dashboard need; the durable job store (issue 14)
 * is to implement it so that a batch survives a restart. Until then {@link MemoryBatchQueue} does,
 * in this process only.
 */
public interface BatchQueue {

    /** Queues the rows, already checked by {@link BatchPlan}; answers the batch as it stands. */
    BatchView enqueue(List<BatchRow> rows);

    Optional<BatchView> find(String id);

    /** Rows not started yet are CANCELLED; rows sending go on to their end. */
    Optional<BatchView> cancel(String id);

    /** Queues the FAILED and PARTLY_FAILED rows again; their earlier jobs stay in the history. */
    Optional<BatchView> retryFailed(String id);
}
