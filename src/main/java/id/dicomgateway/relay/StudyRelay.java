package id.dicomgateway.relay;

import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.FailureCause;
import id.dicomgateway.dimse.RefusedSyntaxException;
import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.dimse.UnplannedInstanceException;
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
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * process and direct-dcm: the study from the PACS into the request's temp directory, each instance
 * validated and edited (unless relaying unchanged) as it arrives and sent to the router while the
 * rest is still coming, ALL of it in one association. The router acts on a study only when that
 * association is released, and it is released only when every instance arrived valid.
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

    /** The job check saying in which syntax the study went, when the PACS had to convert it. */
    public static final String SYNTAX_CHECK = "transferSyntax";

    public StudyRelay(PacsClient pacs, TempArea temp, RouterSender sender, RelayMetrics metrics, JobRegistry jobs,
            SendGuard guard, Confirmation confirmation, ReceiverSyntaxes receiver, JobLogs logs) {
        this.logs = logs;
        this.receiver = receiver;
        this.pacs = pacs;
        this.temp = temp;
        this.sender = sender;
        this.metrics = metrics;
        this.jobs = jobs;
        this.guard = guard;
        this.confirmation = confirmation;
    }

    /**
     * What the PACS's study search says of study {@code studyUid} for reconciliation (issue 24 item 3): its
     * AccessionNumber, PatientID, modalities and StudyDate; empty when the PACS does not know it or does not answer
     * (the fetch then fails as it always did). Blocking.
     */
    Optional<StudyFacts> facts(String studyUid) {
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

    /** Untracked, checked, not confirmed: as {@link #relay(RelayCommand, TagEdits, String)}. */
    public Uni<StudyResult> relay(String operation, String studyUid, TagEdits edits) {
        return run(operation, studyUid, edits, null, false, false);
    }

    /**
     * Fetches, validates and edits each instance as it arrives ({@link ArrivingStudy}); once the
     * first one says what the study will be filed under, clears it with {@link SendGuard} (nothing
     * is sent if it refuses), then sends every instance in one association while the rest is still
     * arriving. On a complete send starts the SATUSEHAT confirmation when the command says
     * {@code verify}. Reports each step into job {@code jobId}; ending the job is {@link Relay}'s.
     *
     * <p>If the PACS fails, or sends a broken instance, after some instances went out, the
     * association is aborted, never released: the router acts on a study only at release
     * (docs/architecture.md §5), so it files none of it, and the error names
     * what it had received.
     */
    Uni<StudyResult> relay(RelayCommand command, TagEdits edits, String jobId) {
        return run(command.operation().label(), command.study(), edits, jobId, command.force(), command.verify());
    }

    private Uni<StudyResult> run(String operation, String studyUid, TagEdits edits, String jobId, boolean force, boolean verify) {
        // Every step on the job's log context: PACS reads on workers, the association on the event loop (JobLogs).
        JobLogs.Scope log = logs.of(jobId, studyUid, edits.accessionNumber());
        Executor worker = log.on(Infrastructure.getDefaultWorkerPool());
        long start = System.nanoTime();
        AtomicReference<ArrivingStudy.Values> values = new AtomicReference<>();
        // deferred: the workspace and the handler that removes it come into being together, so a
        // cancellation (the client went away) at any point still removes it.
        return Uni.createFrom().deferred(() -> {
                    Workspace ws = temp.open();
                    jobs.phase(jobId, JobPhase.FETCHING);
                    return fetchAndSend(studyUid, ws, edits, jobId, force, values, worker, null, log)
                            .onTermination().invoke(ws::close);
                }).runSubscriptionOn(worker)
                .emitOn(worker)
                .onFailure().transform(Failures::translate)
                .invoke(result -> sender.requireComplete(List.of(result)))
                .invoke(result -> confirm(jobId, values.get().accessionNumber(), result, verify))
                .onItemOrFailure().invoke((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (failure == null) {
                        metrics.sent(operation, List.of(result), took);
                    } else {
                        metrics.failed(operation, studyUid, failure, took);
                    }
                });
    }

    /**
     * Fetches the study as stored ({@code transferSyntaxUid} null) or converted by the PACS, and sends
     * it. As stored, the first instance's syntax decides before anything is sent: if the router does
     * not take it (compressed, and the probe says refused), this fetch stops and the whole study is
     * asked of the PACS in Explicit VR LE instead (PS3.18 8.7.3.5), checked as it arrives, and sent
     * so, in one association; the job says so (check {@value #SYNTAX_CHECK}).
     */
    private Uni<StudyResult> fetchAndSend(String studyUid, Workspace ws, TagEdits edits, String jobId, boolean force,
                                          AtomicReference<ArrivingStudy.Values> values, Executor worker, String transferSyntaxUid,
                                          JobLogs.Scope log) {
        ArrivingStudy study = ArrivingStudy.start(pacs, ws, studyUid, edits, worker, transferSyntaxUid);
        return study.first()
                .chain(v -> (transferSyntaxUid != null ? Uni.createFrom().item(true)
                        : receiver.takes(v.sopClassUid(), v.transferSyntaxUid())).map(takes -> takes ? v : null))
                .emitOn(worker)
                .chain(v -> {
                    if (v == null) {
                        return stopped(study).chain(() -> study.first()).chain(stored -> decompressed(studyUid, ws, edits,
                                jobId, force, values, worker, stored, log));
                    }
                    // the router files the study under the values it carries AFTER editing
                    // back on the job's context before the association opens: dimse runs it on the context it is called on
                    return guard.clear(jobId, v.accessionNumber(), v.patientId(), force).replaceWith(v).emitOn(worker)
                            .chain(cleared -> {
                                values.set(cleared);
                                log.put(JobLogs.ACCESSION_NUMBER, cleared.accessionNumber());
                                return send(studyUid, study, jobId);
                            });
                })
                // a later instance in a syntax the router refuses: nothing was released; all of it again, decompressed
                .onFailure(StoredSyntaxRefused.class).recoverWithUni(f -> transferSyntaxUid != null
                        ? Uni.createFrom().failure(new RelayException(FailureCode.PACS_ERROR, f.getMessage()))
                        : stopped(study).chain(() -> decompressed(studyUid, ws, edits, jobId, force, values, worker,
                                ((StoredSyntaxRefused) f).stored, log)))
                // back to a worker: removing the directory is file I/O, not for the event loop
                .emitOn(worker)
                .onItemOrFailure().call((r, f) -> stopped(study))
                .onCancellation().invoke(study::stop);
    }

    /** The router does not take the stored syntax: the whole study again, decompressed by the PACS. */
    private Uni<StudyResult> decompressed(String studyUid, Workspace ws, TagEdits edits, String jobId, boolean force,
                                          AtomicReference<ArrivingStudy.Values> values, Executor worker,
                                          ArrivingStudy.Values stored, JobLogs.Scope log) {
        TransferSyntax storedSyntax = TransferSyntax.of(stored.transferSyntaxUid());
        String explicit = TransferSyntax.EXPLICIT_VR_LE.uid();
        String why = "the study is stored in " + storedSyntax.name() + " (" + storedSyntax.uid() + "), which the router "
                + sender.router() + " does not take for SOP class " + stored.sopClassUid();
        LOG.infof("Study %s: %s; asking the PACS for Explicit VR Little Endian", studyUid, why);
        jobs.check(jobId, SYNTAX_CHECK, CheckStatus.PENDING, why + "; asking the PACS to decompress it");
        return fetchAndSend(studyUid, ws, edits, jobId, force, values, worker, explicit, log)
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

    /**
     * Sends the instances as they arrive. An instance that needs a presentation context the
     * association did not propose (its SOP class or syntax was not known yet) ends that association
     * with A-ABORT; the whole study, fetched by then, goes again in a new one.
     */
    private Uni<StudyResult> send(String studyUid, ArrivingStudy study, String jobId) {
        jobs.started(jobId, study.countNow().orElse(0), 0);
        // Progress only: a count that never comes changes nothing.
        study.count().subscribe().with(n -> n.ifPresent(total -> jobs.expect(jobId, total)), failure -> {
        });
        List<StoreResult> received = new CopyOnWriteArrayList<>();
        ReleaseGate gate = jobs.releaseGate(jobId);
        return sender.sendArriving(studyUid, study.listedSopClasses(), study.instances(), gate, r -> {
                    received.add(r);
                    jobs.instanceDone(jobId, InstanceResult.of(r));
                    if (r.cause() == FailureCause.NO_PRESENTATION_CONTEXT) {
                        receiver.refreshInBackground(); // a refusal says the router changed: learn it again
                    }
                })
                .onFailure(UnplannedInstanceException.class).recoverWithUni(e -> {
                    LOG.infof("Study %s: %s; sending the whole study again in a new association", studyUid, e.getMessage());
                    return study.done().chain(all -> refusedAmong(all).chain(refused -> {
                        if (refused != null) {
                            return Uni.createFrom().failure(new StoredSyntaxRefused(refused));
                        }
                        jobs.started(jobId, all.size(), 0);
                        return sender.sendStudy(studyUid, all, gate, r -> jobs.instanceDone(jobId, InstanceResult.of(r)));
                    }));
                })
                // The association itself said no to an instance's own encapsulated syntax: whatever the
                // cache said, and whether that instance came first, later, or was there when the contexts
                // were proposed. It was aborted, so the router files none of it; the PACS decompresses.
                .onFailure(RefusedSyntaxException.class).transform(f -> {
                    List<RefusedSyntaxException.Refused> refused = ((RefusedSyntaxException) f).refused();
                    refused.forEach(r -> receiver.refused(r.pair().sopClassUid(), r.pair().transferSyntaxUid()));
                    RefusedSyntaxException.Refused first = refused.get(0);
                    LOG.infof("Study %s: %s", studyUid, f.getMessage());
                    return new StoredSyntaxRefused(new ArrivingStudy.Values(null, null, first.pair().sopClassUid(),
                            first.pair().transferSyntaxUid(), first.sopInstanceUid()));
                })
                .onFailure(f -> !(f instanceof RouterFailure) && !(f instanceof StoredSyntaxRefused)).transform(f -> afterAbort(studyUid, f, received, study.arrived()));
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

    /** A complete send: watch for SATUSEHAT's ImagingStudy, unless the caller said not to. The stage is not awaited. */
    private void confirm(String jobId, String accessionNumber, StudyResult result, boolean verify) {
        if (jobId == null) {
            return;
        }
        if (verify && !result.stored().isEmpty()) {
            confirmation.confirm(jobId, accessionNumber, Set.copyOf(result.stored()));
        } else {
            confirmation.skipped(jobId, verify ? "nothing was stored" : "verify=false");
        }
    }
}
