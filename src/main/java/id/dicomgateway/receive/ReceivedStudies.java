package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader;
import id.dicomgateway.dicom.AttributeReader.AttributePath;
import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Printable;
import id.dicomgateway.job.JobState;
import id.dicomgateway.orders.Order;
import id.dicomgateway.orders.Orders;
import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.orders.StudyFacts;
import id.dicomgateway.receive.ReceivedStudy.ReceivedState;
import id.dicomgateway.relay.Relay;
import id.dicomgateway.relay.RelayCommand;
import id.dicomgateway.relay.files.DiskQuota;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * Studies, not associations: every instance received is filed under its study, whichever
 * association brought it (PACSes split a study over several). A study is complete when
 * {@code idle} passes without a new instance of it; then all of it goes to the router as one
 * job, through {@link Relay#submit} like an upload (the router files per association, so the
 * whole study must go in one, docs/architecture.md §5.1). Its files are kept for {@code keep}: an
 * instance arriving meanwhile makes the next job resend the whole study, kept and new; one that
 * arrives after that is counted as late and not sent alone.
 *
 * <p>Instances of an aborted association are dropped, as the router drops them (§5): the sender
 * did not get its answer and will send them again.
 */
public final class ReceivedStudies {
    private static final Logger LOG = Logger.getLogger(ReceivedStudies.class);
    /** The job check where each receive job records the rule that applied and what it changed. */
    public static final String CHECK = "receive.rule";
    /** The job check where a study without an Accession Number records which order it was matched to, or why none. */
    public static final String RECONCILE_CHECK = Orders.RECONCILE_CHECK;

    private final Path root;
    private final Duration idle;
    private final Duration keep;
    private final int history;
    private final Relay relay;
    private final JobRegistry jobs;
    private final Clock clock;
    /** The temporary area's budget, shared with every request: each held instance reserves its file's bytes. */
    private final DiskQuota quota;
    private volatile Rules rules;
    /** Null: no reconciliation (unit tests without a store). */
    private volatile Reconciliation reconciliation;
    private final AtomicLong sequence = new AtomicLong();
    /** Guarded by itself; insertion order = first arrival. */
    private final Map<String, Study> studies = new LinkedHashMap<>();

    ReceivedStudies(Path root, Duration idle, Duration keep, int history, Rules rules, Relay relay, JobRegistry jobs, Clock clock) {
        this(root, idle, keep, history, rules, relay, jobs, clock, new DiskQuota("temporary area", "none", Long.MAX_VALUE));
    }

