package id.dicomgateway.relay.jobs;

import id.dicomgateway.async.Serial;
import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.job.StoreException;
import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.AttemptEnd;
import id.dicomgateway.store.CheckRecord;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.JobChange;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.store.Progress;
import id.dicomgateway.store.RetryPolicy;
import id.dicomgateway.store.StoreConfig;
import id.dicomgateway.store.StoreProducer;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Writes the life of the jobs this replica runs into the durable {@link JobStore}, so that every
 * replica can answer for them and they outlive this process: the record before the request is
 * answered, progress at most every {@value #FLUSH_MILLIS} ms (a study has thousands of instances,
 * the database gets a few writes a second per job), the end, and the lease renewed while a job runs.
 *
 * <p>Bookkeeping never breaks a transfer on its way: after the record exists, a store that does
 * not answer is logged, and the job goes on.
 */
@Singleton
public class JobJournal {
    private static final Logger LOG = Logger.getLogger(JobJournal.class);
    static final long FLUSH_MILLIS = 500;

    private final JobStore store;
    private final AttemptMetrics metrics;
    private final Duration lease;
    private final RetryPolicy policy;
    private final Clock clock;
    private final String replica;
    /** Jobs this replica holds the lease of, with what was last written for each. */
    private final Map<String, Written> open = new ConcurrentHashMap<>();
    /** Jobs that ended here whose end is still on its way to the store. */
    private final java.util.Set<String> ending = ConcurrentHashMap.newKeySet();
    /** The journal's writes, one at a time in the order they were made (a job's progress before its end). */
    private final Serial writes = new Serial("Job journal");
    /** The two ticks that queue a progress flush and a lease renewal on {@link #writes}. */
    private final Cancellable flushTicks;
    private final Cancellable renewTicks;
    private volatile java.util.function.Consumer<String> onLost = id -> {
    };
    /** Told of every job this replica saw end for good (succeeded, failed for good, cancelled): its files may go, someone may be told. */
    private final List<java.util.function.Consumer<JobRecord>> onFinal = new java.util.concurrent.CopyOnWriteArrayList<>();
    private AutoCloseable subscription;

    private static final class Written {
        final Supplier<JobView> view;
        /** Runs in the background (202): failures that can heal are tried again, not told to a caller. */
        final boolean async;
        volatile boolean dirty;
        int failuresWritten;
        java.time.Instant startedAt;

        Written(Supplier<JobView> view, boolean async) {
            this.view = view;
            this.async = async;
        }
    }

    @Inject
    JobJournal(JdbcJobStore store, StoreConfig config, AttemptMetrics metrics) {
        this(store, store.lease(), config.policy(), Clock.systemUTC(), StoreProducer.REPLICA, metrics);
    }

    JobJournal(JobStore store, Duration lease, RetryPolicy policy, Clock clock, String replica) {
        this(store, lease, policy, clock, replica, AttemptMetrics.none());
    }

    JobJournal(JobStore store, Duration lease, RetryPolicy policy, Clock clock, String replica, AttemptMetrics metrics) {
        this.metrics = metrics;
        this.store = store;
        this.policy = policy;
        this.lease = lease;
        this.clock = clock;
        this.replica = replica;
        // A job a claim of this replica gave up on (its lease expired once too often) ended here for good.
        store.onGivenUpInClaim((holder, record) -> {
            if (replica.equals(holder)) {
                finalIf(record);
            }
        });
        // Mutiny ticks, not quarkus-scheduler: its triggers are looked at once a second, and progress goes
        // out every half second. A tick only queues the work, behind the writes made before it.
        this.flushTicks = every(Duration.ofMillis(FLUSH_MILLIS), this::flushAll);
        this.renewTicks = every(Duration.ofMillis(Math.max(100, lease.toMillis() / 3)), this::renewAll);
    }

    private Cancellable every(Duration period, Runnable work) {
        return Multi.createFrom().ticks().startingAfter(period).every(period)
                .onOverflow().drop()
                .subscribe().with(tick -> writes.run(work));
    }

    Clock clock() {
        return clock;
    }

    /** Records a job this replica runs now, under its lease. Fails (the request with it) when the store does not answer. */
    JobRecord open(JobKind kind, String studyUid, String accessionNumber, String patientId, boolean force, boolean verify) {
        return store.create(new NewJob(kind.name(), studyUid, null, patientId, accessionNumber, force, verify, replica));
    }

    /** As {@link #open}, for a job whose files wait at {@code location} in {@code node}'s spool: only that node runs it. */
    JobRecord open(JobKind kind, String studyUid, String accessionNumber, String patientId, boolean force, boolean verify,
            String node, String location) {
        return store.create(new NewJob(kind.name(), studyUid, null, patientId, accessionNumber, force, verify, replica)
                .heldBy(node, location));
    }

