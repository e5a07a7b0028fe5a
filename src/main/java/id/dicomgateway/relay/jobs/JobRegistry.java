package id.dicomgateway.relay.jobs;

import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.store.AttemptEnd;
import id.dicomgateway.store.JobRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * The one job model (docs/architecture.md §8, after Orthanc): the relay reports into it, the REST API, the
 * SSE streams and the dashboard read from it. The durable store is the truth: through the
 * {@link JobJournal} every job is recorded there before it is answered, its progress and end written
 * there, and lists, counts and any job this replica does not run are read from there. What is kept
 * in memory is the change feed: the live state of the jobs this replica runs (progress changes per
 * instance, written every half second), each until the store has its end, and a copy of another
 * replica's job while a stream follows it. A finished job is read from the store; there is no
 * memory-only mode.
 *
 * <p>Calls for an unknown or finished job are ignored (and logged): bookkeeping must never
 * break a transfer that is already on its way to the router. A null id means "not tracked"
 * and is ignored silently, so pipelines can report unconditionally.
 */
@Singleton
public final class JobRegistry {
    private static final Logger LOG = Logger.getLogger(JobRegistry.class);

    private final Clock clock;
    /** What is kept in memory: the jobs this replica runs and the copies streams follow. */
    private final JobFeed feed;
    /** Where every job's life is written, and read back by every replica: the truth about a job. */
    private final JobJournal journal;
    /** How to stop each job running here in the background. */
    private final Map<String, Runnable> stoppers = new ConcurrentHashMap<>();
    /** Where each job running here in the background is between its last instance and its release. */
    private final Map<String, SendGate> gates = new ConcurrentHashMap<>();

    @Inject
    JobRegistry(JobJournal journal) {
        this(journal.clock(), journal);
    }

    JobRegistry(Clock clock, JobJournal journal) {
        this.clock = clock;
        this.journal = java.util.Objects.requireNonNull(journal, "journal");
        this.feed = new JobFeed(clock, journal);
        journal.onLost(this::lost);
    }

    /** Registers a queued job. Study UID may be null when not known yet (uploads). */
    public JobView create(JobKind kind, String studyUid, String accessionNumber, String patientId) {
        return create(kind, studyUid, accessionNumber, patientId, false, false, false);
    }

    /**
     * Registers a job this replica runs now, recorded in the store first (blocking: call it off the
     * event loop). Study UID may be null when not known yet (uploads).
     */
    public JobView create(JobKind kind, String studyUid, String accessionNumber, String patientId, boolean force, boolean verify,
            boolean async) {
        var record = journal.open(kind, studyUid, accessionNumber, patientId, force, verify);
        Job job = feed.job(record.id(), kind, studyUid, accessionNumber, patientId, record.createdAt());
        job.attempts(JobViews.attempts(record));
        journal.follow(job.id(), job::view, async);
        return feed.registered(job);
    }

    /**
     * As {@link #create(JobKind, String, String, String, boolean, boolean, boolean)}, async, for a job
     * whose input files wait at {@code location} in the spool of {@code node}: only that node's
     * workers take it up again (requires the store).
     */
    public JobView createHeld(JobKind kind, String accessionNumber, String patientId, boolean force, boolean verify, String node,
            String location) {
        var record = journal.open(kind, null, accessionNumber, patientId, force, verify, node, location);
        Job job = feed.job(record.id(), kind, null, accessionNumber, patientId, record.createdAt());
        journal.follow(job.id(), job::view, true);
        return feed.registered(job);
    }

    /**
     * As {@link #createHeld}, for a job that waits (WAITING_FOR_ORDER) until a person {@linkplain #assign assigns} it
     * an order or cancels it: no worker takes it up before. {@code reason} is the job's message.
     */
    public JobView createWaiting(JobKind kind, String patientId, boolean force, boolean verify, String node, String location,
            String reason) {
        return journal.view(journal.openWaiting(kind, null, null, patientId, force, verify, node, location, reason));
    }

