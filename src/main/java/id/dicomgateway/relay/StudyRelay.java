package id.dicomgateway.relay;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.StoreResult;
import id.dicomgateway.dimse.UnplannedInstanceException;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
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

    public StudyRelay(PacsClient pacs, TempArea temp, RouterSender sender, RelayMetrics metrics, JobRegistry jobs,
            SendGuard guard, Confirmation confirmation) {
        this.pacs = pacs;
        this.temp = temp;
        this.sender = sender;
        this.metrics = metrics;
        this.jobs = jobs;
        this.guard = guard;
        this.confirmation = confirmation;
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
        Executor worker = Infrastructure.getDefaultWorkerPool();
        long start = System.nanoTime();
        AtomicReference<ArrivingStudy.Values> values = new AtomicReference<>();
        // deferred: the workspace and the handler that removes it come into being together, so a
        // cancellation (the client went away) at any point still removes it.
        return Uni.createFrom().deferred(() -> {
                    Workspace ws = temp.open();
                    jobs.phase(jobId, JobPhase.FETCHING);
                    ArrivingStudy study = ArrivingStudy.start(pacs, ws, studyUid, edits, worker);
                    return study.first()
                            // the router files the study under the values it carries AFTER editing
                            .chain(v -> guard.clear(jobId, v.accessionNumber(), v.patientId(), force).replaceWith(v))
                            .chain(v -> {
                                values.set(v);
                                return send(studyUid, study, jobId);
                            })
                            // back to a worker: removing the directory is file I/O, not for the event loop
                            .emitOn(worker)
                            .onItemOrFailure().call((r, f) -> stopped(study))
                            .onCancellation().invoke(study::stop)
                            .onTermination().invoke(ws::close);
                }).runSubscriptionOn(worker)
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
        return sender.sendArriving(studyUid, study.listedSopClasses(), study.instances(), r -> {
                    received.add(r);
                    jobs.instanceDone(jobId, InstanceResult.of(r));
                })
                .onFailure(UnplannedInstanceException.class).recoverWithUni(e -> {
                    LOG.infof("Study %s: %s; sending the whole study again in a new association", studyUid, e.getMessage());
                    return study.done().chain(all -> {
                        jobs.started(jobId, all.size(), 0);
                        return sender.send(studyUid, all, r -> jobs.instanceDone(jobId, InstanceResult.of(r)));
                    });
                })
                .onFailure(f -> !(f instanceof RouterFailure)).transform(f -> afterAbort(studyUid, f, received, study.arrived()));
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
