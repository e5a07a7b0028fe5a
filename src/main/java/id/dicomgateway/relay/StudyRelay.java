package id.dicomgateway.relay;

import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.FailureCause;
import id.dicomgateway.dimse.RefusedSyntaxException;
import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.dimse.UnplannedInstanceException;
import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.orders.StudyFacts;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.StudyQuery;
import id.dicomgateway.pacs.StudySummary;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.files.Workspace;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobLogs;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.Failures;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.outcome.RouterFailure;
import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import id.dicomgateway.relay.router.RouterSender;
import id.dicomgateway.relay.router.SendGuard;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The use case of process and direct-dcm, one entry ({@link #process}): the study from the PACS into the request's
 * temp directory, each instance validated and edited (unless relaying unchanged) as it arrives and sent to the router
 * while the rest is still coming, ALL of it in one association. The router acts on a study only when that association
 * is released, and it is released only when every instance arrived valid.
 */
@Singleton
public class StudyRelay {
    private static final Logger LOG = Logger.getLogger(StudyRelay.class);

    private final PacsClient pacs;
    private final TempArea temp;
    private final RouterSender sender;
    private final RelayMetrics metrics;
    private final JobRegistry jobs;
    private final SendGuard guard;
    private final Confirmation confirmation;
    private final ReceiverSyntaxes receiver;
    private final JobLogs logs;
    private final Reconciliation reconciliation;
    private final RequestJobs requests;

    /** The job check saying in which syntax the study went, when the PACS had to convert it. */
    public static final String SYNTAX_CHECK = "transferSyntax";

    public StudyRelay(PacsClient pacs, TempArea temp, RouterSender sender, RelayMetrics metrics, JobRegistry jobs, SendGuard guard,
            Confirmation confirmation, ReceiverSyntaxes receiver, JobLogs logs, Reconciliation reconciliation, RequestJobs requests) {
        this.pacs = pacs;
        this.temp = temp;
        this.sender = sender;
        this.metrics = metrics;
        this.jobs = jobs;
        this.guard = guard;
        this.confirmation = confirmation;
        this.receiver = receiver;
        this.logs = logs;
        this.reconciliation = reconciliation;
        this.requests = requests;
    }

    /**
     * What the PACS's study search says of study {@code studyUid} for reconciliation (issue 24 item 3): its
     * AccessionNumber, PatientID, modalities and StudyDate; empty when the PACS does not know it or does not answer
     * (the fetch then fails as it always did). Blocking.
     */
    private Optional<StudyFacts> facts(String studyUid) {
        try {
            List<StudySummary> found = pacs.searchStudies(new StudyQuery(studyUid, null, null, null, null, null, null, 1, 0)).studies();
            if (found.isEmpty()) {
                return Optional.empty();
            }
            StudySummary s = found.get(0);
            List<String> modalities = s.modalitiesInStudy() == null || s.modalitiesInStudy().isEmpty() ? java.util.Collections.singletonList(null)
                    : s.modalitiesInStudy();
            return Optional.of(StudyFacts.of(modalities.stream()
                    .map(m -> new StudyFacts.Values(s.accessionNumber(), s.patientId(), m, s.studyDate())).toList()));
        } catch (RuntimeException e) {
            LOG.infof("Study %s: the PACS's study search did not answer for the orders (%s)", studyUid, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * process and direct-dcm, and a stored job of either that a worker took up again ({@link RelayCommand#job()}): the
     * request's steps in order, numbered as docs/architecture.md §2.0 draws them. Bad values, a study that would be
     * dropped and (without {@code async}) a study no single order matches fail before a job exists. The job's work:
     * the study from the PACS into the request's temp directory, each instance validated and edited as it arrives
     * ({@link ArrivingStudy}); once the first one says what the study will be filed under, SATUSEHAT clears it
     * ({@link SendGuard}: nothing is sent if it refuses); then every instance goes to the router in ONE association while
     * the rest is still arriving. If the router does not take the stored syntax, the whole study again, converted by
     * the PACS. On a complete send the SATUSEHAT confirmation starts ({@code verify}). Synchronously the caller gets
     * what was relayed; with {@code async} the accepted job at once, while the work goes on in {@link BackgroundJobs}.
     *
     * <p>If the PACS fails, or sends a broken instance, after some instances went out, the association is aborted,
     * never released: the router acts on a study only at release (docs/architecture.md §5), so it files none of it,
     * and the error names what it had received.
     */
    public Uni<RelayAnswer> process(RelayCommand command) {
        long start = System.nanoTime();
        // 1-3: edits, orders, routable, the job; a stored job a worker took up is open already
        return (command.job() == null ? opened(command) : Uni.createFrom().item(new StudyJob(command.job(), command, false)))
                .chain(job -> job.waits ? Uni.createFrom().item(RelayAnswer.accepted(job.id)) : requests.answer(job.id,
                        // deferred: the workspace and the handler that removes it come into being together, so a
                        // cancellation (the client went away) at any point still removes it.
                        Uni.createFrom().deferred(() -> {
                            Workspace ws = temp.open();                                             // 4 gw-req-* directory
                            jobs.phase(job.id, JobPhase.FETCHING);
                            Function<String, Uni<StudyResult>> attempt = syntax -> fetched(job, ws, syntax) // 5 fetch
                                    // 6 the router files the study under the values it carries AFTER editing
                                    .chain(study -> guard.clear(job.id, study.values().accessionNumber(),
                                                    study.values().patientId(), job.command.force())
                                            // back on the job's context before the association opens: dimse runs it on the context it is called on
                                            .emitOn(job.worker)
                                            .invoke(() -> counted(job, study))                      // 7 counts
                                            .chain(() -> {                                          // 8 send while arriving
                                                List<StoreResult> received = new CopyOnWriteArrayList<>();
                                                ReleaseGate gate = jobs.releaseGate(job.id);
                                                return sender.sendArriving(job.studyUid(), study.listedSopClasses(), study.instances(),
                                                                gate, each(job, received))
                                                        .onFailure(UnplannedInstanceException.class).recoverWithUni(e -> again(job, study, gate, e))
                                                        .onFailure(RefusedSyntaxException.class).transform(f -> refused(job, (RefusedSyntaxException) f))
                                                        .onFailure(f -> !(f instanceof RouterFailure) && !(f instanceof StoredSyntaxRefused))
                                                        .transform(f -> afterAbort(job.studyUid(), f, received, study.arrived()));
                                            })
                                            // back to a worker: removing the directory is file I/O, not for the event loop
                                            .emitOn(job.worker)
                                            .onItemOrFailure().call((r, f) -> stopped(study))
                                            .onCancellation().invoke(study::stop));
                            return attempt.apply(null)
                                    // 5' the router refuses the stored syntax: nothing was released; all of it again, decompressed
                                    .onFailure(StoredSyntaxRefused.class).recoverWithUni(f -> decompressed(job,
                                            ((StoredSyntaxRefused) f).stored, () -> attempt.apply(TransferSyntax.EXPLICIT_VR_LE.uid())))
                                    .onTermination().invoke(ws::close);
                        }).runSubscriptionOn(job.worker)
                        .emitOn(job.worker)
                        .onFailure().transform(Failures::translate)
                        .invoke(result -> sender.requireComplete(List.of(result)))                 // 9 all stored, or ROUTER_*
                        .invoke(result -> confirmed(job, result))                                  // 10 SATUSEHAT, later
                        .onItemOrFailure().invoke((result, failure) -> measured(job, result, failure)) // 11 metrics
                        .map(result -> relayed(result, start)),                                    // 12 the answer
                        job.command.async()));
    }

    /**
     * Steps 1-3 of a new request: its edits against their VR (400), the orders when it has no AccessionNumber (409, or
     * with {@code async} a job that waits, nothing fetched), a study that would be dropped (422), then its job, whose
     * durable record is written before anything is answered (JDBC blocks: on a worker).
     */
    private Uni<StudyJob> opened(RelayCommand command) {
        TagEdits asked = edits(command);
        Uni<Reconciliation.Decision> decided = !command.matchOrders() || asked.accessionNumber() != null
                ? Uni.createFrom().item(Reconciliation.Decision.NOT_NEEDED)
                // Issue 24 item 3: what the PACS says of the study decides whether an order's values go in (JDBC and QIDO: a worker).
                : Uni.createFrom().item(() -> reconcile(command, asked)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        return decided.chain(decision -> {
            if (decision.waits()) {
                return Uni.createFrom().item(() -> new StudyJob(waitForOrder(command, decision), command, true))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
            }
            // Stamped, a direct-dcm study is edited: its job is a process job, so a retry stamps it again.
            RelayCommand stamped = decision.order() == null ? command : RelayCommand.process(command.study(),
                    decision.order().patientId(), decision.order().accessionNumber(), command.force(), command.verify(),
                    command.async()).withoutOrderMatching();
            TagEdits edits = edits(stamped);
            if (edits.accessionNumber() != null && edits.patientId() != null) {
                guard.requireRoutable(edits.accessionNumber(), edits.patientId()); // both known: fail before fetching
            }
            return Uni.createFrom().item(() -> {
                String id = jobs.create(stamped.operation().kind(), stamped.study(), edits.accessionNumber(), edits.patientId(),
                        stamped.force(), stamped.verify(), stamped.async()).id();
                reconciliation.record(id, decision);
                return new StudyJob(id, stamped, false);
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        });
    }

    /** What a command stamps: nothing for direct-dcm; else LO ≤ 64 / SH ≤ 16 (domain.md §6), or 400 INVALID_VALUE. */
    private static TagEdits edits(RelayCommand command) {
        return command.operation() == RelayCommand.Operation.DIRECT ? TagEdits.none()
                : Editor.edits(command.patientId(), command.accessionNumber());
    }

    /**
     * The same decision as for an upload (issue 24 item 3) for a study of the PACS (process without an
     * AccessionNumber, direct-dcm), from its study search: asked only when orders are in use at all, so a hospital that
     * posts none sees no extra query.
     */
    private Reconciliation.Decision reconcile(RelayCommand command, TagEdits edits) {
        if (!reconciliation.inUse()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        return facts(command.study())
                .map(facts -> RequestJobs.settled(command, reconciliation.decide("Send: study " + Printable.escape(command.study()),
                        facts, edits.patientId(), "sent as it is", command.async())))
                .orElse(Reconciliation.Decision.NOT_NEEDED);
    }

    /**
     * A study of the PACS no single order matched, sent async: its job (a process job, so the order's values are stamped
     * when it is assigned) waits with nothing fetched; once assigned any replica's worker fetches and sends it. Its id.
     */
    private String waitForOrder(RelayCommand command, Reconciliation.Decision decision) {
        String id = jobs.createWaiting(RelayCommand.Operation.PROCESS.kind(), command.study(),
                command.patientId() == null || command.patientId().isEmpty() ? null : command.patientId(), command.force(),
                command.verify(), decision.note()).id();
        reconciliation.record(id, decision);
        return id;
    }

    /** One run of the job's work: its id, the command as it goes (stamped), its log context, what it is filed under. */
    private final class StudyJob {
        final String id;
        final RelayCommand command;
        /** No work: the job waits for a person to assign it an order. */
        final boolean waits;
        /** Every step on the job's log context: PACS reads on workers, the association on the event loop (JobLogs). */
        final JobLogs.Scope log;
        final Executor worker;
        final long start = System.nanoTime();
        /** The first instance's values after editing, once SATUSEHAT cleared them. */
        volatile ArrivingStudy.Values filed;

        StudyJob(String id, RelayCommand command, boolean waits) {
            this.id = id;
            this.command = command;
            this.waits = waits;
            // the values as edited; a stored job's values are checked by its work (edits()), which then fails the job
            String accession = command.operation() == RelayCommand.Operation.DIRECT || command.accessionNumber() == null
                    || command.accessionNumber().isEmpty() ? null : command.accessionNumber();
            this.log = logs.of(id, command.study(), accession);
            this.worker = log.on(Infrastructure.getDefaultWorkerPool());
        }

        String studyUid() {
            return command.study();
        }

        TagEdits edits() {
            return StudyRelay.edits(command);
        }
    }

    /**
     * Step 5: starts fetching the study as stored ({@code syntax} null) or converted by the PACS, and waits for its
     * first instance. As stored, its syntax decides before anything is sent: a syntax the router does not take (the
     * probe says refused) stops this fetch and fails with {@link StoredSyntaxRefused}; the caller asks the PACS for the
     * whole study in Explicit VR LE instead (PS3.18 8.7.3.5), checked as it arrives, and sent so, in one association.
     */
    private Uni<ArrivingStudy> fetched(StudyJob job, Workspace ws, String syntax) {
        ArrivingStudy study = ArrivingStudy.start(pacs, ws, job.studyUid(), job.edits(), job.worker, syntax);
        return study.first()
                .chain(v -> (syntax != null ? Uni.createFrom().item(true) : receiver.takes(v.sopClassUid(), v.transferSyntaxUid()))
                        .map(takes -> {
                            if (!takes) {
                                throw new StoredSyntaxRefused(v);
                            }
                            return study;
                        }))
                .emitOn(job.worker)
                .onFailure().call(f -> stopped(study))
                .onCancellation().invoke(study::stop);
    }

    /** Step 7: the values the study is filed under go to the log; the job counts its instances (the PACS's count: progress only). */
    private void counted(StudyJob job, ArrivingStudy study) {
        job.filed = study.values();
        job.log.put(JobLogs.ACCESSION_NUMBER, job.filed.accessionNumber());
        jobs.started(job.id, study.countNow().orElse(0), 0);
        // Progress only: a count that never comes changes nothing.
        study.count().subscribe().with(n -> n.ifPresent(total -> jobs.expect(job.id, total)), failure -> {
        });
    }

    /** Each result as the router answers it: kept (what it had received, if the fetch fails later) and told to the job. */
    private Consumer<StoreResult> each(StudyJob job, List<StoreResult> received) {
        return r -> {
            received.add(r);
            jobs.instanceDone(job.id, InstanceResult.of(r));
            if (r.cause() == FailureCause.NO_PRESENTATION_CONTEXT) {
                receiver.refreshInBackground(); // a refusal says the router changed: learn it again
            }
        };
    }

    /**
     * An instance needed a presentation context the association did not propose (its SOP class or syntax was not known
     * yet): that association ended with A-ABORT; the whole study, fetched by then, goes again in a new one.
     */
    private Uni<StudyResult> again(StudyJob job, ArrivingStudy study, ReleaseGate gate, Throwable unplanned) {
        LOG.infof("Study %s: %s; sending the whole study again in a new association", job.studyUid(), unplanned.getMessage());
        return study.done().chain(all -> refusedAmong(all).chain(refused -> {
            if (refused != null) {
                return Uni.createFrom().failure(new StoredSyntaxRefused(refused));
            }
            jobs.started(job.id, all.size(), 0);
            return sender.sendStudy(job.studyUid(), all, gate, r -> jobs.instanceDone(job.id, InstanceResult.of(r)));
        }));
    }

    /**
     * The association itself said no to an instance's own encapsulated syntax: whatever the cache said, and whether that
     * instance came first, later, or was there when the contexts were proposed. It was aborted, so the router files none
     * of it; the PACS decompresses.
     */
    private StoredSyntaxRefused refused(StudyJob job, RefusedSyntaxException f) {
        f.refused().forEach(r -> receiver.refused(r.pair().sopClassUid(), r.pair().transferSyntaxUid()));
        RefusedSyntaxException.Refused first = f.refused().get(0);
        LOG.infof("Study %s: %s", job.studyUid(), f.getMessage());
        return new StoredSyntaxRefused(new ArrivingStudy.Values(null, null, first.pair().sopClassUid(),
                first.pair().transferSyntaxUid(), first.sopInstanceUid()));
    }

    /**
     * Step 5': the router does not take the stored syntax ({@code stored}): {@code again}, the whole study again in
     * Explicit VR LE, converted by the PACS; the job says so (check {@value #SYNTAX_CHECK}).
     */
    private Uni<StudyResult> decompressed(StudyJob job, ArrivingStudy.Values stored, Supplier<Uni<StudyResult>> again) {
        String studyUid = job.studyUid();
        String jobId = job.id;
        Executor worker = job.worker;
        TransferSyntax storedSyntax = TransferSyntax.of(stored.transferSyntaxUid());
        String explicit = TransferSyntax.EXPLICIT_VR_LE.uid();
        String why = "the study is stored in " + storedSyntax.name() + " (" + storedSyntax.uid() + "), which the router "
                + sender.router() + " does not take for SOP class " + stored.sopClassUid();
        LOG.infof("Study %s: %s; asking the PACS for Explicit VR Little Endian", studyUid, why);
        jobs.check(jobId, SYNTAX_CHECK, CheckStatus.PENDING, why + "; asking the PACS to decompress it");
        return again.get()
                // asked for Explicit VR LE, an instance still in a syntax the router refuses: the PACS did not convert it
                .onFailure(StoredSyntaxRefused.class).transform(f -> new RelayException(FailureCode.PACS_ERROR, f.getMessage()))
                .invoke(r -> jobs.check(jobId, SYNTAX_CHECK, CheckStatus.PASSED, "decompressed by the PACS: " + why
                        + "; sent as Explicit VR Little Endian" + (lossy(storedSyntax)
                        ? " (lossy compressed at the source: the PACS's Lossy Image Compression (0028,2110) goes with it)" : "")))
                // A PACS that cannot convert one instance may say so with a 5xx before its answer, or,
                // having streamed the instances before it (Orthanc does), by breaking the answer off:
                // asked one by one, the instances it cannot convert show which it is.
                .onFailure(f -> PACS_FAILURES.contains(Failures.codeOf(f))).recoverWithUni(f ->
                        notDecompressed(studyUid, explicit, worker).onItem().transformToUni(names -> {
                            boolean cannot = Failures.codeOf(f) == FailureCode.PACS_CANNOT_DECOMPRESS;
                            if (names.isEmpty() && !cannot) {
                                return Uni.createFrom().failure(Failures.translate(f)); // the PACS failed for another reason
                            }
                            String which = names.isEmpty()
                                    ? "Instance " + stored.sopInstanceUid() + " is in " + storedSyntax.name()
                                            + "; asked one by one, the PACS did not say which instances it cannot convert"
                                    : "The PACS cannot send these " + names.size() + " instance(s) in Explicit VR Little Endian: "
                                            + String.join(", ", names);
                            String sent = f instanceof RouterFailure
                                    ? "The router received the instances before them in an association that was aborted, not released, so it files none"
                                    : "Nothing was sent";
                            String message = "PACS_CANNOT_DECOMPRESS: " + why + ", and the PACS could not send it decompressed ("
                                    + firstSentence(f.getMessage()) + "). " + which + ". " + sent
                                    + ". Fix: let the PACS decompress them (Orthanc: the orthanc-gdcm plugin for JPEG 2000), or a router that takes "
                                    + storedSyntax.name();
                            jobs.check(jobId, SYNTAX_CHECK, CheckStatus.FAILED, message);
                            return Uni.createFrom().failure(new RelayException(FailureCode.PACS_CANNOT_DECOMPRESS, message));
                        }));
    }

    /** What a failed conversion by the PACS may look like (see {@link #decompressed}). */
    private static final Set<FailureCode> PACS_FAILURES = Set.of(FailureCode.PACS_CANNOT_DECOMPRESS, FailureCode.PACS_ERROR,
            FailureCode.PACS_UNREACHABLE);

    /** A lower layer's message up to its first sentence's end: the rest (what the router got) is said anew. */
    private static String firstSentence(String message) {
        int end = message == null ? -1 : message.indexOf(". ");
        return end < 0 ? String.valueOf(message) : message.substring(0, end);
    }

    /**
     * Which instances the PACS cannot send in {@code syntax}, each asked for alone (the whole study's
     * request fails without saying); empty when that cannot be told either.
     */
    private Uni<List<String>> notDecompressed(String studyUid, String syntax, Executor worker) {
        return Uni.createFrom().item(() -> pacs.instancesNotAvailableIn(studyUid, syntax)).runSubscriptionOn(worker)
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Study %s: which instances the PACS cannot convert is unknown: %s", studyUid, e.getMessage());
                    return List.of();
                });
    }

    /** PS3.5 A.4: the lossy members of the JPEG, JPEG-LS and JPEG 2000 families. */
    private static boolean lossy(TransferSyntax ts) {
        return switch (ts.uid()) {
            case "1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51", "1.2.840.10008.1.2.4.81", "1.2.840.10008.1.2.4.91",
                    "1.2.840.10008.1.2.4.93" -> true;
            default -> false;
        };
    }

    /** The first instance of {@code all} in a compressed syntax the router refuses, or null (item) when there is none. */
    private Uni<ArrivingStudy.Values> refusedAmong(List<StoreRequest> all) {
        Map<String, StoreRequest> pairs = new LinkedHashMap<>();
        for (StoreRequest r : all) {
            if (r.header().transferSyntaxUid() != null && !r.header().transferSyntax().isUncompressed()) {
                pairs.putIfAbsent(r.header().sopClassUid() + "|" + r.header().transferSyntaxUid(), r);
            }
        }
        Uni<ArrivingStudy.Values> found = Uni.createFrom().nullItem();
        for (StoreRequest r : pairs.values()) {
            found = found.chain(before -> before != null ? Uni.createFrom().item(before)
                    : receiver.takes(r.header().sopClassUid(), r.header().transferSyntaxUid()).map(takes -> takes ? null
                            : new ArrivingStudy.Values(null, null, r.header().sopClassUid(), r.header().transferSyntaxUid(),
                                    r.header().sopInstanceUid())));
        }
        return found;
    }

    /** A later instance of the study is in a compressed syntax the router refuses (found before anything was released). */
    private static final class StoredSyntaxRefused extends RuntimeException {
        final ArrivingStudy.Values stored;

        StoredSyntaxRefused(ArrivingStudy.Values stored) {
            super("instance " + stored.sopInstanceUid() + " is in " + stored.transferSyntaxUid()
                    + ", which the router does not take", null, false, false);
            this.stored = stored;
        }
    }

    /** The fetch failed mid-send: the error, and if the router had received some of it, which. */
    private RuntimeException afterAbort(String studyUid, Throwable failure, List<StoreResult> received, int arrived) {
        Throwable translated = Failures.translate(failure);
        RuntimeException error = translated instanceof RuntimeException r ? r : new UncheckedIOException(new IOException(translated));
        List<StoreResult> stored = received.stream().filter(StoreResult::stored).toList();
        if (stored.isEmpty() || !(error instanceof RelayException api)) {
            return error;
        }
        String message = api.getMessage() + ". The router had received " + stored.size() + " of the " + arrived
                + " instances fetched so far; the association was aborted, not released, so the router files none of them."
                + " Send the study again once the PACS can deliver all of it";
        StudyResult partial = RouterSender.account(studyUid, Math.max(arrived, received.size()), received);
        return new RouterFailure(api.code(), message, List.of(partial));
    }

    /** Waits, briefly, for the fetch to end before its directory is removed; a late writer cleans up after itself. */
    private static Uni<Void> stopped(ArrivingStudy study) {
        study.stop();
        return study.done().replaceWithVoid()
                .onFailure().recoverWithNull()
                .ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem((Void) null);
    }

    /** Step 10, a complete send: watch for SATUSEHAT's ImagingStudy, unless the caller said not to. The stage is not awaited. */
    private void confirmed(StudyJob job, StudyResult result) {
        confirmation.afterSend(job.id, job.filed.accessionNumber(), result, job.command.verify());
    }

    /** Step 11: the request's metrics, by operation. */
    private void measured(StudyJob job, StudyResult result, Throwable failure) {
        Duration took = Duration.ofNanos(System.nanoTime() - job.start);
        if (failure == null) {
            metrics.sent(job.command.operation().label(), List.of(result), took);
        } else {
            metrics.failed(job.command.operation().label(), job.studyUid(), failure, took);
        }
    }

    /** Step 12: what was relayed, in words too (the same words end the job). */
    private Relayed relayed(StudyResult r, long start) {
        return new Relayed(r.sent() + " instance" + (r.sent() == 1 ? "" : "s") + " of study " + r.study() + " sent to "
                + sender.router() + " in one association", 0, r.instances(), List.of(r), RequestJobs.millisSince(start));
    }
}