    /**
     * As {@link #createWaiting(JobKind, String, boolean, boolean, String, String, String)}, for study {@code studyUid} of the
     * PACS: no files are held, so once assigned any replica's worker fetches and sends it.
     */
    public JobView createWaiting(JobKind kind, String studyUid, String patientId, boolean force, boolean verify, String reason) {
        return journal.view(journal.openWaiting(kind, studyUid, null, patientId, force, verify, null, null, reason));
    }

    /**
     * A person chose the order of a job WAITING_FOR_ORDER: it takes {@code patientId} and {@code accessionNumber}
     * and is queued for this replica's workers, or the worker of the node holding its files. The job as it is
     * afterwards (in its old state when it was not waiting); empty when unknown.
     */
    public Optional<JobView> assign(String id, String patientId, String accessionNumber, String message) {
        Optional<JobView> after = journal.assign(id, patientId, accessionNumber, message);
        after.ifPresent(v -> feed.adopted(id, v));
        return after;
    }

    /**
     * Calls {@code handler} (one of several) with the stored record of every job this replica saw end for good: the
     * replica that ended it, or cancelled it (its files may go, someone may be told).
     */
    public void onFinal(Consumer<JobRecord> handler) {
        journal.onFinal(handler);
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
        if (id == null) {
            return;
        }
        Check check = new Check(name, status, detail, clock.instant());
        // Until written, the stored job shows it too: a job held here may go (its end written) before its check is.
        feed.checking(id, check);
        Job job = feed.get(id);
        if (job != null) {
            job.check(check); // its watchers hear of it now
            journal.check(id, check, () -> feed.written(id, check));
        } else {
            // Ended (the store answers for it): once written, told to the dashboards' stream.
            journal.check(id, check, () -> feed.checked(id, check));
        }
    }

    /**
     * Ends a job that ran to its end: SUCCEEDED when every instance was stored, PARTLY_FAILED or
     * FAILED (code ROUTER_FAILED) when the router refused some or all.
     */
    public void succeeded(String id, String message) {
        with(id, "succeeded", job -> ended(job, job.finish(null, message)));
    }

