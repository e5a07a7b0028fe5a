package id.dicomgateway.relay.jobs;

import id.dicomgateway.job.JobState;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The mutable state of one job. Every method is synchronized: the relay updates a job from
 * network threads while REST and SSE read it, and events must leave in the order the changes
 * happened. Only {@link JobRegistry} and its {@link JobFeed} touch this class.
 */
final class Job {
    /** A study can have thousands of instances; a list that long helps nobody and costs memory. */
    static final int MAX_FAILURES_KEPT = 50;

    /** What a job is from its creation on: it never changes. */
    record Identity(String id, JobKind kind, String studyUid, String accessionNumber, String patientId, Instant createdAt) {
    }

    private final Identity identity;
    private final Clock clock;
    private final Consumer<JobEvent> broadcast;

    private JobState state = JobState.QUEUED;
    private JobPhase phase = JobPhase.QUEUED;
    private int totalInstances;
    private int storedInstances;
    private int warningInstances;
    private int failedInstances;
    private long totalBytes;
    private long sentBytes;
    private final List<InstanceResult> failures = new ArrayList<>();
    private final Map<String, Check> checks = new LinkedHashMap<>();
    private FailureCode errorCode;
    private String message;
    private Instant startedAt;
    private Instant finishedAt;
    private final List<MultiEmitter<? super JobEvent>> listeners = new ArrayList<>();
    /** The tries as the store last told this copy (its record, a claim, a change); the store is the truth. */
    private List<JobAttempt> attempts = List.of();
    /** The latest store record version this copy took (adoptStored); -1 before any. */
    private long storeVersion = -1;

    /** A job whose record was made first: its identity (creation time included) is the record's. */
    Job(Identity identity, Clock clock, Consumer<JobEvent> broadcast) {
        this.identity = identity;
        this.clock = clock;
        this.broadcast = broadcast;
    }

    String id() {
        return identity.id();
    }

    synchronized boolean isFinal() {
        return state.isFinal();
    }

    /** The tries of the job's record, as the store made it. */
    synchronized void attempts(List<JobAttempt> tries) {
        attempts = List.copyOf(tries);
    }

    synchronized void created() {
        emit(JobEventType.CREATED, null, null);
    }

    synchronized void phase(JobPhase next) {
        if (state.isFinal()) {
            return;
        }
        state = JobState.RUNNING;
        phase = next;
        emit(JobEventType.PHASE, null, null);
    }

    /** Sending begins; called again when the send starts over in a new association, progress starts over too. */
    synchronized void started(int total, long bytes) {
        if (state.isFinal()) {
            return;
        }
        if (startedAt != null) {
            storedInstances = 0;
            warningInstances = 0;
            failedInstances = 0;
            sentBytes = 0;
            failures.clear();
        }
        state = JobState.RUNNING;
        phase = JobPhase.SENDING;
        totalInstances = Math.max(0, total);
        totalBytes = Math.max(0, bytes);
        startedAt = clock.instant();
        emit(JobEventType.STARTED, null, null);
    }

    synchronized void expect(int total) {
        if (state.isFinal()) {
            return;
        }
        totalInstances = Math.max(total, done());
        emit(JobEventType.STARTED, null, null);
    }

    synchronized void instanceDone(InstanceResult result) {
        if (state.isFinal()) {
            return;
        }
        state = JobState.RUNNING;
        switch (result.outcome()) {
            case STORED -> storedInstances++;
            case STORED_WITH_WARNING -> {
                storedInstances++;
                warningInstances++;
            }
            case FAILED -> {
                failedInstances++;
                if (failures.size() < MAX_FAILURES_KEPT) {
                    failures.add(result);
                }
            }
        }
        sentBytes += Math.max(0, result.bytes());
        // A sender that learns the count or size late (a study sent while it arrives) must not show 120%.
        totalInstances = Math.max(totalInstances, done());
        totalBytes = Math.max(totalBytes, sentBytes);
        emit(JobEventType.INSTANCE, result, null);
    }

    synchronized void check(Check check) {
        checks.put(check.name(), check);
        emit(JobEventType.CHECK, null, check);
    }

