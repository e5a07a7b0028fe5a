package id.dicomgateway.store;

import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.StoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Durable job records that every replica shares. A worker {@linkplain #claim claims} due jobs under
 * a lease it {@linkplain #renew renews} while it works; every write by a worker names its lease
 * holder and is refused (false or empty) once the lease is no longer its own: the job was cancelled,
 * or another replica took it after the lease expired. A worker that gets such an answer stops.
 *
 * <p>Every call is one short transaction; a call whose database connection broke is tried again
 * on a new connection for a while before it fails with {@link StoreException.Reason#UNAVAILABLE}.
 */
public interface JobStore {

    /** Records a job, QUEUED and due now, or RUNNING under {@link NewJob#runner()}'s lease with attempt 1 open. */
    JobRecord create(NewJob job);

    /**
     * Records a job that waits for a person to give it its order (issue 24 item 3): WAITING_FOR_ORDER with no
     * time it is due and no order wait, so no worker claims it and no deadline fails it, until {@link #assign}
     * or {@link #cancel}. {@code message} says why it waits. Never RUNNING ({@link NewJob#runner()} is ignored).
     */
    JobRecord createWaiting(NewJob job, String message);

    /**
     * A person chose the job's order: a WAITING_FOR_ORDER job takes {@code patientId} and {@code accessionNumber}
     * and is QUEUED, due now, with {@code message}. The job as it is afterwards (unchanged when it was not
     * waiting: the caller reads its state); empty when unknown.
     */
    Optional<JobRecord> assign(String id, String patientId, String accessionNumber, String message);

    /**
     * Claims up to {@code max} due jobs for {@code holder}: QUEUED or WAITING_FOR_ORDER ones whose time
     * has come, and RUNNING ones whose lease expired (their open attempt is closed as
     * {@link Attempt#LEASE_EXPIRED} and charged). Each claimed job is RUNNING under a new lease with a
     * new attempt open. No job is given to two claimers.
     */
    List<JobRecord> claim(String holder, int max);

    /**
     * As {@link #claim(String, int)} for a worker of {@code node}: also the jobs whose files wait in
     * that node's spool, which no other node's workers are given. {@link #claim(String, int)} gives none of those.
     */
    List<JobRecord> claim(String holder, String node, int max);

    /**
     * Calls {@code listener} with the claimer and the record of each job a claim ended for good instead of claiming it
     * (its lease expired once too often): that claimer ended it, and is the one to act on its end.
     */
    default void onGivenUpInClaim(java.util.function.BiConsumer<String, JobRecord> listener) {
    }

    /**
     * A node started again: the RUNNING jobs whose files it holds, under any lease but {@code holder}'s
     * (its previous process's), are due at once instead of when their lease would run out. How many.
     */
    int expireLeasesOf(String node, String holder);

    /** Where the jobs of {@code node} that have not ended keep their files ({@link NewJob#filesLocation()}). */
    Set<String> filesInUse(String node);

    /** Extends {@code holder}'s lease; false when it is not its own any more (stop working on the job). */
    boolean renew(String id, String holder);

    /**
     * {@code holder} is releasing the job's association: the router files the study from here on, so
     * {@link #cancel} leaves the job running to its end. False when the job is not {@code holder}'s
     * running job any more (cancelled, taken over): the association is then aborted, not released.
     */
    boolean releasing(String id, String holder);

    /** A draining replica gives the job back: QUEUED, due now, the attempt closed as HANDED_BACK and not charged. */
    boolean handBack(String id, String holder, String message);

    /** Records the current attempt's counters, and per-instance results to add (or, with {@code startOver}, to replace). */
    boolean progress(String id, String holder, Progress progress, List<InstanceRecord> results, boolean startOver);

    /** Records a check's latest result under its name; allowed after the job ended too. */
    boolean check(String id, CheckRecord check);

    /**
     * Ends {@code holder}'s attempt and moves the job on: SUCCEEDED, PARTLY_FAILED or FAILED; QUEUED
     * with the next attempt time after a failure that can heal (FAILED when out of attempts);
     * WAITING_FOR_ORDER (FAILED when the order wait is over). Empty when the lease was not its own.
     */
    Optional<JobRecord> endAttempt(String id, String holder, AttemptEnd end);

    /** Cancels a job that has not ended (its worker's next renewal fails). The job as it is afterwards; empty when unknown. */
    Optional<JobRecord> cancel(String id, String message);

    /** Queues a FAILED, PARTLY_FAILED or CANCELLED job again, due now, with fresh attempts; its history stays. */
    Optional<JobRecord> retry(String id);

    /** {@link #retry} for every retryable job the filter selects; how many were queued. */
    int retryAll(JobFilter filter);

    Optional<JobRecord> get(String id);

    /**
     * Jobs WAITING_FOR_ORDER since they were created before {@code createdBefore} whose waiting notice nobody has
     * claimed yet, at most {@code max}, each claimed for the caller: another caller, on any replica, never gets it again.
     */
    List<JobRecord> claimWaitingNotices(Instant createdBefore, int max);

    /** Newest first. */
    List<JobRecord> list(JobFilter filter, int limit);

    /** The newest job for a study and Accession Number (the router's webhook names both). */
    Optional<JobRecord> latestFor(String studyUid, String accessionNumber);

    /**
     * Deletes ended jobs beyond the newest {@code keep} and those that ended more than {@code maxAge}
     * ago; jobs that have not ended are never deleted. How many were deleted.
     */
    int purge(int keep, Duration maxAge);

    StoreStats stats();

    /**
     * Calls {@code listener} after every change of a job, made here or by another replica sharing the
     * database (within about a second), from a thread of the store's own. Closing the result stops it.
     */
    AutoCloseable subscribe(Consumer<JobChange> listener);

    /** A cheap query that fails when the database does not answer or has no schema (readiness). */
    void ping();
}
