package id.dicomgateway.relay.jobs;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one job model (docs/architecture.md §8, after Orthanc): the relay reports into it, the REST API, the
 * SSE streams and the dashboard read from it. Jobs live in memory; a bounded history of
 * finished jobs is kept, running jobs are never dropped.
 *
 * <p>Calls for an unknown or finished job are ignored (and logged): bookkeeping must never
 * break a transfer that is already on its way to the router. A null id means "not tracked"
 * and is ignored silently, so pipelines can report unconditionally.
 */
@Singleton
public final class JobRegistry {
    private static final Logger LOG = Logger.getLogger(JobRegistry.class);

    private final int capacity;
    private final Clock clock;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    /** Creation order, oldest first; guarded by itself. */
    private final Deque<Job> order = new ArrayDeque<>();
    private final List<MultiEmitter<? super JobEvent>> watchers = new CopyOnWriteArrayList<>();
    private final Object watchersLock = new Object();

    @Inject
    JobRegistry(JobsConfig config) {
        this(config.history(), Clock.systemUTC());
    }

    JobRegistry(int capacity, Clock clock) {
        if (capacity < 1) {
            throw new IllegalArgumentException("gateway.jobs.history must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.clock = clock;
    }

    /** Registers a queued job. Study UID may be null when not known yet (uploads). */
    public JobView create(JobKind kind, String studyUid, String accessionNumber, String patientId) {
        Job job = new Job(UUID.randomUUID().toString(), kind, studyUid, accessionNumber, patientId, clock,
                this::broadcast);
        jobs.put(job.id(), job);
        synchronized (order) {
            order.addLast(job);
            evict();
        }
        job.created();
        return job.view();
    }

    /** The job moved to another step (fetching, validating, editing, checking). */
    public void phase(String id, JobPhase phase) {
        with(id, "phase", job -> job.phase(phase));
    }

    /** Sending begins, or begins again in a new association (progress starts over); totals are what the relay is about to send (bytes 0 if unknown). */
    public void started(String id, int totalInstances, long totalBytes) {
        with(id, "started", job -> job.started(totalInstances, totalBytes));
    }

    /** The study's size became known after sending began (e.g. the PACS's count arrived late). */
    public void expect(String id, int totalInstances) {
        with(id, "expect", job -> job.expect(totalInstances));
    }

    /** The router answered one C-STORE (or the instance failed without an answer). */
    public void instanceDone(String id, InstanceResult result) {
        with(id, "instanceDone", job -> job.instanceDone(result));
    }

    /** Records a check's result under its name; allowed after the job finished too. */
    public void check(String id, String name, CheckStatus status, String detail) {
        with(id, "check", job -> job.check(new Check(name, status, detail, clock.instant())));
    }

    /**
     * Ends a job that ran to its end: SUCCEEDED when every instance was stored, PARTLY_FAILED or
     * FAILED (code ROUTER_FAILED) when the router refused some or all.
     */
    public void succeeded(String id, String message) {
        with(id, "succeeded", job -> job.finish(null, message));
    }

    /** Ends a job stopped by an error: FAILED, or PARTLY_FAILED when some instances were already stored. */
    public void failed(String id, FailureCode code, String message) {
        with(id, "failed", job -> job.finish(code == null ? FailureCode.INTERNAL_ERROR : code, message));
    }

    /** As {@link #failed(String, FailureCode, String)}, taking code and message from a {@link CodedFailure}. */
    public void failed(String id, Throwable error) {
        if (error instanceof CodedFailure coded) {
            failed(id, coded.code(), coded.getMessage());
        } else {
            // Anything else is a bug; its message may hold internals, so users get the generic text.
            failed(id, FailureCode.INTERNAL_ERROR, "Internal error: the gateway log has the details");
        }
    }

    /**
     * Ends the job when {@code work} ends: {@link #succeeded} with {@code summary}'s text on an
     * item, {@link #failed(String, Throwable)} on a failure. Returns {@code work} itself, so a
     * synchronous endpoint answers as before and an asynchronous one just subscribes. A
     * cancellation (the synchronous caller went away, which stops the transfer) ends the job too.
     */
    public <T> Uni<T> track(String id, Uni<T> work, Function<T, String> summary) {
        return work.onItemOrFailure().invoke((item, failure) -> {
            if (failure == null) {
                succeeded(id, summary.apply(item));
            } else {
                failed(id, failure);
            }
        }).onCancellation().invoke(() -> failed(id, FailureCode.INVALID_REQUEST,
                "The caller closed the connection before the transfer ended; it was stopped"));
    }

    public Optional<JobView> find(String id) {
        Job job = id == null ? null : jobs.get(id);
        return Optional.ofNullable(job).map(Job::view);
    }

    /** Newest first, at most {@code limit}. */
    public List<JobView> recent(int limit) {
        List<Job> snapshot;
        synchronized (order) {
            snapshot = new ArrayList<>(order);
        }
        List<JobView> views = new ArrayList<>();
        for (int i = snapshot.size() - 1; i >= 0 && views.size() < limit; i--) {
            views.add(snapshot.get(i).view());
        }
        return views;
    }

    /**
     * The events of one job: first its current state, then every change, ending after FINISHED.
     * Empty when the id is unknown.
     */
    public Optional<Multi<JobEvent>> events(String id) {
        Job job = id == null ? null : jobs.get(id);
        if (job == null) {
            return Optional.empty();
        }
        return Optional.of(Multi.createFrom().<JobEvent>emitter(job::subscribe));
    }

    /** Every change of every job from now on, for the dashboard's history and log. Never ends. */
    public Multi<JobEvent> allEvents() {
        return Multi.createFrom().<JobEvent>emitter(emitter -> {
            watchers.add(emitter);
            emitter.onTermination(() -> watchers.remove(emitter));
        });
    }

    private void broadcast(JobEvent event) {
        // Events of different jobs arrive from different threads; one at a time keeps each
        // subscriber's onNext calls serial, as Reactive Streams requires.
        synchronized (watchersLock) {
            for (MultiEmitter<? super JobEvent> watcher : watchers) {
                watcher.emit(event);
            }
        }
    }

    /** Drops the oldest finished jobs beyond the capacity. Caller holds {@code order}. */
    private void evict() {
        int excess = order.size() - capacity;
        for (Iterator<Job> it = order.iterator(); excess > 0 && it.hasNext();) {
            Job job = it.next();
            if (job.isFinal()) {
                it.remove();
                jobs.remove(job.id());
                excess--;
            }
        }
    }

    private void with(String id, String what, Consumer<Job> change) {
        if (id == null) {
            return; // a run nobody tracks as a job
        }
        Job job = jobs.get(id);
        if (job == null) {
            LOG.warnf("Job %s is unknown or expired; %s ignored", id, what);
            return;
        }
        change.accept(job);
    }
}
