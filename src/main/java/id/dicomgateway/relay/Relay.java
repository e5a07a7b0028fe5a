package id.dicomgateway.relay;

import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.relay.RelayCommand.Operation;
import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.outcome.RouterFailure;
import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.relay.router.RouterSender;
import id.dicomgateway.relay.router.SendGuard;
import id.dicomgateway.store.JobRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;

/**
 * The one way into the relay for a request: {@link #submit} checks what can be checked before
 * anything is fetched (edits against their VR, a study that would be dropped), opens the job,
 * runs the operation ({@link StudyRelay} or {@link UploadRelay}) and ends the job with its
 * outcome. Synchronously the caller gets what was relayed; with {@code async} the accepted job at
 * once, while the work goes on in {@link BackgroundJobs}. Failures are {@link RelayException}s,
 * a router failure naming the job.
 */
@Singleton
public class Relay {
    private final StudyRelay studies;
    private final UploadRelay uploads;
    private final RouterSender sender;
    private final SendGuard guard;
    private final JobRegistry jobs;
    private final BackgroundJobs background;
    private final Spool spool;
    private final Reconciliation reconciliation;

    Relay(StudyRelay studies, UploadRelay uploads, RouterSender sender, SendGuard guard, JobRegistry jobs, BackgroundJobs background,
            Spool spool, Reconciliation reconciliation) {
        this.spool = spool;
        this.reconciliation = reconciliation;
        this.studies = studies;
        this.uploads = uploads;
        this.sender = sender;
        this.guard = guard;
        this.jobs = jobs;
        this.background = background;
    }

    /** An empty upload in its own temp directory, for the API to write the received files into. */
    public UploadedFiles newUpload() {
        return uploads.open();
    }

    /**
     * Carries out {@code command}. Bad values, a study that would be dropped and an upload file
     * that is not DICOM fail here, before a job exists and before anything is sent, also when
     * {@code async}. An upload's files are read on the calling thread, which must then be a worker.
     */
    public Uni<RelayAnswer> submit(RelayCommand command) {
        long start = command.files() == null ? System.nanoTime() : command.files().startNanos();
        TagEdits edits;
        try {
            edits = command.operation() == Operation.DIRECT ? TagEdits.none() : Editor.edits(command.patientId(), command.accessionNumber());
        } catch (RuntimeException e) {
            if (command.files() != null) {
                command.files().close();
            }
            throw e;
        }
        return command.operation() == Operation.UPLOAD ? upload(command, edits, start) : study(command, edits, start);
    }

    private Uni<RelayAnswer> study(RelayCommand command, TagEdits edits, long start) {
        if (!command.matchOrders() || edits.accessionNumber() != null) {
            return study(command, edits, start, Reconciliation.Decision.NOT_NEEDED);
        }
        // Issue 24 item 3: what the PACS says of the study decides whether an order's values go in (JDBC and QIDO: a worker).
        return Uni.createFrom().item(() -> reconcile(command, edits)).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(decision -> {
                    if (decision.waits()) {
                        return Uni.createFrom().item(() -> RelayAnswer.accepted(waitForOrder(command, decision)))
                                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
                    }
                    if (decision.order() == null) {
                        return study(command, edits, start, decision);
                    }
                    // Stamped, a direct-dcm study is edited: its job is a process job, so a retry stamps it again.
                    RelayCommand stamped = RelayCommand.process(command.study(), decision.order().patientId(),
                            decision.order().accessionNumber(), command.force(), command.verify(), command.async()).withoutOrderMatching();
                    return study(stamped, Editor.edits(stamped.patientId(), stamped.accessionNumber()), start, decision);
                });
    }

    private Uni<RelayAnswer> study(RelayCommand command, TagEdits edits, long start, Reconciliation.Decision reconciled) {
        if (edits.accessionNumber() != null && edits.patientId() != null) {
            guard.requireRoutable(edits.accessionNumber(), edits.patientId()); // both known: fail before fetching
        }
        // The job's durable record is written before anything is answered; JDBC blocks, so not on the event loop.
        return Uni.createFrom().item(() -> {
                    String id = jobs.create(command.operation().kind(), command.study(), edits.accessionNumber(), edits.patientId(),
                            command.force(), command.verify(), command.async()).id();
                    reconciliation.record(id, reconciled);
                    return id;
                })
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .chain(id -> {
                    Uni<Relayed> work = studies.relay(command, edits, id).map(r -> new Relayed(
                            r.sent() + " instance" + (r.sent() == 1 ? "" : "s") + " of study " + r.study() + " sent to "
                                    + sender.router() + " in one association",
                            0, r.instances(), List.of(r), millisSince(start)));
                    return answer(id, work, command.async());
                });
    }

