package id.dicomgateway.relay.jobs;

import id.dicomgateway.store.JobChange;
import id.dicomgateway.store.JobRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The change feed of the jobs (issue 22 step 1): what {@link JobRegistry} keeps in memory, and nothing
 * else. The live {@link Job} of each job this replica runs, until the store has its end; a copy of
 * another replica's running job while an SSE stream follows it, kept up to date from the store's
 * notifications; and the dashboards' stream of every change. Never a second copy of a finished job:
 * the store answers for those.
 */
final class JobFeed {
    private final Clock clock;
    private final JobJournal journal;
    /** The jobs this replica runs (until the store has their end) and the copies streams follow. */
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final List<MultiEmitter<? super JobEvent>> watchers = new CopyOnWriteArrayList<>();
    private final Object watchersLock = new Object();
    /** Checks of jobs not held here, handed to the journal and not written yet. */
    private final Map<String, List<Check>> unwritten = new ConcurrentHashMap<>();
    /** The later checks of ended jobs this replica told the dashboards itself (their store echo is not told again); bounded. */
    private final java.util.Set<String> toldHere = lastThousand();

    /** The ends of jobs told to the dashboards (under {@link #watchersLock}): each is told once; bounded. */
    private final java.util.Set<String> endsTold = lastThousand();

    JobFeed(Clock clock, JobJournal journal) {
        this.clock = clock;
        this.journal = journal;
        journal.onStoreChange(this::changedInStore);
    }

    /** The live job of {@code id} here; null when this replica neither runs it nor follows it. */
    Job get(String id) {
        return id == null ? null : jobs.get(id);
    }

    /** The jobs held here now. */
    Collection<Job> all() {
        return jobs.values();
    }

    /** A new live job for {@code id}, as {@code v} shows it when it was made; told through this feed. */
    Job job(String id, JobView v) {
        return new Job(new Job.Identity(id, v.kind(), v.studyUid(), v.accessionNumber(), v.patientId(), v.createdAt()), clock,
                this::broadcast);
    }

    /** A new live job made here. */
    Job job(String id, JobKind kind, String studyUid, String accessionNumber, String patientId, java.time.Instant createdAt) {
        return new Job(new Job.Identity(id, kind, studyUid, accessionNumber, patientId, createdAt), clock, this::broadcast);
    }

    /**
     * A worker of this replica took up the stored job {@code record} ({@code v}): its live job here (a copy a
     * stream followed, or a new one) takes the record and is this replica's to report from now on.
     */
    void resumed(JobRecord record, JobView v) {
        while (true) {
            Job job = jobs.get(record.id());
            if (job == null) {
                job = keep(job(record.id(), v));
            }
            synchronized (job) {
                if (jobs.get(record.id()) == job) { // a copy a stream followed may have been dropped meanwhile (release)
                    job.adoptStored(v, record.version(), JobEventType.PHASE);
                    journal.resumed(record, job::view);
                    return;
                }
            }
        }
    }

    /** Adds a job just made here and tells its watchers. */
    JobView registered(Job job) {
        jobs.put(job.id(), job);
        job.created();
        return job.view();
    }

    /** The store's word on job {@code id} after a person's change: the copy here takes it, and goes unless still needed. */
    void adopted(String id, JobView v) {
        Job job = jobs.get(id);
        if (job != null) {
            job.adopt(v, JobEventType.PHASE);
            release(job);
        }
    }

    /**
     * Drops the copy of a job this replica no longer runs once it is final, or when no stream follows it:
     * the store answers for it from now on. Atomic with {@link #follow}: a stream never attaches to a dropped copy.
     */
    void release(Job job) {
        synchronized (job) {
            // Not while its end is on its way to the store: a stream ending with the job must not drop it before.
            if (!journal.holds(job.id()) && (job.isFinal() || !job.followed())) {
                jobs.remove(job.id(), job);
            }
        }
    }

    /**
     * The events of one job: first its current state, then every change, ending after FINISHED.
     * Empty when the id is unknown.
     */
    Optional<Multi<JobEvent>> events(String id) {
        if (id == null) {
            return Optional.empty();
        }
        if (jobs.get(id) != null) {
            return Optional.of(Multi.createFrom().<JobEvent>emitter(e -> follow(id, null, e)));
        }
        // Another replica's, or finished: followed through the store's notifications until it ends.
        return journal.find(id).map(v -> Multi.createFrom().<JobEvent>emitter(e -> follow(id, v, e)));
    }