    /** Ends the job; the state follows from what was stored unless an error stopped it. */
    synchronized boolean finish(FailureCode code, String text) {
        if (state.isFinal()) {
            return false;
        }
        errorCode = code;
        message = text;
        if (storedInstances > 0 && (code != null || failedInstances > 0)) {
            state = JobState.PARTLY_FAILED;
        } else if (code != null || failedInstances > 0) {
            state = JobState.FAILED;
        } else {
            state = JobState.SUCCEEDED;
        }
        if (state != JobState.SUCCEEDED && errorCode == null) {
            // Instances failed although the association went fine: the router refused them.
            errorCode = FailureCode.ROUTER_FAILED;
            message = "The router stored " + storedInstances + " of " + totalInstances + " instances"
                    + (message == null ? "" : "; " + message);
        }
        phase = JobPhase.DONE;
        finishedAt = clock.instant();
        emit(JobEventType.FINISHED, null, null);
        // Copy first: completing runs the emitter's termination callback, which edits the list.
        List<MultiEmitter<? super JobEvent>> ending = List.copyOf(listeners);
        listeners.clear();
        ending.forEach(MultiEmitter::complete);
        return true;
    }

    /**
     * Takes the job's state from its stored record: it was queued again for a retry or for its
     * order, taken up again by a worker, or changed by another replica. Subscribers get the change;
     * a final state ends their streams.
     */
    /**
     * Adopts {@code v}, the store's record at {@code version}, unless this copy has already taken a later
     * one: a read of the change feed can be overtaken by this replica claiming the job and ending it,
     * and the older read must not put the job back to QUEUED here (seen in bench/queue-drain).
     */
    synchronized void adoptStored(JobView v, long version, JobEventType type) {
        if (version < storeVersion) {
            return;
        }
        storeVersion = version;
        adopt(v, type);
    }

    synchronized void adopt(JobView v, JobEventType type) {
        if (!v.attempts().isEmpty()) {
            attempts = v.attempts();
        }
        if (state.isFinal() && v.state() == state && checks.size() == v.checks().size()) {
            return; // what this copy shows already (e.g. its own end, told back by the store)
        }
        state = v.state();
        phase = v.phase();
        totalInstances = v.totalInstances();
        storedInstances = v.storedInstances();
        warningInstances = v.warningInstances();
        failedInstances = v.failedInstances();
        totalBytes = v.totalBytes();
        sentBytes = v.sentBytes();
        failures.clear();
        failures.addAll(v.failures());
        for (Check c : v.checks()) {
            checks.put(c.name(), c);
        }
        errorCode = v.errorCode();
        message = v.message();
        startedAt = v.startedAt();
        finishedAt = v.finishedAt();
        if (type != null) {
            emit(state.isFinal() ? JobEventType.FINISHED : type, null, null);
        }
        if (state.isFinal()) {
            List<MultiEmitter<? super JobEvent>> ending = List.copyOf(listeners);
            listeners.clear();
            ending.forEach(MultiEmitter::complete);
        }
    }

    /**
     * A new subscriber first gets the job as it is now; a finished job's stream ends there. {@code left} runs
     * when the subscriber goes before the job ends.
     */
    synchronized void subscribe(MultiEmitter<? super JobEvent> emitter, Runnable left) {
        if (state.isFinal()) {
            emitter.emit(new JobEvent(JobEventType.FINISHED, finishedAt, view(), null, null));
            emitter.complete();
            return;
        }
        emitter.emit(new JobEvent(JobEventType.SNAPSHOT, clock.instant(), view(), null, null));
        listeners.add(emitter);
        emitter.onTermination(() -> {
            unsubscribe(emitter);
            left.run();
        });
    }

    private synchronized void unsubscribe(MultiEmitter<? super JobEvent> emitter) {
        listeners.remove(emitter);
    }

    /** Whether a stream follows this job. */
    synchronized boolean followed() {
        return !listeners.isEmpty();
    }

    synchronized JobView view() {
        Instant end = finishedAt != null ? finishedAt : clock.instant();
        Identity who = identity;
        int done = done();
        int percent;
        if (totalInstances > 0) {
            percent = (int) Math.min(100, (long) done * 100 / totalInstances);
        } else {
            percent = state == JobState.SUCCEEDED ? 100 : 0;
        }
        return new JobView(who.id(), who.kind(), state, phase, who.studyUid(), who.accessionNumber(), who.patientId(), totalInstances,
                done, storedInstances, warningInstances, failedInstances, totalBytes, sentBytes, percent,
                List.copyOf(failures), List.copyOf(checks.values()), errorCode, message, who.createdAt(), startedAt,
                finishedAt, Duration.between(who.createdAt(), end).toMillis(), attempts);
    }

    private int done() {
        return storedInstances + failedInstances;
    }

    private void emit(JobEventType type, InstanceResult instance, Check check) {
        JobView view = view();
        boolean full = type == JobEventType.FINISHED || type == JobEventType.CREATED;
        JobEvent event = new JobEvent(type, clock.instant(), full ? view : view.withoutFailures(), instance, check);
        for (MultiEmitter<? super JobEvent> listener : List.copyOf(listeners)) {
            listener.emit(event);
        }
        broadcast.accept(event);
    }
}