    private Uni<RelayAnswer> upload(RelayCommand command, TagEdits edits, long start) {
        // Read and validated here, inside the request: the files do not outlive it. Sending may go on after.
        UploadRelay.Received checked = uploads.receive(command.files(), edits, command.force(), command.verify());
        Reconciliation.Decision reconciled = reconcile(command, edits, checked);
        if (reconciled.waits()) {
            return Uni.createFrom().item(RelayAnswer.accepted(waitForOrder(command, checked, reconciled)));
        }
        if (reconciled.order() != null) {
            checked = uploads.restamp(checked, Editor.edits(reconciled.order().patientId(), reconciled.order().accessionNumber()));
        }
        // In the background the job is kept until it ends for good: its files wait in the spool, not the request's temp directory.
        UploadRelay.Received received = command.async() ? uploads.spool(checked) : checked;
        String id;
        try {
            id = command.async()
                    ? jobs.createHeld(command.operation().kind(), received.accessionNumber(), received.patientId(), command.force(),
                            command.verify(), uploads.node(), received.spooled()).id()
                    : jobs.create(command.operation().kind(), null, received.accessionNumber(), received.patientId(), command.force(),
                            command.verify(), false).id();
        } catch (RuntimeException e) {
            received.discard(spool);
            throw e;
        }
        if (received.spooled() != null) {
            jobs.check(id, Spool.CHECK, CheckStatus.PASSED, received.instances() + " instance file" + (received.instances() == 1 ? "" : "s")
                    + " kept in the spool of node " + uploads.node() + " until the job ends; only that node sends it (if that node is gone "
                    + "for good, cancel the job and upload the files again)");
        }
        reconciliation.record(id, reconciled);
        return answer(id, uploadWork(received, id, start), command.async());
    }