    /**
     * Attaches {@code emitter} to the copy of job {@code id} here, made from {@code stored} when there is none
     * (a finished job's stream gets its end and closes; the copy is not kept).
     */
    private void follow(String id, JobView stored, MultiEmitter<? super JobEvent> emitter) {
        while (true) {
            Job job = jobs.get(id);
            Job made = null;
            if (job == null) {
                JobView v = stored != null ? stored : journal.find(id).orElse(null);
                if (v == null) {
                    emitter.complete();
                    return;
                }
                Job copy = job(id, v);
                copy.adopt(v, null);
                if (copy.isFinal()) {
                    copy.subscribe(emitter, () -> {
                    });
                    return;
                }
                job = keep(copy);
                made = job == copy ? copy : null;
            }
            synchronized (job) {
                if (jobs.get(id) != job) {
                    continue; // dropped meanwhile (see release)
                }
                Job followed = job;
                job.subscribe(emitter, () -> release(followed));
            }
            if (made != null) {
                catchUp(made);
            }
            return;
        }
    }

    /**
     * A copy just kept here hears the store's changes from now on; one told between the read it was made from and now
     * went unheard (no copy, nobody watching: {@link #changedInStore} let it go). One more read closes that gap, or the
     * copy of a job that ended meanwhile would show it running for good.
     */
    private void catchUp(Job copy) {
        Optional<JobRecord> stored = journal.findChangedElsewhere(copy.id());
        if (stored.isEmpty()) {
            return;
        }
        JobView now = journal.view(stored.get());
        JobView shown = copy.view();
        if (now.state() != shown.state() || now.phase() != shown.phase() || now.storedInstances() != shown.storedInstances()
                || now.failedInstances() != shown.failedInstances()) {
            copy.adoptStored(now, stored.get().version(), JobEventType.PHASE);
        }
        if (copy.isFinal()) {
            release(copy);
        }
    }

    /**
     * Adds {@code job} unless a job of its id is there already (then that one is answered). Not inside
     * {@code jobs.computeIfAbsent}: bench/queue-drain once lost a mapping made there, and the job's end was
     * never written.
     */
    Job keep(Job job) {
        Job before = jobs.putIfAbsent(job.id(), job);
        return before != null ? before : job;
    }

    /**
     * A job changed in the store. The jobs this replica runs have told their own events already;
     * another replica's reach this replica's subscribers here, within the store's notification
     * delay: the copy of a followed job takes the change, the dashboards' stream gets it in any case.
     * A job this replica holds no copy of is read only while a dashboard's stream is open: nobody
     * else here would see the change (GET and the lists read the store), and reading every other
     * replica's every change cost each replica about 35 round trips per job (bench/queue-drain).
     */
    private void changedInStore(JobChange change) {
        if (change.resync()) {
            for (Job job : jobs.values()) {
                if (!journal.runsHere(job.id()) && !job.isFinal()) {
                    changedInStore(new JobChange(job.id()));
                }
            }
            return;
        }
        String id = change.jobId();
        if (journal.runsHere(id) || (watchers.isEmpty() && !jobs.containsKey(id))) {
            return;
        }
        Optional<JobRecord> stored = journal.findChangedElsewhere(id);
        if (stored.isEmpty()) {
            return;
        }
        JobView v = journal.view(stored.get());
        Job job = jobs.get(id);
        if (job != null) {
            job.adoptStored(v, stored.get().version(), JobEventType.PHASE);
            if (job.isFinal()) {
                release(job);
            }
        } else if (endedBefore(stored.get())) {
            // A change after the end is a later check: told as one, unless this replica told it already (checked).
            v.checks().stream().max(java.util.Comparator.comparing(Check::at))
                    .filter(c -> !toldHere(key(id, c)))
                    .ifPresent(c -> broadcast(new JobEvent(JobEventType.CHECK, clock.instant(), v, null, c)));
        } else if (v.state().isFinal() && journal.endedHere(stored.get())) {
            return; // the echo of an end this replica's live copy told already (the copy went once the end was written)
        } else {
            JobEventType type = v.state().isFinal() ? JobEventType.FINISHED : JobEventType.PHASE;
            broadcast(new JobEvent(type, clock.instant(), v.state().isFinal() ? v : v.withoutFailures(), null, null));
        }
    }