    /** As {@link #open} with files in {@code node}'s spool, but waiting for a person to give it its order: no worker runs it yet. */
    JobRecord openWaiting(JobKind kind, String studyUid, String accessionNumber, String patientId, boolean force, boolean verify,
            String node, String location, String reason) {
        return store.createWaiting(new NewJob(kind.name(), studyUid, null, patientId, accessionNumber, force, verify, null)
                .heldBy(node, location), reason);
    }

    Optional<JobView> assign(String id, String patientId, String accessionNumber, String message) {
        return store.assign(id, patientId, accessionNumber, message).map(this::view);
    }

    void onFinal(java.util.function.Consumer<JobRecord> handler) {
        onFinal.add(handler);
    }

    private void finalIf(JobRecord record) {
        if (record.state().isFinal()) {
            for (var handler : onFinal) {
                try {
                    handler.accept(record);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "Job %s: what follows its end failed", record.id());
                }
            }
        }
    }

    /** From now on the job's changes are written; {@code view} reads its current state. */
    void follow(String id, Supplier<JobView> view, boolean async) {
        open.put(id, new Written(view, async));
    }

    /** Failures an async job is tried again after: the peer may be back by then (docs/architecture.md). */
    private static final java.util.Set<FailureCode> HEALS = java.util.EnumSet.of(FailureCode.PACS_UNREACHABLE,
            FailureCode.PACS_ERROR, FailureCode.ROUTER_FAILED, FailureCode.ROUTER_REJECTED, FailureCode.SATUSEHAT_UNAVAILABLE);

    /**
     * How a failure of job {@code id} ends its attempt when the job goes on (a retry, or waiting for
     * its order); null when it ends the job here, as for a synchronous call, a failure that cannot
     * heal, or one after which some instances were stored (sending again would split the study).
     */
    AttemptEnd goesOn(String id, FailureCode code, String message, int stored) {
        Written w = open.get(id);
        if (w == null || !w.async || code == null) {
            return null;
        }
        if (code == FailureCode.NO_SERVICE_REQUEST && !policy.orderWait().isZero()) {
            return AttemptEnd.waitForOrder(code.name(), message);
        }
        if (stored == 0 && HEALS.contains(code) && policy.maxAttempts() > 1) {
            return AttemptEnd.retry(code.name(), message);
        }
        return null;
    }

    /**
     * Ends the attempt as {@code end} says and hands the stored job (queued again, or failed for good) to {@code then};
     * {@code written} runs once the store has it (or could not take it), so the job is no longer this replica's to show.
     */
    void goOn(String id, AttemptEnd end, java.util.function.Consumer<JobRecord> then, Runnable written) {
        Written w = closing(id);
        if (w == null) {
            written.run();
            return;
        }
        JobView view = w.view.get();
        writes.run(() -> afterwards(id, written, () -> guard("queue job " + id + " again", () -> {
            flush(id, w, view);
            store.endAttempt(id, replica, end).ifPresentOrElse(record -> {
                metrics.ended(record);
                then.accept(record);
                finalIf(record); // out of attempts, or the order never came
            }, () -> LOG.warnf("Job %s: its record is no longer this replica's (cancelled, or taken over)", id));
        })));
    }

    /** Job {@code id} is no longer run here; until {@link #afterwards} its end is on its way to the store ({@link #holds}). */
    private Written closing(String id) {
        ending.add(id);
        Written w = open.remove(id);
        if (w == null) {
            ending.remove(id);
        }
        return w;
    }

    /** {@code work}, then {@code written} whatever became of it, job {@code id}'s end no longer on its way. */
    private void afterwards(String id, Runnable written, Runnable work) {
        try {
            work.run();
        } finally {
            ending.remove(id);
            written.run();
        }
    }

    /** {@code work}, then {@code written} whatever became of it. */
    private static void afterwards(Runnable written, Runnable work) {
        try {
            work.run();
        } finally {
            written.run();
        }
    }

    /**
     * Whether {@code r}'s last attempt was this replica's and it ended it (not by losing its lease): its live copy told
     * the end already, so the store's echo of it is not news here.
     */
    boolean endedHere(JobRecord r) {
        Attempt last = r.lastAttempt();
        return last != null && replica.equals(last.holder()) && !Attempt.LEASE_EXPIRED.equals(last.outcomeCode());
    }

    /** Whether this replica runs job {@code id}, or its end is still on its way to the store: its live copy must stay. */
    boolean holds(String id) {
        return open.containsKey(id) || ending.contains(id);
    }

    /** This replica took up a stored job (a worker's claim): its changes are written from now on. */
    void resumed(JobRecord record, Supplier<JobView> view) {
        metrics.begun(record);
        follow(record.id(), view, true);
    }

    JobView view(JobRecord record) {
        return JobViews.of(record, clock);
    }

    void changed(String id) {
        Written w = open.get(id);
        if (w != null) {
            w.dirty = true;
        }
    }

    /**
     * The job ended here: its last progress, then its outcome. {@code written} runs once the store has them
     * (or could not take them): from then on the store answers for the job.
     */
    void ended(String id, Runnable written) {
        Written w = closing(id);
        if (w == null) {
            written.run();
            return;
        }
        JobView view = w.view.get();
        // On the journal's thread, after any progress write of the job: the caller may be an event loop.
        writes.run(() -> afterwards(id, written, () -> guard("end job " + id, () -> {
            flush(id, w, view);
            AttemptEnd end = switch (view.state()) {
                case SUCCEEDED -> AttemptEnd.succeeded(view.message());
                case PARTLY_FAILED -> new AttemptEnd(AttemptEnd.Disposition.PARTLY_FAILED, name(view.errorCode()), view.message());
                default -> AttemptEnd.failed(name(view.errorCode()), view.message());
            };
            Optional<JobRecord> after = store.endAttempt(id, replica, end);
            after.ifPresent(metrics::ended);
            if (after.isEmpty()) {
                LOG.warnf("Job %s ended here, but its record is no longer this replica's (cancelled, or taken over)", id);
            }
            after.ifPresent(this::finalIf);
        })));
    }

    /** Records {@code check} after the writes queued before it; {@code written} runs once the store has it (or could not take it). */
    void check(String id, Check check, Runnable written) {
        writes.run(() -> afterwards(written, () -> guard("record check " + check.name() + " of job " + id,
                () -> store.check(id, new CheckRecord(check.name(), check.status().name(), check.detail(), check.at())))));
    }

    /**
     * The job as the store has it, unless this replica still holds its lease: then the store is
     * behind what this replica knows (the end of the job is on its way to the store), and the
     * change it tells of is this replica's own, already shown.
     */
    Optional<JobRecord> findChangedElsewhere(String id) {
        return guarded("read job " + id, () -> store.get(id).filter(r -> !replica.equals(r.leaseHolder())), Optional.empty());
    }

    Optional<JobView> find(String id) {
        return guarded("read job " + id, () -> store.get(id).map(r -> JobViews.of(r, clock)), Optional.empty());
    }

    List<JobView> recent(int limit) {
        return guarded("list jobs", () -> store.list(JobFilter.ALL, limit).stream().map(r -> JobViews.of(r, clock)).toList(), null);
    }

    /** Null when the store does not answer. */
    List<JobView> list(JobFilter filter, int limit) {
        return guarded("list jobs", () -> store.list(filter, limit).stream().map(r -> JobViews.of(r, clock)).toList(), null);
    }

    Map<JobState, Long> counts() {
        var stats = store.stats();
        Map<JobState, Long> out = new java.util.EnumMap<>(JobState.class);
        stats.byState().forEach(out::put);
        return out;
    }

    private void flushAll() {
        for (Map.Entry<String, Written> e : open.entrySet()) {
            Written w = e.getValue();
            if (w.dirty) {
                w.dirty = false;
                guard("record progress of job " + e.getKey(), () -> flush(e.getKey(), w, w.view.get()));
            }
        }
    }

    private void flush(String id, Written w, JobView view) {
        synchronized (w) {
            // Sending started over in a new association: the results so far are not this attempt's.
            boolean startOver = w.startedAt != null && !w.startedAt.equals(view.startedAt()) || view.failures().size() < w.failuresWritten;
            int from = startOver ? 0 : w.failuresWritten;
            List<InstanceResult> added = view.failures().subList(Math.min(from, view.failures().size()), view.failures().size());
            Progress p = new Progress(view.phase().name(), view.totalInstances(), view.storedInstances(), view.warningInstances(),
                    view.failedInstances(), view.totalBytes(), view.sentBytes(),
                    view.startedAt() == null ? null : view.startedAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
            store.progress(id, replica, p, added.stream().map(JobViews::record).toList(), startOver);
            w.failuresWritten = view.failures().size();
            w.startedAt = view.startedAt();
        }
    }

    private void renewAll() {
        for (String id : open.keySet()) {
            guard("renew the lease of job " + id, () -> {
                if (!store.renew(id, replica) && open.remove(id) != null) {
                    LOG.warnf("Job %s: this replica's lease is gone (cancelled, or taken over after a pause); stopping it here", id);
                    onLost.accept(id);
                }
            });
        }
    }

    /** Whether this replica runs job {@code id} now (its events are told here, not from the store). */
    boolean runsHere(String id) {
        return open.containsKey(id);
    }

    /** Hands every change the store hears of (this replica's and others') to {@code handler}, on the store's thread. */
    void onStoreChange(java.util.function.Consumer<JobChange> handler) {
        if (subscription != null) {
            return;
        }
        subscription = store.subscribe(change -> {
            try {
                handler.accept(change);
            } catch (StoreException e) {
                LOG.debugf("Job store: could not follow change %s: %s", change, e.getMessage());
            }
        });
    }

    void onLost(java.util.function.Consumer<String> handler) {
        this.onLost = handler;
    }

    /** Whether a person may cancel the job: not while a synchronous request waits for it here. */
    boolean cancellable(String id) {
        Written w = open.get(id);
        return w == null || w.async;
    }

    /** Whether job {@code id} runs here in the background (a person may cancel it). */
    boolean background(String id) {
        Written w = open.get(id);
        return w != null && w.async;
    }

    Optional<JobView> cancel(String id) {
        return cancel(id, "Cancelled by a person");
    }

    Optional<JobView> cancel(String id, String message) {
        // On the journal's thread, after the writes already handed to it: a job that ended here a
        // moment ago (its end on its way to the store) is recorded as it ended, not as cancelled; one
        // that ends after this is cancelled, and its end is not written over the cancellation.
        Optional<JobRecord> after = onJournalThread(() -> {
            open.remove(id);
            return store.cancel(id, message);
        }, Duration.ofSeconds(30));
        after.ifPresent(this::finalIf);
        after.ifPresent(r -> {
            // An attempt closed by this cancellation (not an earlier one of a job that was waiting).
            var last = r.lastAttempt();
            if (last != null && Attempt.CANCELLED.equals(last.outcomeCode()) && last.endedAt() != null
                    && last.endedAt().equals(r.finishedAt())) {
                metrics.ended(last.outcomeCode());
            }
        });
        return after.map(this::view);
    }

    /**
     * Marks job {@code id}'s record as being released by this replica (see {@link JobRegistry#releaseGate}):
     * false when the record is no longer this replica's running job (cancelled elsewhere, taken over).
     * When the store cannot be reached the release goes on: no replica can record a cancel then either.
     */
    Uni<Boolean> releasing(String id) {
        // closed (stopping): true, as the journal is closed and with it any way to cancel
        return writes.call(() -> guarded("mark job " + id + " releasing", () -> store.releasing(id, replica), true), true);
    }

    Optional<JobView> handBack(String id, String message) {
        if (open.remove(id) == null) {
            return Optional.empty();
        }
        return guarded("hand job " + id + " back", () -> {
            if (!store.handBack(id, replica, message)) {
                return Optional.<JobView>empty();
            }
            metrics.ended("HANDED_BACK");
            return store.get(id).map(this::view);
        }, Optional.empty());
    }

    Optional<JobView> retry(String id) {
        return store.retry(id).map(this::view);
    }

    int retryAll(JobFilter filter) {
        return store.retryAll(filter);
    }

    private static String name(FailureCode code) {
        return code == null ? null : code.name();
    }

    private static void guard(String what, Runnable work) {
        try {
            work.run();
        } catch (StoreException e) {
            LOG.warnf("Job store: could not %s: %s", what, e.getMessage());
        }
    }

    private static <T> T guarded(String what, Supplier<T> work, T fallback) {
        try {
            return work.get();
        } catch (StoreException e) {
            LOG.warnf("Job store: could not %s: %s", what, e.getMessage());
            return fallback;
        }
    }

    /**
     * {@code work}, after the writes queued before it (blocking: not on an event loop). The journal
     * closed (stopping), nothing is queued any more and it runs here.
     */
    private <T> T onJournalThread(Supplier<T> work, Duration wait) {
        if (writes.inside()) {
            return work.get();
        }
        Optional<T> done = writes.call(() -> Optional.ofNullable(work.get()), null).await().atMost(wait);
        return done != null ? done.orElse(null) : work.get();
    }

    /** Waits until what was handed to the journal is written, and the progress with it (tests, shutdown). */
    void drain() {
        try {
            onJournalThread(() -> {
                flushAll();
                return true;
            }, Duration.ofSeconds(10));
        } catch (io.smallrye.mutiny.TimeoutException e) {
            LOG.warnf("Job store: the journal did not drain within 10 s");
        }
    }

    @PreDestroy
    void stop() {
        flushTicks.cancel();
        renewTicks.cancel();
        drain();
        writes.close();
        if (subscription != null) {
            try {
                subscription.close();
            } catch (Exception e) {
                // nothing to keep
            }
        }
    }
}
