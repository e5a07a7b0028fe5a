package id.dicomgateway.relay;

import id.dicomgateway.relay.jobs.CodedFailure;
import id.dicomgateway.relay.jobs.FailureCode;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.jboss.logging.Logger;

/**
 * Batches in this process's memory, until the durable store (issue 14) implements
 * {@link BatchQueue}: each row becomes a job through {@link Relay#submit} when a slot frees, at
 * most {@code gateway.router.max-associations} rows at once, so a 10,000-row batch neither opens
 * 10,000 associations nor fills the temp area with fetched studies. A restart loses queued rows.
 */
@Singleton
public class MemoryBatchQueue implements BatchQueue {
    private static final Logger LOG = Logger.getLogger(MemoryBatchQueue.class);
    static final int KEPT = 50;
    private static final int MAX_FAILURES_SHOWN = 500;

    private final Relay relay;
    private final Permits slots;
    private final Clock clock;
    private final Map<String, Batch> batches = new ConcurrentHashMap<>();
    private final ConcurrentLinkedDeque<String> order = new ConcurrentLinkedDeque<>();

    @Inject
    MemoryBatchQueue(Relay relay, RouterConfig router) {
        this(relay, router.maxAssociations(), Clock.systemUTC());
    }

    MemoryBatchQueue(Relay relay, int slots, Clock clock) {
        this.relay = relay;
        this.slots = new Permits(Math.max(1, slots));
        this.clock = clock;
    }

    @Override
    public BatchView enqueue(List<BatchRow> rows) {
        Batch batch = new Batch(UUID.randomUUID().toString(), rows, clock.instant());
        batches.put(batch.id, batch);
        order.addLast(batch.id);
        while (order.size() > KEPT) {
            String old = order.peekFirst();
            Batch b = old == null ? null : batches.get(old);
            if (b == null || !b.finished()) {
                break; // running batches are never dropped
            }
            order.pollFirst();
            batches.remove(old);
        }
        LOG.infof("Batch %s: %d rows queued", batch.id, rows.size());
        batch.rows.forEach(row -> start(batch, row));
        return batch.view();
    }

    @Override
    public Optional<BatchView> find(String id) {
        return Optional.ofNullable(id == null ? null : batches.get(id)).map(Batch::view);
    }

    @Override
    public Optional<BatchView> cancel(String id) {
        Batch batch = id == null ? null : batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        batch.cancel();
        return Optional.of(batch.view());
    }

    @Override
    public Optional<BatchView> retryFailed(String id) {
        Batch batch = id == null ? null : batches.get(id);
        if (batch == null) {
            return Optional.empty();
        }
        batch.retrying().forEach(row -> start(batch, row));
        return Optional.of(batch.view());
    }

    private void start(Batch batch, Row row) {
        Cancellable running = slots.run(() -> {
            if (!row.begin()) {
                return Uni.createFrom().<RelayAnswer>nullItem(); // cancelled while waiting
            }
            return Uni.createFrom().deferred(() -> relay.submit(row.input.command()));
        }).subscribe().with(answer -> {
            if (answer != null) {
                row.end("SUCCEEDED", null, null, answer.jobId());
            }
        }, failure -> {
            FailureCode code = failure instanceof CodedFailure coded ? coded.code() : FailureCode.INTERNAL_ERROR;
            String message = failure instanceof CodedFailure ? failure.getMessage() : "Internal error: the gateway log has the details";
            if (!(failure instanceof CodedFailure)) {
                LOG.errorf(failure, "Batch %s row %d failed unexpectedly", batch.id, row.input.row());
            }
            String jobId = failure instanceof RouterFailure router ? router.jobId() : null;
            boolean partly = failure instanceof RouterFailure router && router.studies().stream().anyMatch(s -> !s.stored().isEmpty());
            row.end(partly ? "PARTLY_FAILED" : "FAILED", code, message, jobId);
        });
        row.subscription = running;
    }

    /** One row's state; guarded by the row itself. */
    private static final class Row {
        final BatchRow input;
        String state = "QUEUED";
        FailureCode code;
        String message;
        String jobId;
        volatile Cancellable subscription;

        Row(BatchRow input) {
            this.input = input;
        }

        synchronized boolean begin() {
            if (!state.equals("QUEUED")) {
                return false;
            }
            state = "RUNNING";
            return true;
        }

        synchronized void end(String to, FailureCode failure, String text, String job) {
            state = to;
            code = failure;
            message = text;
            jobId = job;
        }

        synchronized boolean cancel() {
            if (!state.equals("QUEUED")) {
                return false;
            }
            state = "CANCELLED";
            return true;
        }

        synchronized boolean requeue() {
            if (!state.equals("FAILED") && !state.equals("PARTLY_FAILED")) {
                return false;
            }
            state = "QUEUED";
            code = null;
            message = null;
            return true;
        }

        synchronized String state() {
            return state;
        }

        synchronized BatchView.RowFailure failure() {
            return new BatchView.RowFailure(input.row(), input.study(), state, code, message, jobId);
        }
    }

    private final class Batch {
        final String id;
        final List<Row> rows = new ArrayList<>();
        final Instant createdAt;
        volatile boolean cancelled;
        volatile Instant finishedAt;

        Batch(String id, List<BatchRow> inputs, Instant createdAt) {
            this.id = id;
            this.createdAt = createdAt;
            inputs.forEach(r -> rows.add(new Row(r)));
        }

        void cancel() {
            cancelled = true;
            rows.forEach(Row::cancel);
        }

        List<Row> retrying() {
            cancelled = false;
            finishedAt = null;
            return rows.stream().filter(Row::requeue).toList();
        }

        boolean finished() {
            return rows.stream().map(Row::state).noneMatch(s -> s.equals("QUEUED") || s.equals("RUNNING"));
        }

        BatchView view() {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (String s : List.of("QUEUED", "RUNNING", "SUCCEEDED", "PARTLY_FAILED", "FAILED", "CANCELLED")) {
                counts.put(s, 0);
            }
            List<BatchView.RowFailure> failures = new ArrayList<>();
            for (Row row : rows) {
                BatchView.RowFailure f = row.failure();
                counts.merge(f.state(), 1, Integer::sum);
                if ((f.state().equals("FAILED") || f.state().equals("PARTLY_FAILED")) && failures.size() < MAX_FAILURES_SHOWN) {
                    failures.add(f);
                }
            }
            boolean done = counts.get("QUEUED") == 0 && counts.get("RUNNING") == 0;
            if (done && finishedAt == null) {
                finishedAt = clock.instant();
            }
            String state = !done ? "RUNNING" : cancelled ? "CANCELLED" : "DONE";
            return new BatchView(id, state, rows.size(), counts, failures, createdAt, done ? finishedAt : null);
        }
    }
}