    ReceivedStudies(Path root, Duration idle, Duration keep, int history, Rules rules, Relay relay, JobRegistry jobs, Clock clock,
                    DiskQuota quota) {
        this.quota = quota;
        this.root = root;
        this.idle = idle;
        this.keep = keep;
        this.history = history;
        this.rules = rules;
        this.relay = relay;
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Makes the study area, when the SCP starts (a gateway that receives nothing leaves no folder in the temp area). */
    void open() {
        try {
            // What a previous run left is no one's: its records died with it, and the sender got its answers.
            if (Files.isDirectory(root)) {
                deleteTree(root);
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + root, e);
        }
    }

    /** Studies without an Accession Number are matched to the open orders (issue 24 item 3). */
    void reconcileWith(Reconciliation reconciliation) {
        this.reconciliation = reconciliation;
    }

    Rules rules() {
        return rules;
    }

    Path root() {
        return root;
    }

    /**
     * One received instance of a study, with what its rule said; {@code notTaken}: the syntax the router
     * did not take for its class when it arrived (null: taken).
     */
    private record Held(Path file, String sopInstanceUid, String association, long bytes, Rules.Verdict verdict, String notTaken,
                        long reserved, StudyKeys keys) {
    }

    /** Guarded by the map's lock. */
    private static final class Study {
        final String uid;
        final Path dir;
        final Set<String> callingAes = new LinkedHashSet<>();
        final Map<String, Held> held = new LinkedHashMap<>();
        final List<String> jobIds = new ArrayList<>();
        final Instant firstArrival;
        Instant lastArrival;
        Instant forwardedAt;
        boolean pending;
        boolean expired;
        boolean forwarding;
        int skipped;
        int late;
        int discarded;
        String rule;
        String changes;
        String message;
        ReceivedState last;

        Study(String uid, Path dir, Instant now) {
            this.uid = uid;
            this.dir = dir;
            this.firstArrival = now;
            this.lastArrival = now;
        }
    }

    /** What the SCP answers for one instance (C-STORE status, PS3.4 B.2.3). */
    static final int SUCCESS = 0x0000;
    static final int CANNOT_UNDERSTAND = 0xC000;
    static final int OUT_OF_RESOURCES = 0xA700;

    /**
     * Files one instance received in association {@code association} from {@code callingAe}. The
     * file is moved into the study's directory or deleted. Runs on a worker thread. {@code notTaken}:
     * the name of its syntax when the router does not take it for the instance's class, else null.
     */
    int arrived(String association, String callingAe, Path file, long bytes, String notTaken) {
        InstanceHeader header;
        Map<AttributePath, String> values;
        Rules in = rules;
        try {
            header = DicomFiles.scan(file);
            values = AttributeReader.read(file, StudyKeys.with(in.needed()));
        } catch (DicomException e) {
            LOG.warnf("Receive: an instance from %s is not usable DICOM (%s); answered C000", Printable.escape(callingAe), e.getMessage());
            delete(file);
            return CANNOT_UNDERSTAND;
        } catch (IOException e) {
            LOG.warnf("Receive: cannot read an instance from %s: %s", Printable.escape(callingAe), e.getMessage());
            delete(file);
            return OUT_OF_RESOURCES;
        }
        String uid = header.studyInstanceUid() == null ? "" : header.studyInstanceUid();
        Rules.Verdict verdict = in.evaluate(callingAe, header.sopClassUid(), values);
        Instant now = clock.instant();
        try {
            synchronized (studies) {
                Study s = studies.get(uid);
                if (s == null) {
                    s = new Study(uid, Files.createDirectory(root.resolve("study-" + sequence.incrementAndGet())), now);
                    studies.put(uid, s);
                    trim();
                }
                s.callingAes.add(callingAe);
                if (s.expired) {
                    // Its files are gone: alone it would replace the study at the router with a part of it.
                    s.late++;
                    delete(file);
                    LOG.infof("Receive: a late instance of study %s from %s, after its files were removed; not sent", Printable.escape(uid),
                            Printable.escape(callingAe));
                    return SUCCESS;
                }
                if (verdict.action() == Rule.Action.SKIP) {
                    s.skipped++;
                    delete(file);
                    return SUCCESS;
                }
                long size = Files.size(file);
                if (!quota.tryReserve(size)) {
                    // PS3.4 B.2.3: A700 "Refused: Out of Resources"; the sender keeps the instance and may try later
                    LOG.warnf("Receive: instance of study %s from %s refused (A700): %s", uid, callingAe, quota.full().getMessage());
                    delete(file);
                    return OUT_OF_RESOURCES;
                }
                Path target = s.dir.resolve("i" + sequence.incrementAndGet() + ".dcm");
                try {
                    Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException e) {
                    quota.release(size);
                    throw e;
                }
                Held old = s.held.remove(header.sopInstanceUid());
                if (old != null) {
                    drop(old);
                }
                s.held.put(header.sopInstanceUid(), new Held(target, header.sopInstanceUid(), association, bytes, verdict, notTaken,
                        size, StudyKeys.of(values)));
                if (notTaken != null) {
                    LOG.infof("Receive: instance %s of study %s from %s is in %s, which the router does not take for its class: "
                            + "the study will not be forwarded", Printable.escape(header.sopInstanceUid()), Printable.escape(uid),
                            Printable.escape(callingAe), notTaken);
                }
                s.lastArrival = now;
                s.pending = true;
                s.message = null;
                return SUCCESS;
            }
        } catch (IOException e) {
            LOG.warnf("Receive: cannot file an instance of study %s: %s", Printable.escape(uid), e.getMessage());
            delete(file);
            return OUT_OF_RESOURCES;
        }
    }

    /** Association {@code association} was aborted: what it brought is dropped (PS3.8 §7.3.1; the router does the same). */
    void aborted(String association) {
        synchronized (studies) {
            for (Study s : studies.values()) {
                Iterator<Held> it = s.held.values().iterator();
                while (it.hasNext()) {
                    Held h = it.next();
                    if (association.equals(h.association()) && (s.pending || s.forwardedAt == null)) {
                        drop(h);
                        it.remove();
                        s.discarded++;
                    }
                }
            }
        }
    }

    /**
     * Forwards what is complete and removes what has been kept long enough. Called periodically;
     * returns the ids of the jobs it made. Blocks (copies files): call on a worker thread.
     */
    List<String> tick() {
        Instant now = clock.instant();
        List<Study> due = new ArrayList<>();
        synchronized (studies) {
            for (Study s : studies.values()) {
                if (s.pending && !s.forwarding && !now.isBefore(s.lastArrival.plus(idle))) {
                    s.forwarding = true;
                    due.add(s);
                } else if (!s.pending && !s.forwarding && !s.expired && s.forwardedAt != null
                        && !now.isBefore(s.forwardedAt.plus(keep))) {
                    expire(s);
                } else if (!s.pending && !s.forwarding && !s.expired && s.forwardedAt == null && s.held.isEmpty()
                        && !now.isBefore(s.lastArrival.plus(keep))) {
                    expire(s); // only skipped or discarded instances
                }
            }
        }
        List<String> made = new ArrayList<>();
        for (Study s : due) {
            forward(s).ifPresent(made::add);
        }
        return made;
    }

    /** When the earliest study still arriving falls due for {@link #tick}, if any does. */
    Optional<Instant> nextDue() {
        synchronized (studies) {
            return studies.values().stream().filter(s -> s.pending && !s.forwarding).map(s -> s.lastArrival.plus(idle))
                    .min(Comparator.naturalOrder());
        }
    }

    private void expire(Study s) {
        s.held.values().forEach(this::drop);
        s.held.clear();
        try {
            deleteTree(s.dir);
        } catch (IOException e) {
            LOG.debugf("Receive: cannot delete %s: %s", s.dir, e.getMessage());
        }
        s.expired = true;
    }

    private Optional<String> forward(Study s) {
        List<Held> files;
        String previous;
        synchronized (studies) {
            files = List.copyOf(s.held.values());
            s.pending = false;
            previous = s.jobIds.isEmpty() ? null : s.jobIds.get(s.jobIds.size() - 1);
        }
        try {
            if (files.isEmpty()) {
                synchronized (studies) {
                    s.forwardedAt = null;
                    s.rule = null;
                    s.changes = s.skipped > 0 ? "every instance was skipped by a rule: nothing forwarded" : "nothing left to forward";
                }
                return Optional.empty();
            }
            Rules.Verdict verdict = studyVerdict(files);
            UploadedFiles upload = relay.newUpload();
            try {
                int n = 0;
                for (Held h : files) {
                    // Linked, not copied: the job's spool takes the link, the study keeps its own for a resend.
                    upload.addLinked("instance " + (++n) + " of study " + s.uid, h.file());
                }
            } catch (IOException | RuntimeException e) {
                upload.close();
                throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
            }
            Reconciliation.Decision reconciled = reconcile(s, files, verdict);
            Order order = reconciled.order();
            // An exact match stamps the order's values through the upload's own re-stamping (UIDs are never touched).
            String patientId = order != null ? order.patientId() : verdict.patientId();
            String accessionNumber = order != null ? order.accessionNumber() : verdict.accessionNumber();
            // Decided here, with every instance's values and the rule's: the relay does not match it again.
            RelayCommand command = RelayCommand.upload(upload, patientId, accessionNumber, false, true, true).withoutOrderMatching();
            // No single order and the orders are in use: the job waits for a person to assign it one; nothing goes out before.
            String jobId = reconciled.waits() ? relay.submitWaiting(command, reconciled.note())
                    : relay.submit(command).await().atMost(Duration.ofMinutes(5)).jobId();
            String detail = (verdict.rule() == null ? "no rule" : "rule \"" + verdict.rule().name() + "\" (line "
                    + verdict.rule().line() + ")") + ": " + verdict.changes() + skippedNote(s);
            jobs.check(jobId, CHECK, verdict.rule() == null ? CheckStatus.SKIPPED : CheckStatus.PASSED, detail);
            if (reconciled.needed()) {
                reconciliation.record(jobId, reconciled);
                detail = detail + "; " + reconciled.note();
            }
            synchronized (studies) {
                s.jobIds.add(jobId);
                s.forwardedAt = clock.instant();
                s.rule = verdict.ruleName();
                s.changes = verdict.changes();
            }
            LOG.infof("Receive: study %s complete (%d instances from %s), job %s; %s", Printable.escape(s.uid), files.size(),
                    s.callingAes.stream().map(Printable::escape).toList(), jobId, detail);
            supersede(previous, jobId);
            return Optional.of(jobId);
        } catch (RuntimeException e) {
            // Refused before a job existed (an instance the relay cannot read, a value the VR does not allow).
            LOG.warnf("Receive: study %s could not be forwarded: %s", Printable.escape(s.uid), e.getMessage());
            synchronized (studies) {
                s.message = e.getMessage();
                s.forwardedAt = clock.instant();
            }
            return Optional.empty();
        } finally {
            synchronized (studies) {
                s.forwarding = false;
            }
        }
    }

    /**
     * Issue 24 item 3: a study whose instances carry no AccessionNumber, and that no rule gave one, is matched to the open
     * orders of its PatientID, modality and StudyDate ({@link Reconciliation}, the same decision as for a study sent through
     * the API); with no single order and the orders not in use it is forwarded as received.
     */
    private Reconciliation.Decision reconcile(Study s, List<Held> files, Rules.Verdict verdict) {
        Reconciliation in = reconciliation;
        if (in == null || !blank(verdict.accessionNumber())) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        return in.decide("Receive: study " + Printable.escape(s.uid), StudyFacts.of(files.stream().map(Held::keys).toList()),
                verdict.patientId(), "forwarded as received", true);
    }

    private static boolean blank(String v) {
        return v == null || v.isBlank();
    }

    /**
     * The study's earlier job, if it has not ended (e.g. waiting for the router to come back), is
     * cancelled: sent after the new one it would replace the whole study at the router with a part of it (§5.1).
     */
    private void supersede(String previous, String jobId) {
        if (previous == null) {
            return;
        }
        try {
            if (jobs.find(previous).map(j -> !j.state().isFinal()).orElse(false)) {
                jobs.cancel(previous, "Superseded by job " + jobId + ", which sends the whole study again with the instances "
                        + "that arrived since");
                LOG.infof("Receive: job %s of study superseded by job %s", previous, jobId);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Receive: could not cancel job %s, superseded by %s: %s", previous, jobId, e.getMessage());
        }
    }

    private static String skippedNote(Study s) {
        return s.skipped == 0 ? "" : "; " + s.skipped + " instance" + (s.skipped == 1 ? "" : "s") + " skipped";
    }

    /**
     * The study goes out under one pair of values: the first instance whose rule sets a value
     * decides (a study has one Accession Number at the router, §5), else the first instance's rule.
     */
    private static Rules.Verdict studyVerdict(List<Held> files) {
        for (Held h : files) {
            if (h.verdict().action() == Rule.Action.SET) {
                return h.verdict();
            }
        }
        return files.get(0).verdict();
    }

    /** Everything known, most recent first. */
    public List<ReceivedStudy> list() {
        Instant now = clock.instant();
        List<ReceivedStudy> out = new ArrayList<>();
        synchronized (studies) {
            for (Study s : studies.values()) {
                out.add(view(s, now));
            }
        }
        out.sort(Comparator.comparing(ReceivedStudy::lastArrival).reversed());
        return out;
    }

    public Optional<ReceivedStudy> find(String studyUid) {
        synchronized (studies) {
            Study s = studies.get(studyUid);
            return s == null ? Optional.empty() : Optional.of(view(s, clock.instant()));
        }
    }

    private ReceivedStudy view(Study s, Instant now) {
        // The last job as the registry knows it, read once (it may come from the store): its state decides much here.
        Optional<JobView> last = s.jobIds.isEmpty() ? Optional.empty() : jobs.find(s.jobIds.get(s.jobIds.size() - 1));
        ReceivedState state;
        if (s.pending || s.forwarding) {
            state = ReceivedState.ARRIVING;
        } else if (s.message != null) {
            state = ReceivedState.FAILED;
        } else if (last.map(j -> j.state() == JobState.WAITING_FOR_ORDER).orElse(false)) {
            // its job waits for a person to choose its order: the job holds its own copy, expired or not
            state = ReceivedState.WAITING;
        } else if (s.expired) {
            state = !s.jobIds.isEmpty() ? ReceivedState.EXPIRED : s.skipped > 0 ? ReceivedState.SKIPPED : ReceivedState.DISCARDED;
        } else if (s.jobIds.isEmpty()) {
            state = s.skipped > 0 ? ReceivedState.SKIPPED : ReceivedState.DISCARDED;
        } else {
            state = last.map(j -> j.state().isFinal()).orElse(true) ? ReceivedState.KEPT : ReceivedState.FORWARDED;
        }
        String jobState = last.map(JobView::state).map(Enum::name).orElse(null);
        long bytes = s.held.values().stream().mapToLong(Held::bytes).sum();
        List<String> notTaken = s.held.values().stream().filter(h -> h.notTaken() != null)
                .map(h -> h.sopInstanceUid() + " in " + h.notTaken()).toList();
        return new ReceivedStudy(s.uid, List.copyOf(s.callingAes), state, s.held.size(), s.skipped, s.late, s.discarded, bytes,
                s.rule, s.changes, List.copyOf(s.jobIds), jobState, s.message, s.firstArrival, s.lastArrival,
                s.pending ? s.lastArrival.plus(idle) : null,
                s.forwardedAt != null && !s.expired ? s.forwardedAt.plus(keep) : null,
                notTaken);
    }

    /** Forgets the oldest studies whose files are gone once there are more than {@code history}. */
    private void trim() {
        Iterator<Study> it = studies.values().iterator();
        while (studies.size() > history && it.hasNext()) {
            Study s = it.next();
            if (s.expired) {
                it.remove();
            }
        }
    }

    /** Removes every kept file (at shutdown the records go; the durable jobs stay). */
    void clear() {
        synchronized (studies) {
            studies.values().forEach(this::expire);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A held instance's file goes, and its bytes leave the budget. */
    private void drop(Held h) {
        delete(h.file());
        quota.release(h.reserved());
    }

    private static void delete(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            LOG.debugf("Receive: cannot delete %s: %s", p, e.getMessage());
        }
    }
}