    /**
     * Issue 24 item 3 for an upload of one study that would go out without an AccessionNumber (none given, none in its
     * files): the decision the receive side makes too ({@link Reconciliation}). An upload of several studies is sent as
     * it is (one job carries one AccessionNumber). Not needed: nothing changes, not even the job's checks; an order in
     * use but not chosen and a caller that waits for the answer: ORDER_NOT_MATCHED, nothing kept or sent.
     */
    private Reconciliation.Decision reconcile(RelayCommand command, TagEdits edits, UploadRelay.Received received) {
        if (!command.matchOrders() || edits.accessionNumber() != null || received.studies().size() != 1) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        Map.Entry<String, UploadRelay.Study> study = received.studies().entrySet().iterator().next();
        // As for a study of the PACS: no order stored (and no wait) reads no instance's head again.
        if (study.getValue().accessionNumber() != null && !study.getValue().accessionNumber().isBlank()
                || !reconciliation.inUse()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        try {
            return settled(command, reconciliation.decide("Upload: study " + Printable.escape(study.getKey()),
                    UploadRelay.facts(study.getValue(), edits), edits.patientId(), "sent as uploaded", command.async()));
        } catch (RuntimeException e) {
            received.close();
            throw e;
        }
    }

    /**
     * The same for a study of the PACS (process without an AccessionNumber, direct-dcm), from its study search: asked
     * only when orders are in use at all, so a hospital that posts none sees no extra query.
     */
    private Reconciliation.Decision reconcile(RelayCommand command, TagEdits edits) {
        if (!reconciliation.inUse()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        return studies.facts(command.study())
                .map(facts -> settled(command, reconciliation.decide("Send: study " + Printable.escape(command.study()), facts,
                        edits.patientId(), "sent as it is", command.async())))
                .orElse(Reconciliation.Decision.NOT_NEEDED);
    }

    /**
     * What a decision means for a send: no order and no wait changes nothing (as before issue 24: the router's check
     * refuses an empty AccessionNumber), not even the job's checks; a wait for a caller that waits for the answer is
     * ORDER_NOT_MATCHED, nothing sent or kept.
     */
    private static Reconciliation.Decision settled(RelayCommand command, Reconciliation.Decision decision) {
        if (decision.order() == null && !decision.waits()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        if (decision.waits() && !command.async()) {
            throw new RelayException(FailureCode.ORDER_NOT_MATCHED, "The study has no AccessionNumber and no single open order "
                    + "matches it: " + decision.reason() + ". Nothing was sent. Give its AccessionNumber (acc), or send it with "
                    + "?async=true: its job then waits (WAITING_FOR_ORDER) for a person to assign it an order "
                    + "(POST /api/jobs/{id}/assign, or the dashboard's Orders tab)");
        }
        return decision;
    }

    /** An upload no single order matched, sent async: its job waits for a person to assign it an order; its id. */
    private String waitForOrder(RelayCommand command, UploadRelay.Received checked, Reconciliation.Decision decision) {
        String id = waiting(command, checked, decision.note());
        reconciliation.record(id, decision);
        return id;
    }

    /**
     * A study of the PACS no single order matched, sent async: its job (a process job, so the order's values are stamped
     * when it is assigned) waits with nothing fetched; once assigned any replica's worker fetches and sends it. Its id.
     */
    private String waitForOrder(RelayCommand command, Reconciliation.Decision decision) {
        String id = jobs.createWaiting(Operation.PROCESS.kind(), command.study(), command.patientId() == null || command.patientId().isEmpty()
                ? null : command.patientId(), command.force(), command.verify(), decision.note()).id();
        reconciliation.record(id, decision);
        return id;
    }

    /**
     * Takes an upload in as {@link #submit} does in the background, but its job waits (WAITING_FOR_ORDER) until a person
     * assigns it an order or cancels it (issue 24 item 3: a received study that no single order matches); nothing is
     * sent before. Its files wait in this node's spool meanwhile. The job's id. Blocking: call on a worker.
     */
    public String submitWaiting(RelayCommand command, String reason) {
        TagEdits edits;
        try {
            edits = Editor.edits(command.patientId(), command.accessionNumber());
        } catch (RuntimeException e) {
            command.files().close();
            throw e;
        }
        return waiting(command, uploads.receive(command.files(), edits, command.force(), command.verify()), reason);
    }

    private String waiting(RelayCommand command, UploadRelay.Received checked, String reason) {
        UploadRelay.Received received = uploads.spool(checked);
        String id;
        try {
            id = jobs.createWaiting(command.operation().kind(), received.patientId(), command.force(), command.verify(), uploads.node(),
                    received.spooled(), reason).id();
        } catch (RuntimeException e) {
            received.discard(spool);
            throw e;
        }
        received.close(); // the request's temp directory; the spooled files stay for the attempt after the assignment
        jobs.check(id, Spool.CHECK, CheckStatus.PASSED, received.instances() + " instance file" + (received.instances() == 1 ? "" : "s")
                + " kept in the spool of node " + uploads.node() + " until the job ends; only that node sends it");
        return id;
    }

    private Uni<Relayed> uploadWork(UploadRelay.Received received, String id, long start) {
        return uploads.send(received, id).map(o -> {
            int sent = o.studies().stream().mapToInt(StudyResult::sent).sum();
            String message = sent + " instance" + (sent == 1 ? "" : "s") + " in " + o.studies().size() + " stud"
                    + (o.studies().size() == 1 ? "y" : "ies") + " sent to " + sender.router() + ", one association per study";
            return new Relayed(message, o.files(), o.instances(), o.studies(), millisSince(start));
        });
    }

    /**
     * Runs a stored job again in the background, as a worker claimed it: a retry, a job waiting for
     * its order, or one whose replica died. The whole study goes again in a new association
     * (an association that was never released is discarded by the router, docs/architecture.md).
     * An upload's files wait in this node's {@link Spool} (the store gives the job to no other
     * node); those of a synchronous upload lived in its request's temporary directory: they are gone, the job fails.
     */
    public void resume(JobRecord record) {
        String id = jobs.resume(record);
        if (record.filesLocation() != null && "UPLOAD".equals(record.kind())) {
            long start = System.nanoTime();
            Uni<Relayed> work;
            try {
                UploadRelay.Received received = uploads.reopen(record.filesLocation(), Editor.edits(record.patientId(),
                        record.accessionNumber()), record.force(), record.verify());
                work = uploadWork(received, id, start);
            } catch (RuntimeException e) {
                work = Uni.createFrom().failure(e);
            }
            answer(id, work, true);
            return;
        }
        Operation operation = switch (record.kind()) {
            case "PROCESS" -> Operation.PROCESS;
            case "DIRECT" -> Operation.DIRECT;
            default -> null;
        };
        if (operation == null || record.studyUid() == null) {
            jobs.failed(id, FailureCode.INVALID_REQUEST, "The uploaded files of this job are not kept for another attempt: "
                    + "upload them again");
            return;
        }
        long start = System.nanoTime();
        RelayCommand command = new RelayCommand(operation, record.studyUid(), null, record.patientId(), record.accessionNumber(),
                record.force(), record.verify(), true, false);
        Uni<Relayed> work;
        try {
            TagEdits edits = operation == Operation.DIRECT ? TagEdits.none()
                    : Editor.edits(record.patientId(), record.accessionNumber());
            work = studies.relay(command, edits, id).map(r -> new Relayed(
                    r.sent() + " instance" + (r.sent() == 1 ? "" : "s") + " of study " + r.study() + " sent to "
                            + sender.router() + " in one association", 0, r.instances(), List.of(r), millisSince(start)));
        } catch (RuntimeException e) {
            work = Uni.createFrom().failure(e);
        }
        answer(id, work, true);
    }

    /** Ends job {@code id} with {@code work}: the caller waits for it, or (async) gets the job at once. */
    private Uni<RelayAnswer> answer(String id, Uni<Relayed> work, boolean async) {
        Uni<Relayed> tracked = jobs.track(id, work.onFailure(RouterFailure.class).transform(e -> ((RouterFailure) e).withJob(id)),
                Relayed::message);
        if (async) {
            background.start(id, tracked);
            return Uni.createFrom().item(RelayAnswer.accepted(id));
        }
        return tracked.map(r -> RelayAnswer.done(id, r));
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