    /**
     * A check of a job not held here (it ended) is in the store now: the dashboards' stream hears of it as a CHECK with the
     * job as stored, as it does of a check of a job held here.
     */
    void checked(String id, Check check) {
        written(id, check);
        if (watchers.isEmpty()) {
            return;
        }
        Optional<JobView> stored = journal.find(id);
        if (stored.isEmpty()) {
            return;
        }
        synchronized (toldHere) {
            toldHere.add(key(id, check));
        }
        broadcast(new JobEvent(JobEventType.CHECK, clock.instant(), stored.get(), null, check));
    }

    /** {@code check} of job {@code id} is in the store now: the stored job shows it without help. */
    void written(String id, Check check) {
        unwritten.computeIfPresent(id, (k, checks) -> {
            List<Check> left = new java.util.ArrayList<>(checks);
            left.remove(check);
            return left.isEmpty() ? null : List.copyOf(left);
        });
    }

    /** A check handed to the journal: until written, {@link #withUnwritten} shows it on the stored job. */
    void checking(String id, Check check) {
        unwritten.merge(id, List.of(check), (before, added) -> {
            List<Check> all = new java.util.ArrayList<>(before);
            all.addAll(added);
            return List.copyOf(all);
        });
    }

    /**
     * Job {@code id} as {@code read} gets it from the store, with the checks this replica handed to the journal and the
     * store may not have yet (latest per name). Those are taken before the read: a check whose write lands while the
     * store is read is then in the one or the other, never in neither (a read that began before the write and was
     * joined after it showed no check: JobCheckWrittenTest, and a CI rehearsal).
     */
    Optional<JobView> withUnwritten(String id, java.util.function.Supplier<Optional<JobView>> read) {
        List<Check> pending = unwritten.get(id);
        Optional<JobView> stored = read.get();
        if (pending == null) {
            return stored;
        }
        return stored.map(v -> {
            Map<String, Check> byName = new java.util.LinkedHashMap<>();
            v.checks().forEach(c -> byName.put(c.name(), c));
            pending.forEach(c -> byName.put(c.name(), c));
            return v.withChecks(List.copyOf(byName.values()));
        });
    }

    /** A set that keeps the 1000 keys added last (not thread-safe: its users lock). */
    private static java.util.Set<String> lastThousand() {
        return java.util.Collections.newSetFromMap(new java.util.LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > 1000;
            }
        });
    }

    /** A job's end, as the dashboards were told it: a retried job's next end is another. */
    private static String endKey(JobView v) {
        return v.id() + '|' + (v.finishedAt() == null ? "" : v.finishedAt().toEpochMilli());
    }

    /** Whether {@code r}'s last change came after its end (a final job's end sets both times alike). */
    private static boolean endedBefore(JobRecord r) {
        return r.state().isFinal() && r.finishedAt() != null && r.updatedAt() != null && r.updatedAt().isAfter(r.finishedAt());
    }

    private boolean toldHere(String key) {
        synchronized (toldHere) {
            return toldHere.contains(key);
        }
    }

    private static String key(String id, Check c) {
        return id + '|' + c.name() + '|' + c.status() + '|' + (c.at() == null ? "" : c.at().toEpochMilli());
    }

    /** Every change of every job from now on, for the dashboard's history and log. Never ends. */
    Multi<JobEvent> allEvents() {
        return Multi.createFrom().<JobEvent>emitter(emitter -> {
            watchers.add(emitter);
            emitter.onTermination(() -> watchers.remove(emitter));
        });
    }

    private void broadcast(JobEvent event) {
        // Events of different jobs arrive from different threads; one at a time keeps each
        // subscriber's onNext calls serial, as Reactive Streams requires.
        synchronized (watchersLock) {
            if (event.type() == JobEventType.FINISHED && !endsTold.add(endKey(event.job()))) {
                return; // this end was told: by the store listener, and now by a stream's copy catching up to it
            }
            for (MultiEmitter<? super JobEvent> watcher : watchers) {
                watcher.emit(event);
            }
        }
    }
}
