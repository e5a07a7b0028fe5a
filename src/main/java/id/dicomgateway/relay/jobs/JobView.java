package id.dicomgateway.relay.jobs;

import id.dicomgateway.job.JobState;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * An immutable snapshot of a job: what the REST API answers, what the events carry and what
 * the dashboard draws. Patient names are never kept; Patient ID and Accession Number are, so
 * that staff can tell jobs apart.
 */
@RegisterForReflection
@Schema(name = "Job", description = "A process, direct or upload run and its progress")
public record JobView(
        @Schema(description = "Random id, never derived from input") String id,
        JobKind kind,
        JobState state,
        JobPhase phase,
        @Schema(description = "Study Instance UID (0020,000D)", nullable = true) String studyUid,
        @Schema(description = "Accession Number stamped or sent", nullable = true) String accessionNumber,
        @Schema(description = "Patient ID stamped or sent", nullable = true) String patientId,
        @Schema(description = "Instances to send; 0 until known") int totalInstances,
        @Schema(description = "Instances answered by the router so far, stored or not") int doneInstances,
        @Schema(description = "Instances stored, warnings included") int storedInstances,
        @Schema(description = "Instances stored with a warning status") int warningInstances,
        @Schema(description = "Instances the router did not store") int failedInstances,
        @Schema(description = "Bytes to send; 0 until known") long totalBytes,
        @Schema(description = "Bytes sent so far") long sentBytes,
        @Schema(description = "0-100, from instances answered") int percent,
        @Schema(description = "Failed instances (at most the first 50; the rest are only counted). Empty in progress events.")
        List<InstanceResult> failures,
        @Schema(description = "Later checks, e.g. SATUSEHAT confirmation, latest result per name") List<Check> checks,
        @Schema(description = "Why the job failed, when it did", nullable = true) FailureCode errorCode,
        @Schema(description = "Last message of the job, shown to users", nullable = true) String message,
        Instant createdAt,
        @Schema(description = "When sending began", nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt,
        @Schema(description = "From creation to the end, or to now while running") long durationMillis,
        @Schema(description = "Every try at the job, oldest first, as the store recorded them: a retried job keeps its "
                + "earlier tries. Empty in progress events and until the job is recorded.") List<JobAttempt> attempts) {

    public JobView {
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /** The same snapshot without the failure list, for progress events that fire per instance. */
    JobView withoutFailures() {
        return with(List.of(), checks, List.of());
    }

    /** The same snapshot with the tries the store has recorded. */
    JobView withAttempts(List<JobAttempt> tries) {
        return with(failures, checks, tries);
    }

    /** The same snapshot with {@code latest} as its checks. */
    JobView withChecks(List<Check> latest) {
        return with(failures, latest, attempts);
    }

    private JobView with(List<InstanceResult> failed, List<Check> checked, List<JobAttempt> tries) {
        return new JobView(id, kind, state, phase, studyUid, accessionNumber, patientId, totalInstances,
                doneInstances, storedInstances, warningInstances, failedInstances, totalBytes, sentBytes, percent,
                failed, checked, errorCode, message, createdAt, startedAt, finishedAt, durationMillis, tries);
    }
}
