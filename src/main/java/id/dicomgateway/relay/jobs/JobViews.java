package id.dicomgateway.relay.jobs;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.CheckRecord;
import id.dicomgateway.store.InstanceRecord;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.Progress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A stored job as the API shows it: the same {@link JobView} whichever replica ran it. */
public final class JobViews {
    private JobViews() {
    }

    static JobView of(JobRecord r, Clock clock) {
        JobState state = switch (r.state()) {
            case QUEUED -> JobState.QUEUED;
            case RUNNING -> JobState.RUNNING;
            case WAITING_FOR_ORDER -> JobState.WAITING_FOR_ORDER;
            case SUCCEEDED -> JobState.SUCCEEDED;
            case PARTLY_FAILED -> JobState.PARTLY_FAILED;
            case FAILED -> JobState.FAILED;
            case CANCELLED -> JobState.CANCELLED;
        };
        Progress p = r.progress();
        JobPhase phase = state.isFinal() ? JobPhase.DONE : p.phase() == null ? JobPhase.QUEUED : JobPhase.valueOf(p.phase());
        int done = p.storedInstances() + p.failedInstances();
        int percent = p.totalInstances() > 0 ? (int) Math.min(100, (long) done * 100 / p.totalInstances())
                : state == JobState.SUCCEEDED ? 100 : 0;
        List<InstanceResult> failures = r.results().stream().map(JobViews::result).toList();
        List<Check> checks = r.checks().stream().map(JobViews::check).toList();
        Instant end = r.finishedAt() != null ? r.finishedAt() : clock.instant();
        return new JobView(r.id(), JobKind.valueOf(r.kind()), state, phase, r.studyUid(), r.accessionNumber(), r.patientId(),
                p.totalInstances(), done, p.storedInstances(), p.warningInstances(), p.failedInstances(), p.totalBytes(),
                p.sentBytes(), percent, failures, checks, code(r.outcomeCode()), r.message(), r.createdAt(), r.startedAt(),
                r.finishedAt(), Duration.between(r.createdAt(), end).toMillis(), attempts(r));
    }

    static List<JobAttempt> attempts(JobRecord r) {
        return r.attempts().stream().map(a -> new JobAttempt(a.number(), a.startedAt(), a.endedAt(), a.outcomeCode(), a.message(),
                a.holder())).toList();
    }

    /**
     * The store's own codes (a lost lease, a hand-back, a cancellation) are no failure of the
     * relay's: a job that lost its replica too often failed sending, one cancelled has no error.
     */
    public static FailureCode code(String stored) {
        if (stored == null || stored.equals("CANCELLED") || stored.equals("HANDED_BACK")) {
            return null;
        }
        if (stored.equals("LEASE_EXPIRED")) {
            return FailureCode.ROUTER_FAILED;
        }
        try {
            return FailureCode.valueOf(stored);
        } catch (IllegalArgumentException e) {
            return FailureCode.INTERNAL_ERROR;
        }
    }

    static InstanceRecord record(InstanceResult r) {
        return new InstanceRecord(r.sopInstanceUid(), r.outcome().name(), r.status(), r.cause(), r.message(), r.bytes());
    }

    private static InstanceResult result(InstanceRecord r) {
        return new InstanceResult(r.sopInstanceUid(), InstanceOutcome.valueOf(r.outcome()), r.status(), r.cause(), r.message(),
                r.bytes());
    }

    private static Check check(CheckRecord c) {
        return new Check(c.name(), CheckStatus.valueOf(c.status()), c.detail(), c.at());
    }
}
