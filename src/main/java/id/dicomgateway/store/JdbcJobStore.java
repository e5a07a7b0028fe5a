package id.dicomgateway.store;

import id.dicomgateway.async.Serial;
import id.dicomgateway.job.JobFilter;
import id.dicomgateway.job.JobState;
import id.dicomgateway.job.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.jboss.logging.Logger;

/**
 * {@link JobStore} on JDBC, the same SQL for PostgreSQL and H2 (the schema is
 * {@code db/migration/common}). What differs is small and named by {@link Dialect}: how claimers
 * keep out of each other's way and how other replicas hear of changes.
 *
 * <p>Times come from the injected clock (tests move it), truncated to milliseconds so that what is
 * read back equals what was written on both databases.
 */
public final class JdbcJobStore implements JobStore, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(JdbcJobStore.class);

    /** Longest message kept (the column's width); longer ones are cut, never refused. */
    static final int MESSAGE_MAX = 2000;
    /** Jobs one retention transaction deletes at the most ({@link #purge(int, Duration, int)}). */
    static final int PURGE_CHUNK = 500;

    private static final String JOB_COLUMNS = "id, kind, state, study_uid, files_location, patient_id, accession_number, "
            + "force_send, verify, attempt_count, charged_attempts, next_attempt_at, lease_holder, lease_expires_at, "
            + "order_wait_until, phase, total_instances, stored_instances, warning_instances, failed_instances, total_bytes, "
            + "sent_bytes, outcome_code, message, created_at, updated_at, started_at, finished_at, version, files_node";

    private static final String DUE = "((state IN ('QUEUED', 'WAITING_FOR_ORDER') AND next_attempt_at <= ?)"
            + " OR (state = 'RUNNING' AND lease_expires_at <= ?))";

    private final DataSource dataSource;
    private final Dialect dialect;
    private final RetryPolicy policy;
    private final Duration lease;
    private final Clock clock;
    private final Duration reconnectWindow;
    private final AtomicLong roundTrips = new AtomicLong();
    /**
     * H2 applies LIMIT before SKIP LOCKED (a claimer finds nothing while another holds the first
     * due rows), so its claimers take turns; an H2 file is open in one process only.
     */
    private static final ReentrantLock H2_CLAIMS = new ReentrantLock();
    private final List<Consumer<JobChange>> listeners = new CopyOnWriteArrayList<>();
    private final List<java.util.function.BiConsumer<String, JobRecord>> givenUpListeners = new CopyOnWriteArrayList<>();
    /** Tells the listeners each change in the order it happened, off the writer's thread. */
    private final Serial dispatcher = new Serial("Job store change events");
    private final PgNotifications notifications;

    /**
     * @param reconnectWindow how long a call whose connection broke keeps trying on new ones (the
     *                        database restarting) before it fails with UNAVAILABLE
     */
    public JdbcJobStore(DataSource dataSource, Dialect dialect, RetryPolicy policy, Duration lease, Clock clock,
            Duration reconnectWindow) {
        if (lease.isNegative() || lease.isZero()) {
            throw new IllegalArgumentException("the lease must be positive, was " + lease);
        }
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.policy = policy;
        this.lease = lease;
        this.clock = clock;
        this.reconnectWindow = reconnectWindow;
        this.notifications = dialect == Dialect.POSTGRESQL ? new PgNotifications(dataSource, this::dispatch) : null;
    }

    /** Starts hearing other replicas' changes (PostgreSQL); the embedded store has no others. */
    public JdbcJobStore start() {
        if (notifications != null) {
            notifications.start();
        }
        return this;
    }

    public Dialect dialect() {
        return dialect;
    }

    public Duration lease() {
        return lease;
    }

    /** Statements and commits sent to the database so far: the benchmark's round trips. */
    public long roundTrips() {
        return roundTrips.get();
    }

    /** Whether changes of other replicas are being heard now (always true for the embedded store). */
    public boolean listening() {
        return notifications == null || notifications.connected();
    }

    @Override
    public void close() {
        if (notifications != null) {
            notifications.stop();
        }
        dispatcher.close();
    }

    // --- writes -------------------------------------------------------------------------------

    @Override
    public JobRecord create(NewJob job) {
        String id = UUID.randomUUID().toString();
        return tx("create a job", tx -> {
            if (tx.retried && tx.findState(id) != null) {
                return loadOne(tx, id); // the first try committed before its connection broke
            }
            Instant now = now();
            boolean running = job.runner() != null;
            tx.update(INSERT_JOB, insertArgs(id, job, now));
            if (running) {
                tx.update("INSERT INTO gateway_job_attempt (job_id, number, holder, started_at) VALUES (?, 1, ?, ?)",
                        id, job.runner(), now);
            }
            tx.touched(id);
            // What was just written, without reading it back: enqueueing is on the request's path.
            List<Attempt> attempts = running ? List.of(new Attempt(1, job.runner(), now, null, null, null)) : List.of();
            return new JobRecord(id, job.kind(), running ? JobState.RUNNING : JobState.QUEUED, job.studyUid(),
                    job.filesLocation(), job.patientId(), job.accessionNumber(), job.force(), job.verify(), attempts, 0, now,
                    job.runner(), running ? now.plus(lease) : null, null, Progress.NONE, List.of(), List.of(), null, null, now, now,
                    running ? now : null, null, 1, job.filesNode());
        });
    }

    @Override
    public JobRecord createWaiting(NewJob job, String message) {
        String id = UUID.randomUUID().toString();
        return tx("create a waiting job", tx -> {
            if (tx.retried && tx.findState(id) != null) {
                return loadOne(tx, id);
            }
            Instant now = now();
            // never due: only a person's assign queues it
            tx.update(INSERT_JOB, insertArgs(id, job.runBy(null), now, JobState.WAITING_FOR_ORDER, null));
            tx.update("UPDATE gateway_job SET message = ? WHERE id = ?", clip(message), id);
            tx.touched(id);
            return loadOne(tx, id);
        });
    }

    @Override
    public Optional<JobRecord> assign(String id, String patientId, String accessionNumber, String message) {
        return Optional.ofNullable(tx("assign a job its order", tx -> {
            JobState state = tx.lockState(id);
            if (state == null) {
                return null;
            }
            if (state == JobState.WAITING_FOR_ORDER) {
                Instant now = now();
                tx.update("UPDATE gateway_job SET state = 'QUEUED', patient_id = ?, accession_number = ?, next_attempt_at = ?, "
                        + "order_wait_until = NULL, outcome_code = NULL, message = ?, updated_at = ?, version = version + 1 WHERE id = ?",
                        patientId, accessionNumber, now, clip(message), now, id);
                tx.touched(id);
            }
            return loadOne(tx, id);
        }));
    }

    private static final String INSERT_JOB = insertJob("", "");

    /**
     * A new job's row, with more columns when given ({@link JdbcBatchStore}: the batch and row);
     * its first parameters are {@link #insertArgs}, the extra columns' follow.
     */
    static String insertJob(String moreColumns, String moreValues) {
        return "INSERT INTO gateway_job (id, kind, state, study_uid, files_location, patient_id, "
                + "accession_number, force_send, verify, attempt_count, charged_attempts, next_attempt_at, lease_holder, lease_expires_at, "
                + "total_instances, stored_instances, warning_instances, failed_instances, total_bytes, sent_bytes, "
                + "created_at, updated_at, started_at, version, files_node" + moreColumns + ") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, ?, 0, 0, 0, 0, 0, 0, ?, ?, ?, 1, ?" + moreValues + ")";
    }

    Object[] insertArgs(String id, NewJob job, Instant now) {
        boolean running = job.runner() != null;
        return insertArgs(id, job, now, running ? JobState.RUNNING : JobState.QUEUED, now);
    }

    /** As {@link #insertArgs(String, NewJob, Instant)} in {@code state}, due at {@code due} (null: never due). */
    private Object[] insertArgs(String id, NewJob job, Instant now, JobState state, Instant due) {
        boolean running = job.runner() != null;
        return new Object[] {id, job.kind(), state, job.studyUid(), job.filesLocation(),
                job.patientId(), job.accessionNumber(), job.force(), job.verify(), running ? 1 : 0, due,
                job.runner(), running ? now.plus(lease) : null, now, now, null, job.filesNode()};
    }

    @Override
    public List<JobRecord> claim(String holder, int max) {
        return claim(holder, null, max);
    }

    @Override
    public List<JobRecord> claim(String holder, String node, int max) {
        if (max < 1) {
            return List.of();
        }
        if (dialect == Dialect.H2) {
            H2_CLAIMS.lock();
            try {
                return claimNow(holder, node, max);
            } finally {
                H2_CLAIMS.unlock();
            }
        }
        return claimNow(holder, node, max);
    }

    @Override
    public void onGivenUpInClaim(java.util.function.BiConsumer<String, JobRecord> listener) {
        givenUpListeners.add(listener);
    }

    private List<JobRecord> claimNow(String holder, String node, int max) {
        List<String> gaveUp = new ArrayList<>();
        List<JobRecord> claimedRecords = tx("claim due jobs", tx -> {
            gaveUp.clear(); // a transaction tried again starts over
            Instant now = now();
            record Due(String id, JobState state, int attempts, int charged) {
            }
            // A job whose files wait in one node's spool is that node's alone.
            String mine = node == null ? " AND files_node IS NULL" : " AND (files_node IS NULL OR files_node = ?)";
            Object[] args = node == null ? new Object[] {now, now, max} : new Object[] {now, now, node, max};
            // A batch's rows share one creation time: they go in row order, as the person listed them.
            List<Due> due = tx.query("SELECT id, state, attempt_count, charged_attempts FROM gateway_job WHERE " + DUE + mine
                    + " ORDER BY next_attempt_at, created_at, batch_row, id LIMIT ? FOR UPDATE SKIP LOCKED",
                    rs -> new Due(rs.getString(1), JobState.valueOf(rs.getString(2)), rs.getInt(3), rs.getInt(4)), args);
            if (due.isEmpty()) {
                return List.of();
            }
            List<String> claimed = new ArrayList<>();
            List<Object[]> expired = new ArrayList<>();
            List<Object[]> givenUp = new ArrayList<>();
            List<Object[]> claims = new ArrayList<>();
            List<Object[]> attempts = new ArrayList<>();
            for (Due d : due) {
                int charged = d.charged();
                if (d.state() == JobState.RUNNING) {
                    // Its replica stopped renewing: killed, or cut off. What it sent went in an
                    // association that was never released, which the router discards (docs/domain.md §4).
                    expired.add(new Object[] {now, Attempt.LEASE_EXPIRED, "The replica sending it stopped answering; "
                            + "its association was never released, so the study is sent again from the start", d.id(), d.attempts()});
                    charged++;
                    if (charged >= policy.maxAttempts()) {
                        gaveUp.add(d.id());
                        givenUp.add(new Object[] {charged, now, now, Attempt.LEASE_EXPIRED, clip("Gave up after " + charged
                                + " attempts: the replica sending it stopped answering each time"), d.id()});
                        continue;
                    }
                }
                claims.add(new Object[] {holder, now.plus(lease), charged, now, d.id()});
                attempts.add(new Object[] {d.id(), d.attempts() + 1, holder, now});
                claimed.add(d.id());
            }
            tx.batch("UPDATE gateway_job_attempt SET ended_at = ?, outcome_code = ?, message = ? WHERE job_id = ? AND number = ?",
                    expired);
            tx.batch("UPDATE gateway_job SET state = 'FAILED', charged_attempts = ?, lease_holder = NULL, lease_expires_at = NULL, "
                    + "next_attempt_at = NULL, finished_at = ?, updated_at = ?, outcome_code = ?, message = ?, version = version + 1 "
                    + "WHERE id = ?", givenUp);
            // A new attempt is a new association carrying the whole study: its progress starts over.
            tx.batch("UPDATE gateway_job SET state = 'RUNNING', lease_holder = ?, lease_expires_at = ?, releasing_at = NULL, "
                    + "attempt_count = attempt_count + 1, charged_attempts = ?, started_at = NULL, updated_at = ?, phase = NULL, "
                    + "total_instances = 0, stored_instances = 0, warning_instances = 0, failed_instances = 0, total_bytes = 0, "
                    + "sent_bytes = 0, version = version + 1 WHERE id = ?", claims);
            tx.batch("INSERT INTO gateway_job_attempt (job_id, number, holder, started_at) VALUES (?, ?, ?, ?)", attempts);
            if (!claimed.isEmpty()) {
                tx.update("DELETE FROM gateway_job_instance WHERE job_id IN (" + marks(claimed.size()) + ")", claimed.toArray());
            }
            due.forEach(d -> tx.touched(d.id()));
            return load(tx, claimed);
        });
        if (!gaveUp.isEmpty() && !givenUpListeners.isEmpty()) {
            for (String id : gaveUp) {
                get(id).ifPresent(record -> givenUpListeners.forEach(l -> l.accept(holder, record)));
            }
        }
        return claimedRecords;
    }

    @Override
    public List<JobRecord> claimWaitingNotices(Instant createdBefore, int max) {
        return tx("claim waiting notices", tx -> {
            List<String> candidates = tx.query("SELECT id FROM gateway_job WHERE state = 'WAITING_FOR_ORDER' AND notified_waiting_at IS NULL "
                    + "AND created_at <= ? ORDER BY created_at, id LIMIT ?", rs -> rs.getString(1), createdBefore, max);
            List<String> claimed = new ArrayList<>();
            Instant now = now();
            for (String id : candidates) {
                // The row's own guard: of replicas that saw the same candidate, one updates it.
                if (tx.update("UPDATE gateway_job SET notified_waiting_at = ? WHERE id = ? AND notified_waiting_at IS NULL", now, id) == 1) {
                    claimed.add(id);
                }
            }
            return load(tx, claimed);
        });
    }

    @Override
    public int expireLeasesOf(String node, String holder) {
        return tx("take back a node's jobs", tx -> tx.update("UPDATE gateway_job SET lease_expires_at = ? WHERE state = 'RUNNING' "
                + "AND files_node = ? AND lease_holder <> ?", now(), node, holder));
    }

    @Override
    public Set<String> filesInUse(String node) {
        return tx("list a node's files", tx -> new LinkedHashSet<>(tx.query("SELECT files_location FROM gateway_job WHERE files_node = ? "
                + "AND files_location IS NOT NULL AND state NOT IN ('SUCCEEDED', 'PARTLY_FAILED', 'FAILED', 'CANCELLED')",
                rs -> rs.getString(1), node)));
    }

    @Override
    public boolean renew(String id, String holder) {
        return tx("renew a lease", tx -> tx.update("UPDATE gateway_job SET lease_expires_at = ? WHERE id = ? AND lease_holder = ? "
                + "AND state = 'RUNNING'", now().plus(lease), id, holder) == 1);
    }

    @Override
    public boolean releasing(String id, String holder) {
        // No version change: nothing a view shows changes, and no replica needs to read the job again.
        return tx("mark a job releasing", tx -> tx.update("UPDATE gateway_job SET releasing_at = ? WHERE id = ? AND lease_holder = ? "
                + "AND state = 'RUNNING'", now(), id, holder) == 1);
    }

    @Override
    public boolean handBack(String id, String holder, String message) {
        return tx("hand a job back", tx -> {
            Held held = tx.held(id, holder);
            if (held == null) {
                return false;
            }
            Instant now = now();
            tx.update("UPDATE gateway_job SET state = 'QUEUED', lease_holder = NULL, lease_expires_at = NULL, next_attempt_at = ?, "
                    + "updated_at = ?, message = ?, version = version + 1 WHERE id = ?", now, now, clip(message), id);
            tx.endAttempt(id, held.attempts(), now, Attempt.HANDED_BACK, message);
            tx.touched(id);
            return true;
        });
    }

    @Override
    public boolean progress(String id, String holder, Progress p, List<InstanceRecord> results, boolean startOver) {
        return tx("record progress", tx -> {
            int changed = tx.update("UPDATE gateway_job SET phase = ?, total_instances = ?, stored_instances = ?, warning_instances = ?, "
                    + "failed_instances = ?, total_bytes = ?, sent_bytes = ?, started_at = ?, updated_at = ?, version = version + 1 "
                    + "WHERE id = ? AND lease_holder = ? AND state = 'RUNNING'", p.phase(), p.totalInstances(), p.storedInstances(),
                    p.warningInstances(), p.failedInstances(), p.totalBytes(), p.sentBytes(), p.startedAt(), now(), id, holder);
            if (changed != 1) {
                return false;
            }
            if (startOver) {
                tx.update("DELETE FROM gateway_job_instance WHERE job_id = ?", id);
            }
            if (!results.isEmpty()) {
                int seq = startOver ? 0 : tx.query("SELECT COALESCE(MAX(seq), 0) FROM gateway_job_instance WHERE job_id = ?",
                        rs -> rs.getInt(1), id).get(0);
                List<Object[]> rows = new ArrayList<>();
                for (InstanceRecord r : results) {
                    rows.add(new Object[] {id, ++seq, r.sopInstanceUid(), r.outcome(), r.status(), r.cause(), clip(r.message()), r.bytes()});
                }
                tx.batch("INSERT INTO gateway_job_instance (job_id, seq, sop_instance_uid, outcome, status, cause, message, bytes) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows);
            }
            tx.touched(id);
            return true;
        });
    }

    @Override
    public boolean check(String id, CheckRecord check) {
        return tx("record a check", tx -> {
            Instant at = check.at() == null ? now() : check.at().truncatedTo(ChronoUnit.MILLIS);
            if (tx.update("UPDATE gateway_job SET updated_at = ?, version = version + 1 WHERE id = ?", now(), id) != 1) {
                return false;
            }
            // The job row is locked now, so no other writer of this job's checks runs in between.
            if (tx.update("UPDATE gateway_job_check SET status = ?, detail = ?, at = ? WHERE job_id = ? AND name = ?",
                    check.status(), clip(check.detail()), at, id, check.name()) == 0) {
                tx.update("INSERT INTO gateway_job_check (job_id, name, status, detail, at) VALUES (?, ?, ?, ?, ?)",
                        id, check.name(), check.status(), clip(check.detail()), at);
            }
            tx.touched(id);
            return true;
        });
    }

    @Override
    public Optional<JobRecord> endAttempt(String id, String holder, AttemptEnd end) {
        return Optional.ofNullable(tx("end an attempt", tx -> {
            Held held = tx.held(id, holder);
            if (held == null) {
                return null;
            }
            Instant now = now();
            String message = clip(end.message());
            JobState next;
            Instant nextAt = null;
            Instant waitUntil = held.orderWaitUntil();
            int charged = held.charged();
            switch (end.disposition()) {
                case SUCCEEDED -> next = JobState.SUCCEEDED;
                case PARTLY_FAILED -> next = JobState.PARTLY_FAILED;
                case FAILED -> next = JobState.FAILED;
                case RETRY -> {
                    charged++;
                    if (charged >= policy.maxAttempts()) {
                        next = JobState.FAILED;
                        message = clip((message == null ? "" : message + "; ") + "gave up after " + charged + " attempts");
                    } else {
                        next = JobState.QUEUED;
                        nextAt = now.plus(policy.delay(charged));
                    }
                }
                case WAIT_FOR_ORDER -> {
                    if (waitUntil == null) {
                        waitUntil = now.plus(policy.orderWait());
                    }
                    if (!now.isBefore(waitUntil)) {
                        next = JobState.FAILED;
                        message = clip((message == null ? "" : message + "; ") + "waited " + policy.orderWait()
                                + " for the order, it never came");
                    } else {
                        next = JobState.WAITING_FOR_ORDER;
                        Instant recheck = now.plus(policy.delay(held.attempts()));
                        nextAt = recheck.isAfter(waitUntil) ? waitUntil : recheck;
                    }
                }
                default -> throw new IllegalStateException(end.disposition().name());
            }
            tx.update("UPDATE gateway_job SET state = ?, charged_attempts = ?, next_attempt_at = ?, order_wait_until = ?, "
                    + "lease_holder = NULL, lease_expires_at = NULL, outcome_code = ?, message = ?, updated_at = ?, finished_at = ?, "
                    + "version = version + 1 WHERE id = ?", next, charged, nextAt, waitUntil, end.code(), message, now,
                    next.isFinal() ? now : null, id);
            tx.endAttempt(id, held.attempts(), now, end.code() == null ? end.disposition().name() : end.code(), end.message());
            tx.touched(id);
            return loadOne(tx, id);
        }));
    }

    @Override
    public Optional<JobRecord> cancel(String id, String message) {
        return Optional.ofNullable(tx("cancel a job", tx -> {
            JobState state = tx.lockState(id);
            if (state == null) {
                return null;
            }
            boolean releasing = state == JobState.RUNNING && !tx.query("SELECT id FROM gateway_job WHERE id = ? "
                    + "AND releasing_at IS NOT NULL", rs -> rs.getString(1), id).isEmpty();
            if (!state.isFinal() && !releasing) { // one being released ends as the router takes it
                Instant now = now();
                tx.update("UPDATE gateway_job SET state = 'CANCELLED', lease_holder = NULL, lease_expires_at = NULL, "
                        + "next_attempt_at = NULL, outcome_code = ?, message = ?, updated_at = ?, finished_at = ?, "
                        + "version = version + 1 WHERE id = ?", Attempt.CANCELLED, clip(message), now, now, id);
                tx.update("UPDATE gateway_job_attempt SET ended_at = ?, outcome_code = ?, message = ? WHERE job_id = ? AND ended_at IS NULL",
                        now, Attempt.CANCELLED, clip(message), id);
                tx.touched(id);
            }
            return loadOne(tx, id);
        }));
    }

    @Override
    public Optional<JobRecord> retry(String id) {
        return Optional.ofNullable(tx("retry a job", tx -> {
            JobState state = tx.lockState(id);
            if (state == null) {
                return null;
            }
            if (JobState.RETRYABLE.contains(state)) {
                Instant now = now();
                tx.update(RETRY_SET + " WHERE id = ?", now, now, id);
                tx.touched(id);
            }
            return loadOne(tx, id);
        }));
    }

    static final String RETRY_SET = "UPDATE gateway_job SET state = 'QUEUED', next_attempt_at = ?, charged_attempts = 0, "
            + "order_wait_until = NULL, outcome_code = NULL, message = 'Queued again by a person', finished_at = NULL, "
            + "updated_at = ?, version = version + 1";

    @Override
    public int retryAll(JobFilter filter) {
        Set<JobState> states = filter.states().isEmpty() ? JobState.RETRYABLE
                : filter.states().stream().filter(JobState.RETRYABLE::contains).collect(Collectors.toSet());
        if (states.isEmpty()) {
            return 0;
        }
        JobFilter only = new JobFilter(states, filter.outcomeCode(), filter.since(), filter.until());
        return tx("retry jobs", tx -> {
            Instant now = now();
            List<Object> args = new ArrayList<>(List.of(now, now));
            String where = where(only, args);
            int n = tx.update(RETRY_SET + where, args.toArray());
            if (n > 0) {
                tx.touchedAll();
            }
            return n;
        });
    }

    @Override
    public int purge(int keep, Duration maxAge) {
        return purge(keep, maxAge, PURGE_CHUNK);
    }

    /**
     * Retention in transactions of at most {@code chunk} jobs (with their attempts, instances and checks): a history
     * grown large (a lower GATEWAY_HISTORY_KEEP, a store that ran long without retention) goes over several
     * short statements, each well within the PostgreSQL socket timeout (application.properties), instead of one that
     * the timeout would cut and roll back on every pass, so that the history never shrank.
     */
    int purge(int keep, Duration maxAge, int chunk) {
        String ended = "state IN ('SUCCEEDED', 'PARTLY_FAILED', 'FAILED', 'CANCELLED')";
        Instant before = now().minus(maxAge);
        int total = 0;
        int n;
        do {
            n = tx("apply retention", tx -> {
                int deleted = tx.update("DELETE FROM gateway_job WHERE id IN (SELECT id FROM gateway_job WHERE " + ended
                        + " AND finished_at < ? ORDER BY finished_at, id LIMIT ?)", before, chunk);
                if (deleted < chunk) {
                    deleted += tx.update("DELETE FROM gateway_job WHERE id IN (SELECT id FROM gateway_job WHERE " + ended
                            + " AND id NOT IN (SELECT id FROM gateway_job WHERE " + ended + " ORDER BY finished_at DESC, id DESC LIMIT ?)"
                            + " ORDER BY finished_at, id LIMIT ?)", Math.max(0, keep), chunk - deleted);
                }
                return deleted;
            });
            total += n;
        } while (n == chunk);
        return total;
    }

    // --- reads --------------------------------------------------------------------------------

    @Override
    public Optional<JobRecord> get(String id) {
        if (id == null) {
            return Optional.empty();
        }
        return Optional.ofNullable(tx("read a job", tx -> loadOne(tx, id)));
    }

    @Override
    public List<JobRecord> list(JobFilter filter, int limit) {
        return tx("list jobs", tx -> {
            List<Object> args = new ArrayList<>();
            String where = where(filter, args);
            args.add(Math.max(0, limit));
            return loadRows(tx, "SELECT " + JOB_COLUMNS + " FROM gateway_job" + where + " ORDER BY created_at DESC, id DESC LIMIT ?",
                    args.toArray());
        });
    }

    @Override
    public Optional<JobRecord> latestFor(String studyUid, String accessionNumber) {
        return tx("find a study's job", tx -> loadRows(tx, "SELECT " + JOB_COLUMNS + " FROM gateway_job WHERE study_uid = ? "
                + "AND accession_number = ? ORDER BY created_at DESC, id DESC LIMIT 1", studyUid, accessionNumber))
                .stream().findFirst();
    }

    @Override
    public StoreStats stats() {
        return tx("count jobs", tx -> {
            Map<JobState, Long> counts = new EnumMap<>(JobState.class);
            tx.query("SELECT state, COUNT(*) FROM gateway_job GROUP BY state", rs -> {
                counts.put(JobState.valueOf(rs.getString(1)), rs.getLong(2));
                return null;
            });
            Instant now = now();
            Instant oldest = tx.query("SELECT MIN(next_attempt_at) FROM gateway_job WHERE state IN ('QUEUED', 'WAITING_FOR_ORDER') "
                    + "AND next_attempt_at <= ?", rs -> instant(rs, 1), now).get(0);
            Instant waitEnd = tx.query("SELECT MIN(order_wait_until) FROM gateway_job WHERE state = 'WAITING_FOR_ORDER'",
                    rs -> instant(rs, 1)).get(0);
            return new StoreStats(counts, oldest, waitEnd);
        });
    }

    @Override
    public void ping() {
        // At once: readiness must answer within its probe's timeout, not wait for a reconnect.
        tx("reach the database", Duration.ZERO, tx -> tx.query("SELECT COUNT(*) FROM gateway_job WHERE id = ?", rs -> rs.getLong(1), ""));
    }

    @Override
    public AutoCloseable subscribe(Consumer<JobChange> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    private void dispatch(JobChange change) {
        if (listeners.isEmpty()) {
            return;
        }
        // false when closed: nobody listens any more
        dispatcher.run(() -> {
            for (Consumer<JobChange> l : listeners) {
                try {
                    l.accept(change);
                } catch (RuntimeException e) {
                    LOG.warnf(e, "A job change listener failed on %s", change);
                }
            }
        });
    }

    // --- loading ------------------------------------------------------------------------------

    private static String where(JobFilter f, List<Object> args) {
        return new Where(args).in("state", f.states()).is("outcome_code = ?", f.outcomeCode()).is("created_at >= ?", f.since())
                .is("created_at < ?", f.until()).toString();
    }

    private JobRecord loadOne(Tx tx, String id) throws SQLException {
        List<JobRecord> found = loadRows(tx, "SELECT " + JOB_COLUMNS + " FROM gateway_job WHERE id = ?", id);
        return found.isEmpty() ? null : found.get(0);
    }

    private List<JobRecord> load(Tx tx, Collection<String> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        return loadRows(tx, "SELECT " + JOB_COLUMNS + " FROM gateway_job WHERE id IN (" + marks(ids.size()) + ") "
                + "ORDER BY next_attempt_at, created_at, batch_row, id", ids.toArray());
    }

    /** The rows the query selects, each with its attempts, results and checks: four queries however many rows. */
    private List<JobRecord> loadRows(Tx tx, String sql, Object... args) throws SQLException {
        List<Row> rows = tx.query(sql, JdbcJobStore::row, args);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<Attempt>> attempts = new LinkedHashMap<>();
        Map<String, List<InstanceRecord>> results = new LinkedHashMap<>();
        Map<String, List<CheckRecord>> checks = new LinkedHashMap<>();
        Object[] ids = rows.stream().map(Row::id).toArray();
        String in = " WHERE job_id IN (" + marks(ids.length) + ")";
        tx.query("SELECT job_id, number, holder, started_at, ended_at, outcome_code, message FROM gateway_job_attempt" + in
                + " ORDER BY job_id, number", rs -> attempts.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new Attempt(rs.getInt(2), rs.getString(3), instant(rs, 4), instant(rs, 5), rs.getString(6), rs.getString(7))), ids);
        tx.query("SELECT job_id, sop_instance_uid, outcome, status, cause, message, bytes FROM gateway_job_instance" + in
                + " ORDER BY job_id, seq", rs -> results.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                .add(new InstanceRecord(rs.getString(2), rs.getString(3), rs.getInt(4), rs.getString(5), rs.getString(6),
                        rs.getLong(7))), ids);
        tx.query("SELECT job_id, name, status, detail, at FROM gateway_job_check" + in + " ORDER BY job_id, name",
                rs -> checks.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new CheckRecord(rs.getString(2), rs.getString(3), rs.getString(4), instant(rs, 5))), ids);
        List<JobRecord> out = new ArrayList<>(rows.size());
        for (Row r : rows) {
            out.add(r.record(attempts.getOrDefault(r.id(), List.of()), results.getOrDefault(r.id(), List.of()),
                    checks.getOrDefault(r.id(), List.of())));
        }
        return out;
    }

    /** A job's own row, before its children are added. */
    private record Row(String id, String kind, JobState state, String studyUid, String filesLocation, String patientId,
            String accessionNumber, boolean force, boolean verify, int charged, Instant nextAttemptAt, String leaseHolder,
            Instant leaseExpiresAt, Instant orderWaitUntil, Progress progress, String outcomeCode, String message,
            Instant createdAt, Instant updatedAt, Instant startedAt, Instant finishedAt, long version, String filesNode) {

        JobRecord record(List<Attempt> attempts, List<InstanceRecord> results, List<CheckRecord> checks) {
            return new JobRecord(id, kind, state, studyUid, filesLocation, patientId, accessionNumber, force, verify, attempts,
                    charged, nextAttemptAt, leaseHolder, leaseExpiresAt, orderWaitUntil, progress, results, checks, outcomeCode,
                    message, createdAt, updatedAt, startedAt, finishedAt, version, filesNode);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        Progress progress = new Progress(rs.getString("phase"), rs.getInt("total_instances"), rs.getInt("stored_instances"),
                rs.getInt("warning_instances"), rs.getInt("failed_instances"), rs.getLong("total_bytes"), rs.getLong("sent_bytes"));
        return new Row(rs.getString("id"), rs.getString("kind"), JobState.valueOf(rs.getString("state")),
                rs.getString("study_uid"), rs.getString("files_location"), rs.getString("patient_id"),
                rs.getString("accession_number"), rs.getBoolean("force_send"), rs.getBoolean("verify"),
                rs.getInt("charged_attempts"), instant(rs, "next_attempt_at"), rs.getString("lease_holder"),
                instant(rs, "lease_expires_at"), instant(rs, "order_wait_until"), progress, rs.getString("outcome_code"),
                rs.getString("message"), instant(rs, "created_at"), instant(rs, "updated_at"), instant(rs, "started_at"),
                instant(rs, "finished_at"), rs.getLong("version"), rs.getString("files_node"));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    public static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    private static String marks(int n) {
        return String.join(", ", java.util.Collections.nCopies(n, "?"));
    }

    static String clip(String message) {
        return message == null || message.length() <= MESSAGE_MAX ? message : message.substring(0, MESSAGE_MAX - 1) + "…";
    }

    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    // --- transactions -------------------------------------------------------------------------

    @FunctionalInterface
    public interface Work<T> {
        T run(Tx tx) throws SQLException;
    }

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** A job this caller holds the lease of, as locked for the change it is about to make. */
    private record Held(int attempts, int charged, Instant orderWaitUntil) {
    }

    /** One transaction on one connection, counting its round trips ({@link JdbcBatchStore} runs its own in them too). */
    public final class Tx {
        final Connection c;
        final boolean retried;
        final Set<String> touched = new LinkedHashSet<>();
        boolean touchedAll;

        Tx(Connection c, boolean retried) {
            this.c = c;
            this.retried = retried;
        }

        void touched(String id) {
            touched.add(id);
        }

        void touchedAll() {
            touchedAll = true;
        }

        public int update(String sql, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                roundTrips.incrementAndGet();
                return ps.executeUpdate();
            }
        }

        public void batch(String sql, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) {
                return;
            }
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    bind(ps, row);
                    ps.addBatch();
                }
                roundTrips.incrementAndGet();
                ps.executeBatch();
            }
        }

        public <T> List<T> query(String sql, RowMapper<T> mapper, Object... args) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                roundTrips.incrementAndGet();
                try (ResultSet rs = ps.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(mapper.map(rs));
                    }
                    return out;
                }
            }
        }

        JobState findState(String id) throws SQLException {
            List<JobState> s = query("SELECT state FROM gateway_job WHERE id = ?", rs -> JobState.valueOf(rs.getString(1)), id);
            return s.isEmpty() ? null : s.get(0);
        }

        JobState lockState(String id) throws SQLException {
            List<JobState> s = query("SELECT state FROM gateway_job WHERE id = ? FOR UPDATE",
                    rs -> JobState.valueOf(rs.getString(1)), id);
            return s.isEmpty() ? null : s.get(0);
        }

        Held held(String id, String holder) throws SQLException {
            List<Held> h = query("SELECT attempt_count, charged_attempts, order_wait_until FROM gateway_job WHERE id = ? "
                    + "AND lease_holder = ? AND state = 'RUNNING' FOR UPDATE",
                    rs -> new Held(rs.getInt(1), rs.getInt(2), instant(rs, 3)), id, holder);
            return h.isEmpty() ? null : h.get(0);
        }

        void endAttempt(String id, int number, Instant at, String code, String message) throws SQLException {
            update("UPDATE gateway_job_attempt SET ended_at = ?, outcome_code = ?, message = ? WHERE job_id = ? AND number = ?",
                    at, code, clip(message), id, number);
        }
    }

    private static void bind(PreparedStatement ps, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            int at = i + 1;
            if (a == null) {
                ps.setNull(at, Types.NULL);
            } else if (a instanceof Instant t) {
                ps.setObject(at, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
            } else if (a instanceof Enum<?> e) {
                ps.setString(at, e.name());
            } else {
                ps.setObject(at, a);
            }
        }
    }

    /**
     * Runs {@code work} in one transaction. A broken connection (the database restarting, a
     * failover) is retried on a new one until {@code window} is used up, and so is a
     * serialization failure; anything else fails at once.
     */
    public <T> T tx(String what, Work<T> work) {
        return tx(what, reconnectWindow, work);
    }

    private <T> T tx(String what, Duration window, Work<T> work) {
        long deadline = System.nanoTime() + window.toNanos();
        long pause = 50;
        boolean retried = false;
        while (true) {
            Tx tx = null;
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                tx = new Tx(c, retried);
                T result;
                try {
                    result = work.run(tx);
                    roundTrips.incrementAndGet();
                    c.commit();
                } catch (SQLException | RuntimeException e) {
                    rollback(c);
                    throw e;
                }
                if (dialect == Dialect.H2) {
                    // PostgreSQL's trigger tells every replica, this one too; H2 has only this one.
                    if (tx.touchedAll) {
                        dispatch(JobChange.RESYNC);
                    } else {
                        tx.touched.forEach(id -> dispatch(new JobChange(id)));
                    }
                }
                return result;
            } catch (SQLException e) {
                boolean transientFailure = connectionFailure(e) || serializationFailure(e);
                if (transientFailure && System.nanoTime() < deadline) {
                    LOG.debugf("Could not %s (%s); trying again", what, e.getMessage());
                    retried = true;
                    sleep(pause);
                    pause = Math.min(1000, pause * 2);
                    continue;
                }
                throw new StoreException(connectionFailure(e) ? StoreException.Reason.UNAVAILABLE : StoreException.Reason.FAILED,
                        "The job store could not " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool drops it
        }
    }

    /** SQLSTATE class 08 (connection exception) and PostgreSQL's 57P0x (the server shutting down). */
    static boolean connectionFailure(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SQLException s && s.getSQLState() != null
                    && (s.getSQLState().startsWith("08") || s.getSQLState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /** 40001 serialization failure, 40P01 deadlock: the database asks to run the transaction again. */
    private static boolean serializationFailure(SQLException e) {
        String state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Reason.UNAVAILABLE, "Interrupted while waiting for the database", e);
        }
    }
}