    /** Ends a job stopped by an error: FAILED, or PARTLY_FAILED when some instances were already stored. */
    public void failed(String id, FailureCode code, String message) {
        FailureCode c = code == null ? FailureCode.INTERNAL_ERROR : code;
        with(id, "failed", job -> {
            AttemptEnd goesOn = journal.goesOn(id, c, message, job.view().storedInstances());
            if (goesOn != null) {
                // Not the end: queued again (or waiting for the order); the job shows what the store made of it.
                journal.goOn(id, goesOn, record -> job.adoptStored(journal.view(record), record.version(), JobEventType.PHASE),
                        () -> feed.release(job));
                return;
            }
            ended(job, job.finish(c, message));
        });
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

    /**
     * A worker of this replica took up a stored job (a retry, or a job whose replica died): it is
     * this replica's to run and report from now on. Returns its id.
     */
    public String resume(JobRecord record) {
        feed.resumed(record, journal.view(record));
        return record.id();
    }

    /** Lets {@link #cancel} stop job {@code id}'s work while it runs here in the background. */
    public void onStop(String id, Runnable stop) {
        stoppers.put(id, stop);
    }

    public void stopped(String id) {
        stoppers.remove(id);
        gates.remove(id);
    }

    /**
     * The gate job {@code id}'s association passes before its release: a cancel and the release
     * cannot both happen. Once the job's study is being released at the router it can no longer be
     * cancelled (the router files it), and a job cancelled first is aborted instead of released;
     * with a store, the job's record says it is releasing, so a cancel from another replica finds
     * that too. A job a synchronous request waits for cannot be cancelled, so its gate is always open.
     */
    public ReleaseGate releaseGate(String id) {
        if (id == null || !journal.background(id)) {
            return ReleaseGate.ALWAYS;
        }
        return gates.computeIfAbsent(id, SendGate::new);
    }

    /**
     * Cancels a job that has not ended, wherever it runs: here its work stops at once (its
     * association is aborted, so the router files nothing of it); on another replica when that
     * replica next renews its lease. Empty when unknown; the job as it is otherwise.
     */
    public Optional<JobView> cancel(String id) {
        return cancel(id, "Cancelled by a person");
    }

    /** As {@link #cancel(String)}, with {@code message} saying why (e.g. a newer job sends the same study whole). */
    public Optional<JobView> cancel(String id, String message) {
        if (feed.get(id) != null && !journal.cancellable(id)) {
            throw new JobConflict("Job " + id + " runs for a request that is waiting for it; it ends with that request");
        }
        // Running here: its gate decides between this cancel and its release. (Not started here yet:
        // no gate; should it start anyway, its record, cancelled, closes the gate when asked.)
        SendGate gate = stoppers.containsKey(id) ? gates.computeIfAbsent(id, SendGate::new) : gates.get(id);
        if (gate != null && !gate.stop()) {
            throw releasing(id);
        }
        Optional<JobView> after = journal.cancel(id, message);
        if (after.isPresent() && after.get().state() == JobState.RUNNING) {
            throw releasing(id); // its record says so: it is being released on another replica
        }
        after.ifPresent(v -> {
            feed.adopted(id, v);
            Runnable stop = stoppers.remove(id);
            if (stop != null && v.state() == JobState.CANCELLED) {
                stop.run();
            }
        });
        return after;
    }

    /**
     * The replica is stopping: job {@code id}, running here, goes back to the store's queue, due at
     * once, its attempt not charged; {@code message} (for users) says why. False without a store, or when the
     * job is no longer ours. What its stopped work reports afterwards is ignored here.
     */
    public boolean handBack(String id, String message) {
        stoppers.remove(id);
        Optional<JobView> after = journal.handBack(id, message);
        after.ifPresent(v -> feed.adopted(id, v));
        return after.isPresent();
    }

    /** Queues a FAILED, PARTLY_FAILED or CANCELLED job again; its history stays. */
    public Optional<JobView> retry(String id) {
        Optional<JobView> after = journal.retry(id);
        after.ifPresent(v -> feed.adopted(id, v));
        return after;
    }

    /** Queues again every retryable job the filter selects; how many. */
    public int retryAll(JobFilter filter) {
        return journal.retryAll(filter);
    }

    private static JobConflict releasing(String id) {
        return new JobConflict("Job " + id + " has sent every instance and is being released at the router, which files "
                + "the study from that release; it can no longer be cancelled and ends as the router takes it");
    }

    /**
     * One background run's gate: OPEN until either its release is let through (RELEASING, for good:
     * a job that has put a study on the router cannot be called cancelled) or a cancel stops it.
     */
    private final class SendGate implements ReleaseGate {
        private static final int OPEN = 0;
        private static final int RELEASING = 1;
        private static final int STOPPED = 2;
        private final String id;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(OPEN);

        SendGate(String id) {
            this.id = id;
        }

        @Override
        public Uni<Boolean> mayRelease() {
            if (state.get() == RELEASING) {
                return Uni.createFrom().item(true); // an upload's next study
            }
            if (!state.compareAndSet(OPEN, RELEASING)) {
                return Uni.createFrom().item(false);
            }
            // Cancelled on another replica, or taken over there after a pause here: its record says so.
            return journal.releasing(id);
        }

        /** False when the release was let through already. */
        boolean stop() {
            return state.compareAndSet(OPEN, STOPPED) || state.get() == STOPPED;
        }
    }

    /** A person asked for something the job's state does not allow (cancel a synchronous run, retry a success). */
    public static final class JobConflict extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public JobConflict(String message) {
            super(message, null, false, false);
        }
    }

    private void lost(String id) {
        Runnable stop = stoppers.remove(id);
        journal.find(id).ifPresent(v -> feed.adopted(id, v));
        if (stop != null) {
            stop.run();
        }
    }

