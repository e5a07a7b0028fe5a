package id.dicomgateway.relay;

import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.RefusedSyntaxException;
import id.dicomgateway.dimse.ReleaseGate;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.orders.StudyFacts;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.files.UploadedFiles;
import id.dicomgateway.relay.files.Workspace;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobLogs;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.DicomRejection;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import id.dicomgateway.relay.router.RouterSender;
import id.dicomgateway.relay.router.SendGuard;
import id.dicomgateway.store.JobRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The use case of upload, one entry ({@link #upload}): the files the API wrote into the request's temp directory ({@link UploadedFiles}) are
 * expanded where they are ZIP archives, EVERY file is validated before anything is sent (one bad
 * file: a rejection naming it, nothing sent), then each study goes to the router in its own association.
 */
@Singleton
public class UploadRelay {
    private static final int MAX_ZIP_ENTRIES = 50_000;
    /** How many times its own size a ZIP archive may expand to (deflated DICOM: some 2 to 10). */
    static final int MAX_EXPANSION = 100;
    /** Below this an archive may expand more: a tiny archive of one small file has headers that weigh. */
    static final long EXPANSION_FLOOR = 1 << 20;

    private final TempArea temp;
    private final RouterSender sender;
    private final RelayMetrics metrics;
    private final JobRegistry jobs;
    private final SendGuard guard;
    private final Spool spool;
    private final Confirmation confirmation;
    private final ReceiverSyntaxes receiver;
    private final JobLogs logs;
    private final Reconciliation reconciliation;
    private final RequestJobs requests;

    UploadRelay(TempArea temp, RouterSender sender, RelayMetrics metrics, JobRegistry jobs, SendGuard guard, Spool spool,
            Confirmation confirmation, ReceiverSyntaxes receiver, JobLogs logs, Reconciliation reconciliation, RequestJobs requests) {
        this.temp = temp;
        this.sender = sender;
        this.metrics = metrics;
        this.jobs = jobs;
        this.guard = guard;
        this.spool = spool;
        this.confirmation = confirmation;
        this.receiver = receiver;
        this.logs = logs;
        this.reconciliation = reconciliation;
        this.requests = requests;
    }

    /**
     * Each compressed (SOP class, syntax) pair of the upload against what the router takes
     * ({@link ReceiverSyntaxes}); the gateway does not decode pixels, so a pair it refuses fails the
     * whole upload with RECEIVER_REFUSES_SYNTAX naming the first such file.
     */
    private Uni<Void> requireTakenSyntaxes(java.util.Collection<Study> studies) {
        Map<String, String> firstFileOfPair = new LinkedHashMap<>();
        Map<String, StoreRequest> requestOfPair = new LinkedHashMap<>();
        for (Study s : studies) {
            for (int i = 0; i < s.requests().size(); i++) {
                StoreRequest r = s.requests().get(i);
                if (r.header().transferSyntaxUid() == null || r.header().transferSyntax().isUncompressed()) {
                    continue;
                }
                String key = r.header().sopClassUid() + "|" + r.header().transferSyntaxUid();
                firstFileOfPair.putIfAbsent(key, s.names().get(i));
                requestOfPair.putIfAbsent(key, r);
            }
        }
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Map.Entry<String, StoreRequest> e : requestOfPair.entrySet()) {
            StoreRequest r = e.getValue();
            String file = firstFileOfPair.get(e.getKey());
            all = all.chain(() -> receiver.takes(r.header().sopClassUid(), r.header().transferSyntaxUid()).invoke(takes -> {
                if (!takes) {
                    List<String> taken = receiver.takenFor(r.header().sopClassUid());
                    throw new RelayException(FailureCode.RECEIVER_REFUSES_SYNTAX, "File " + file + " is in "
                            + r.header().transferSyntax().name() + " (" + r.header().transferSyntaxUid() + "), which the router "
                            + sender.router() + " does not take for SOP class " + r.header().sopClassUid() + "; it takes "
                            + (taken.isEmpty() ? "only uncompressed syntaxes" : "uncompressed syntaxes and " + taken)
                            + " for it. Nothing was sent. Fix: decompress the file (e.g. dcmdjpeg, dcmdjpls, dcmdrle, or gdcmconv --raw) "
                            + "and upload it again, or send the study through the PACS (process), which asks the PACS to decompress");
                }
            }).replaceWithVoid());
        }
        return all;
    }

    /** A new upload's own directory, for the API to write the received files into. */
    public UploadedFiles open() {
        return new UploadedFiles(temp.open());
    }

    /**
     * An upload read, validated and edited in its request's temp directory, not sent yet. Whoever
     * holds one must {@link #send} it or {@link #close} it, or its directory stays until the sweep.
     *
     * @param force   send although the ServiceRequest check failed
     * @param verify  watch for SATUSEHAT's ImagingStudy after sending
     * @param spooled where in the {@link Spool} its files wait between attempts; null: in the temp directory, for this attempt only
     */
    record Received(int files, int instances, long bytes, String accessionNumber, String patientId, boolean force,
            boolean verify, Map<String, Study> studies, Workspace workspace, String spooled) implements AutoCloseable {
        /** The end of an attempt: the temp directory goes, spooled files stay for the next one. */
        @Override
        public void close() {
            workspace.close();
        }

        /** Given up before a job holds it: spooled files go too. */
        void discard(Spool spool) {
            close();
            if (spooled != null) {
                spool.release(spooled);
            }
        }
    }

    /**
     * Moves the files {@code upload} sends into the {@link Spool}, for a job that is tried again
     * until it ends for good: the same instances, edits already made (a splice's head stays in
     * memory; its tail is the same file, renamed). Fails leaving nothing spooled; the upload is closed then.
     */
    Received spool(Received upload) {
        try {
            List<Path> files = new ArrayList<>();
            upload.studies().values().forEach(s -> s.requests().forEach(r -> files.add(r.file())));
            Spool.Taken taken = spool.take(files);
            Map<String, Study> moved = new LinkedHashMap<>();
            int i = 0;
            for (Map.Entry<String, Study> e : upload.studies().entrySet()) {
                List<StoreRequest> requests = new ArrayList<>(e.getValue().requests().size());
                for (StoreRequest r : e.getValue().requests()) {
                    requests.add(rebound(r, taken.files().get(i++)));
                }
                Study s = e.getValue();
                moved.put(e.getKey(), new Study(List.copyOf(requests), s.accessionNumber(), s.patientId(), s.names()));
            }
            return new Received(upload.files(), upload.instances(), upload.bytes(), upload.accessionNumber(), upload.patientId(),
                    upload.force(), upload.verify(), moved, upload.workspace(), taken.location());
        } catch (RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /** The same instance read from the file's new place (a rename keeps its bytes, so the splice's offsets hold). */
    private static StoreRequest rebound(StoreRequest r, Path file) {
        if (r.splice() == null) {
            return new StoreRequest(file, r.header());
        }
        id.dicomgateway.dicom.Splice s = r.splice();
        return StoreRequest.of(new id.dicomgateway.dicom.Splice(s.head(), file, s.tailOffset(), s.tailLength(), s.header()));
    }

    /**
     * A stored upload job a worker took up again ({@link Relay#resume}), as job {@code id}: its files, linked (not
     * copied) from this node's spool into a new temp directory, then {@link #upload}: read, validated and edited again
     * exactly as when it was accepted, and sent. The spool keeps them for the attempt after this one. Files that are
     * gone fail the job with INVALID_REQUEST.
     */
    void resume(JobRecord record, String id) {
        UploadedFiles files;
        try {
            files = linked(record.filesLocation());
        } catch (RuntimeException e) {
            requests.answer(id, Uni.createFrom().failure(e), true);
            return;
        }
        upload(RelayCommand.resumed(id, RelayCommand.Operation.UPLOAD, null, files, record.patientId(), record.accessionNumber(),
                record.force(), record.verify()));
    }

    private UploadedFiles linked(String location) {
        List<Path> files = spool.files(location);
        if (files.isEmpty()) {
            throw new RelayException(FailureCode.INVALID_REQUEST, "The files of this job are no longer kept on node " + spool.node()
                    + " (they are removed when a job ends for good): upload them again");
        }
        UploadedFiles upload = open();
        try {
            for (Path f : files) {
                upload.addLinked("spooled " + f.getFileName(), f);
            }
        } catch (IOException e) {
            upload.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            upload.close();
            throw e;
        }
        return upload;
    }

    /** Modality (0008,0060) and StudyDate (0008,0020): what reconciliation reads of an instance besides its identifiers. */
    private static final int MODALITY = 0x00080060;
    private static final int STUDY_DATE = 0x00080020;

    /**
     * What the instances of {@code study} will say once sent with {@code edits}, for reconciliation (issue 24 item 3):
     * AccessionNumber, PatientID, Modality and StudyDate of every instance. Reads each file's head; no name is read.
     */
    static StudyFacts facts(Study study, TagEdits edits) {
        List<StudyFacts.Values> values = new ArrayList<>(study.requests().size());
        try {
            for (StoreRequest r : study.requests()) {
                Map<Integer, String> v = Editor.valuesAfter(r, edits, Tag.ACCESSION_NUMBER, Tag.PATIENT_ID, MODALITY, STUDY_DATE);
                values.add(new StudyFacts.Values(v.get(Tag.ACCESSION_NUMBER), v.get(Tag.PATIENT_ID), v.get(MODALITY), v.get(STUDY_DATE)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StudyFacts.of(values);
    }

    /**
     * {@code upload} (read and validated, not sent) with {@code edits} instead of the edits it was received with: its
     * order's AccessionNumber and PatientID (issue 24 item 3). Each instance is edited again from the file it is sent
     * from (a splice's is the original; an edited copy takes the new values over the old), so no UID changes. Fails
     * leaving nothing behind.
     */
    Received restamp(Received upload, TagEdits edits) {
        try {
            return restamped(upload, edits);
        } catch (IOException | RuntimeException e) {
            upload.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    private static Received restamped(Received upload, TagEdits edits) throws IOException {
        Map<String, Study> studies = new LinkedHashMap<>();
        long bytes = 0;
        for (Map.Entry<String, Study> e : upload.studies().entrySet()) {
            Study s = e.getValue();
            List<StoreRequest> requests = new ArrayList<>(s.requests().size());
            for (int i = 0; i < s.requests().size(); i++) {
                StoreRequest r = s.requests().get(i);
                try {
                    requests.add(Editor.apply(upload.workspace(), r.file(), r.header(), edits));
                } catch (DicomException ex) {
                    throw DicomRejection.of(s.names().get(i), ex);
                }
                bytes += requests.get(i).instanceSize();
            }
            Map<Integer, String> values = Editor.valuesAfter(requests.get(0), edits);
            studies.put(e.getKey(), new Study(List.copyOf(requests), values.get(Tag.ACCESSION_NUMBER), values.get(Tag.PATIENT_ID),
                    s.names()));
        }
        return new Received(upload.files(), upload.instances(), bytes, edits.accessionNumber(), edits.patientId(), upload.force(),
                upload.verify(), studies, upload.workspace(), upload.spooled());
    }

    /** One study of an upload, with the values the router will file it under (after editing). */
    public record Study(List<StoreRequest> requests, String accessionNumber, String patientId, List<String> names) {
    }

    /**
     * Validates every file of {@code upload} (expanding ZIP archives) and applies {@code edits}, on
     * the calling thread, which must be a worker. Nothing is sent. Fails with a {@link RelayException}
     * naming the bad file, leaving nothing behind.
     */
    Received receive(UploadedFiles upload, TagEdits edits, boolean force, boolean verify) {
        try {
            return prepare(upload, edits, force, verify);
        } catch (RuntimeException e) {
            upload.close();
            throw e;
        }
    }

    /**
     * upload, and a stored upload job a worker took up again ({@link RelayCommand#job()}): the request's steps in order,
     * numbered as docs/architecture.md §2.0 draws them. A new request's files are read and EVERY one validated on the
     * calling thread, which must be a worker: a bad value, a file that is not DICOM or (without {@code async}) a study no
     * single order matches fail here, before a job exists. The job's work: every study's values checked, then its
     * syntaxes against the router's, then SATUSEHAT clears every study before the first association (one refused:
     * nothing sent); then each study goes to the router in its own association, one after the other, and each complete
     * study starts its SATUSEHAT confirmation. The upload's temp directory goes however it ends.
     */
    public Uni<RelayAnswer> upload(RelayCommand command) {
        long start = command.files().startNanos();
        // 1-4: edits, the files, orders, spool, the job; a stored job's files are read again by its work
        UploadJob job = command.job() == null ? opened(command) : new UploadJob(command.job(), Uni.createFrom().item(() ->
                receive(command.files(), edits(command), command.force(), command.verify())));
        if (job.received() == null) {
            return Uni.createFrom().item(RelayAnswer.accepted(job.id()));
        }
        return requests.answer(job.id(), job.received().chain(upload -> {
            // Every step on the job's log context (JobLogs); an upload may hold several studies: the first names them.
            var first = upload.studies().entrySet().stream().findFirst().orElse(null);
            JobLogs.Scope log = logs.of(job.id(), first == null ? null : first.getKey(), first == null ? null : first.getValue().accessionNumber());
            Executor worker = log.on(Infrastructure.getDefaultWorkerPool());
            long sending = System.nanoTime();
            return Uni.createFrom().item(() -> {
                        // 5 the values of every study before asking SATUSEHAT about any of them: a local answer first
                        upload.studies().values().forEach(s -> guard.requireRoutable(s.accessionNumber(), s.patientId()));
                        return upload.studies().values();
                    })
                    // 6 a syntax the router does not take fails the upload before anything is sent
                    .call(studies -> requireTakenSyntaxes(studies))
                    .onItem().transformToMulti(studies -> Multi.createFrom().iterable(studies))
                    .onItem().transformToUniAndConcatenate(s -> guard.clear(job.id(), s.accessionNumber(), s.patientId(), upload.force())) // 7
                    .collect().asList()
                    .emitOn(worker) // dimse runs each association on the context it is called on: the job's
                    .chain(cleared -> {
                        jobs.started(job.id(), upload.instances(), upload.bytes());
                        ReleaseGate gate = jobs.releaseGate(job.id());
                        return Multi.createFrom().iterable(upload.studies().entrySet())
                                // 8 All or nothing per study: a file whose own compressed syntax the router
                                // refuses (the syntax cache was out of date) aborts that study's association
                                // before anything is stored, instead of a release without it.
                                .onItem().transformToUniAndConcatenate(e -> sender.sendStudy(e.getKey(), e.getValue().requests(), gate, r -> {
                                    jobs.instanceDone(job.id(), InstanceResult.of(r));
                                    if (r.cause() == id.dicomgateway.dimse.FailureCause.NO_PRESENTATION_CONTEXT) {
                                        receiver.refreshInBackground(); // a refusal says the router changed: learn it again
                                    }
                                }).onFailure(RefusedSyntaxException.class).transform(f -> refusedSyntax(e.getKey(), (RefusedSyntaxException) f)))
                                .collect().asList();
                    })
                    .emitOn(worker)
                    .onTermination().invoke(upload::close)
                    .runSubscriptionOn(worker)
                    .invoke(studies -> sender.requireComplete(studies))       // 9 all stored, or ROUTER_*
                    .invoke(studies -> confirm(job.id(), upload, studies))    // 10 SATUSEHAT, later
                    .onItemOrFailure().invoke((studies, failure) -> {         // 11 metrics
                        Duration took = Duration.ofNanos(System.nanoTime() - sending);
                        if (failure == null) {
                            metrics.sent("upload", studies, took);
                        } else {
                            metrics.failed("upload", null, failure, took);
                        }
                    })
                    .map(studies -> relayed(upload, studies, start));        // 12 the answer
        }), command.async());
    }

    /** A request's job, and the upload it sends: null when the job waits for a person to assign it an order. */
    private record UploadJob(String id, Uni<Received> received) {
    }

    /**
     * Steps 1-4 of a new upload: its edits against their VR (400); every file read and validated; the orders when its
     * one study has no AccessionNumber (409, or with {@code async} a job that waits, its files in the spool); with
     * {@code async} its files into the {@link Spool}, where they wait until the job ends for good; then its job.
     */
    private UploadJob opened(RelayCommand command) {
        TagEdits edits = edits(command);
        // Read and validated here, inside the request: the files do not outlive it. Sending may go on after.
        Received checked = receive(command.files(), edits, command.force(), command.verify());
        Reconciliation.Decision reconciled = reconcile(command, edits, checked);
        if (reconciled.waits()) {
            String id = waiting(command, checked, reconciled.note());
            reconciliation.record(id, reconciled);
            return new UploadJob(id, null);
        }
        if (reconciled.order() != null) {
            checked = restamp(checked, Editor.edits(reconciled.order().patientId(), reconciled.order().accessionNumber()));
        }
        // In the background the job is kept until it ends for good: its files wait in the spool, not the request's temp directory.
        Received received = command.async() ? spool(checked) : checked;
        String id;
        try {
            id = command.async()
                    ? jobs.createHeld(command.operation().kind(), received.accessionNumber(), received.patientId(), command.force(),
                            command.verify(), spool.node(), received.spooled()).id()
                    : jobs.create(command.operation().kind(), null, received.accessionNumber(), received.patientId(), command.force(),
                            command.verify(), false).id();
        } catch (RuntimeException e) {
            received.discard(spool);
            throw e;
        }
        if (received.spooled() != null) {
            spooledCheck(id, received, " (if that node is gone for good, cancel the job and upload the files again)");
        }
        reconciliation.record(id, reconciled);
        return new UploadJob(id, Uni.createFrom().item(received));
    }

    /** What an upload stamps: LO ≤ 64 / SH ≤ 16 (domain.md §6), or 400 INVALID_VALUE, its files closed. */
    private static TagEdits edits(RelayCommand command) {
        try {
            return Editor.edits(command.patientId(), command.accessionNumber());
        } catch (RuntimeException e) {
            command.files().close();
            throw e;
        }
    }

    /**
     * Takes an upload in as {@link #upload} does in the background, but its job waits (WAITING_FOR_ORDER) until a person
     * assigns it an order or cancels it (issue 24 item 3: a received study that no single order matches); nothing is
     * sent before. Its files wait in this node's spool meanwhile. The job's id. Blocking: call on a worker.
     */
    String submitWaiting(RelayCommand command, String reason) {
        return waiting(command, receive(command.files(), edits(command), command.force(), command.verify()), reason);
    }

    private String waiting(RelayCommand command, Received checked, String reason) {
        Received received = spool(checked);
        String id;
        try {
            id = jobs.createWaiting(command.operation().kind(), received.patientId(), command.force(), command.verify(), spool.node(),
                    received.spooled(), reason).id();
        } catch (RuntimeException e) {
            received.discard(spool);
            throw e;
        }
        received.close(); // the request's temp directory; the spooled files stay for the attempt after the assignment
        spooledCheck(id, received, "");
        return id;
    }

    private void spooledCheck(String id, Received received, String more) {
        jobs.check(id, Spool.CHECK, CheckStatus.PASSED, received.instances() + " instance file" + (received.instances() == 1 ? "" : "s")
                + " kept in the spool of node " + spool.node() + " until the job ends; only that node sends it" + more);
    }

    /**
     * Issue 24 item 3 for an upload of one study that would go out without an AccessionNumber (none given, none in its
     * files): the decision the receive side makes too ({@link Reconciliation}). An upload of several studies is sent as
     * it is (one job carries one AccessionNumber). Not needed: nothing changes, not even the job's checks; an order in
     * use but not chosen and a caller that waits for the answer: ORDER_NOT_MATCHED, nothing kept or sent.
     */
    private Reconciliation.Decision reconcile(RelayCommand command, TagEdits edits, Received received) {
        if (!command.matchOrders() || edits.accessionNumber() != null || received.studies().size() != 1) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        Map.Entry<String, Study> study = received.studies().entrySet().iterator().next();
        // As for a study of the PACS: no order stored (and no wait) reads no instance's head again.
        if (study.getValue().accessionNumber() != null && !study.getValue().accessionNumber().isBlank()
                || !reconciliation.inUse()) {
            return Reconciliation.Decision.NOT_NEEDED;
        }
        try {
            return RequestJobs.settled(command, reconciliation.decide("Upload: study " + Printable.escape(study.getKey()),
                    facts(study.getValue(), edits), edits.patientId(), "sent as uploaded", command.async()));
        } catch (RuntimeException e) {
            received.close();
            throw e;
        }
    }

    /** Step 12: what was relayed, in words too (the same words end the job). */
    private Relayed relayed(Received upload, List<StudyResult> studies, long start) {
        int sent = studies.stream().mapToInt(StudyResult::sent).sum();
        String message = sent + " instance" + (sent == 1 ? "" : "s") + " in " + studies.size() + " stud"
                + (studies.size() == 1 ? "y" : "ies") + " sent to " + sender.router() + ", one association per study";
        return new Relayed(message, upload.files(), upload.instances(), studies, RequestJobs.millisSince(start));
    }

    /** The router refused some files' own syntax in study {@code study}'s association, which was aborted. */
    private RelayException refusedSyntax(String study, RefusedSyntaxException refusal) {
        List<String> named = new ArrayList<>();
        for (RefusedSyntaxException.Refused r : refusal.refused()) {
            receiver.refused(r.pair().sopClassUid(), r.pair().transferSyntaxUid());
            named.add(r.sopInstanceUid() + " (" + r.pair().transferSyntaxUid() + ")");
        }
        return new RelayException(FailureCode.RECEIVER_REFUSES_SYNTAX, "The router " + sender.router() + " refused the compressed "
                + "syntax of instance(s) " + String.join(", ", named) + " of study " + study + "; that study's association was "
                + "aborted, so the router files none of it. Decompress those files (e.g. dcmdjpeg, dcmdjpls) and upload them "
                + "again, or send the study through the PACS (process), which asks the PACS to decompress");
    }

    /** Per study: the router files each under its own Accession Number. */
    private void confirm(String jobId, Received upload, List<StudyResult> studies) {
        for (StudyResult result : studies) {
            confirmation.afterSend(jobId, upload.studies().get(result.study()).accessionNumber(), result, upload.verify());
        }
    }

    private Received prepare(UploadedFiles upload, TagEdits edits, boolean force, boolean verify) {
        Workspace ws = upload.workspace();
        List<UploadedFiles.File> received = upload.files();
        try {
            List<UploadedFiles.File> instances = new ArrayList<>();
            for (UploadedFiles.File r : received) {
                if (Files.size(r.path()) == 0) {
                    throw new RelayException(FailureCode.NOT_DICOM, "File " + r.name() + " is empty; nothing was sent");
                }
                if (isZip(r.path())) {
                    expand(ws, r, instances);
                } else {
                    instances.add(r);
                }
            }
            // Every file is validated before the first edit or byte to the router.
            List<InstanceHeader> headers = new ArrayList<>(instances.size());
            for (UploadedFiles.File r : instances) {
                try {
                    headers.add(DicomFiles.scan(r.path()));
                } catch (DicomException e) {
                    throw DicomRejection.of(r.name(), e);
                }
            }
            Map<String, List<StoreRequest>> studies = new LinkedHashMap<>();
            Map<String, UploadedFiles.File> firsts = new HashMap<>();
            Map<String, List<String>> names = new LinkedHashMap<>();
            long bytes = 0;
            for (int i = 0; i < instances.size(); i++) {
                UploadedFiles.File r = instances.get(i);
                StoreRequest request;
                try {
                    request = Editor.apply(ws, r.path(), headers.get(i), edits);
                } catch (DicomException e) {
                    throw DicomRejection.of(r.name(), e);
                }
                bytes += request.instanceSize();
                String study = headers.get(i).studyInstanceUid() == null ? "" : headers.get(i).studyInstanceUid();
                studies.computeIfAbsent(study, k -> new ArrayList<>()).add(request);
                names.computeIfAbsent(study, k -> new ArrayList<>()).add(r.name());
                firsts.putIfAbsent(study, r);
            }
            Map<String, Study> prepared = new LinkedHashMap<>();
            for (Map.Entry<String, List<StoreRequest>> e : studies.entrySet()) {
                StoreRequest first = e.getValue().get(0);
                Map<Integer, String> values;
                try {
                    values = Editor.valuesAfter(first, edits);
                } catch (DicomException ex) {
                    throw DicomRejection.of(firsts.get(e.getKey()).name(), ex);
                }
                prepared.put(e.getKey(), new Study(e.getValue(), values.get(Tag.ACCESSION_NUMBER), values.get(Tag.PATIENT_ID),
                        List.copyOf(names.get(e.getKey()))));
            }
            return new Received(received.size(), instances.size(), bytes, edits.accessionNumber(), edits.patientId(), force, verify,
                    prepared, ws, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ZIP local file header signature (APPNOTE 4.3.7); an empty archive starts with the end record. */
    private static boolean isZip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K'
                    && ((magic[2] == 3 && magic[3] == 4) || (magic[2] == 5 && magic[3] == 6));
        }
    }

    /**
     * Expands the ZIP archive {@code zip} into {@code ws}, each entry refused while it streams: past
     * the request's remaining allowance (TEMP_MAX_REQUEST_SIZE, counted by the workspace on every
     * write), or once the archive has expanded to more than {@value #MAX_EXPANSION} times its own
     * size. Real DICOM deflates some 2 to 10 times; a few megabytes expanding to gigabytes is a ZIP
     * bomb, and is stopped after writing at most the allowance, not the whole of it. An entry that
     * declares a size larger than the allowance is refused before a byte of it is written.
     */
    static void expand(Workspace ws, UploadedFiles.File zip, List<UploadedFiles.File> out) throws IOException {
        int before = out.size();
        int entries = 0;
        long archiveSize = Files.size(zip.path());
        long mayExpandTo = archiveSize > Long.MAX_VALUE / MAX_EXPANSION ? Long.MAX_VALUE
                : Math.max(EXPANSION_FLOOR, archiveSize * MAX_EXPANSION);
        long expanded = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipInputStream in = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(zip.path()), 64 * 1024))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                if (++entries > MAX_ZIP_ENTRIES) {
                    throw new RelayException(FailureCode.TOO_LARGE, "File " + zip.name() + " has more than " + MAX_ZIP_ENTRIES + " entries");
                }
                if (entry.isDirectory() || skipped(entry.getName())) {
                    continue;
                }
                String entryName = UploadedFiles.shown(entry.getName());
                if (entry.getSize() > ws.remaining()) {
                    throw new RelayException(FailureCode.TOO_LARGE, "File " + zip.name() + " holds " + entryName + " of "
                            + (entry.getSize() >> 20) + " MiB, more than the " + (ws.remaining() >> 20) + " MiB this request may "
                            + "still write (TEMP_MAX_REQUEST_SIZE); nothing was sent. Send fewer or smaller files at once");
                }
                // The entry name is only ever shown, never used as a path (zip-slip).
                Path file = ws.newFile("zip");
                try (OutputStream o = ws.create(file)) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        expanded += n;
                        if (expanded > mayExpandTo) {
                            throw new RelayException(FailureCode.TOO_LARGE, "File " + zip.name() + " expands to more than "
                                    + MAX_EXPANSION + " times its own size (" + (archiveSize >> 10) + " KiB; at " + entryName
                                    + "): refused as a ZIP bomb, nothing was sent. DICOM files compress far less than that: "
                                    + "zip the files themselves, or send them without a ZIP");
                        }
                        o.write(buffer, 0, n);
                    }
                }
                out.add(new UploadedFiles.File(zip.name() + "!" + entryName, file));
            }
        } catch (ZipException e) {
            throw new RelayException(FailureCode.NOT_DICOM, "File " + zip.name() + " is a damaged ZIP archive; nothing was sent: " + e.getMessage());
        } catch (java.io.EOFException e) {
            throw new RelayException(FailureCode.NOT_DICOM, "File " + zip.name() + " is a truncated ZIP archive; nothing was sent");
        }
        Files.delete(zip.path());
        if (out.size() == before) {
            throw new RelayException(FailureCode.NOT_DICOM, "File " + zip.name() + " is a ZIP archive with no files in it; nothing was sent");
        }
    }

    /** Archive furniture that is not an instance: macOS resource forks, DICOMDIR media indexes. */
    private static boolean skipped(String entryName) {
        String base = entryName.substring(Math.max(entryName.lastIndexOf('/'), entryName.lastIndexOf('\\')) + 1);
        return entryName.startsWith("__MACOSX/") || base.startsWith("._") || base.equalsIgnoreCase("DICOMDIR") || base.equals(".DS_Store");
    }
}