    private void ended(Job job, boolean finished) {
        gates.remove(job.id());
        if (finished) {
            journal.ended(job.id(), () -> feed.release(job));
        }
    }

    /** The job as this replica knows it, or as the store has it (another replica's, or older). */
    public Optional<JobView> find(String id) {
        Job job = id == null ? null : feed.get(id);
        if (job != null) {
            return Optional.of(job.view());
        }
        return id == null ? Optional.empty() : feed.withUnwritten(id, () -> journal.find(id));
    }

    /**
     * One job with every try the store recorded (GET /api/jobs/{id}): a job running here is shown as
     * this replica knows it, with the tries as the store has them (the end of the last one may still be
     * on its way there).
     */
    public Optional<JobView> detail(String id) {
        Optional<JobView> found = find(id);
        if (found.isEmpty() || feed.get(id) == null) {
            return found; // from the store: its tries are there already
        }
        return found.map(v -> journal.find(id).map(stored -> v.withAttempts(stored.attempts())).orElse(v));
    }

    /**
     * Newest first, at most {@code limit}, of the jobs {@code filter} selects: the store picks them, each
     * shown as this replica knows it when it runs here (and dropped when that no longer matches).
     */
    public List<JobView> list(JobFilter filter, int limit) {
        List<JobView> stored = journal.list(filter, limit); // null when the store does not answer
        List<JobView> candidates = stored != null ? stored : recent(Integer.MAX_VALUE);
        List<JobView> out = new ArrayList<>();
        for (JobView v : candidates) {
            Job local = feed.get(v.id());
            JobView shown = local != null ? local.view() : v;
            if (matches(filter, shown) && out.size() < limit) {
                out.add(shown);
            }
        }
        return out;
    }

    private static boolean matches(JobFilter f, JobView v) {
        return (f.states().isEmpty() || f.states().contains(v.state()))
                && (f.outcomeCode() == null || (v.errorCode() != null && v.errorCode().name().equals(f.outcomeCode())))
                && (f.since() == null || !v.createdAt().isBefore(f.since()))
                && (f.until() == null || v.createdAt().isBefore(f.until()));
    }

    /** Jobs per state over every replica's kept history (the store's counts). */
    public Map<JobState, Long> counts() {
        return journal.counts();
    }

    /**
     * Newest first, at most {@code limit}: every replica's from the store, this replica's own as they are now.
     * When the store does not answer, the jobs this replica holds (those it runs), so a page still shows what runs here.
     */
    public List<JobView> recent(int limit) {
        List<JobView> stored = journal.recent(limit);
        if (stored != null) {
            List<JobView> out = new ArrayList<>(stored.size());
            for (JobView v : stored) {
                Job local = feed.get(v.id());
                out.add(local != null ? local.view() : v);
            }
            return out;
        }
        return feed.all().stream().map(Job::view)
                .sorted(java.util.Comparator.comparing(JobView::createdAt).reversed())
                .limit(limit).toList();
    }

    /**
     * The events of one job: first its current state, then every change, ending after FINISHED.
     * Empty when the id is unknown.
     */
    public Optional<Multi<JobEvent>> events(String id) {
        return feed.events(id);
    }

    /** Every change of every job from now on, for the dashboard's history and log. Never ends. */
    public Multi<JobEvent> allEvents() {
        return feed.allEvents();
    }

    private void with(String id, String what, Consumer<Job> change) {
        if (id == null) {
            return; // a run nobody tracks as a job
        }
        Job job = feed.get(id);
        if (job == null) {
            // Ended (the store has it), cancelled, or never known here.
            LOG.debugf("Job %s is not one this replica runs; %s ignored", id, what);
            return;
        }
        if (!journal.runsHere(id)) {
            // Handed back, cancelled or taken over: the store has the job now, and what its stopped work
            // still reports here (the cancellation of a handed-back job, its aborted instances) is not its state.
            LOG.debugf("Job %s is no longer run by this replica; %s ignored", id, what);
            return;
        }
        change.accept(job);
        journal.changed(id);
    }
}
