package id.dicomgateway.relay;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.pacs.InstanceRef;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.PacsConfig;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * process and direct-dcm: the whole study from the PACS into the request's temp directory, every
 * instance validated, then edited (unless relaying unchanged), then ALL of it to the router in one
 * association. Nothing is sent unless every instance fetched and validated.
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

    /** Untracked, checked, not confirmed: as {@link #relay(String, String, TagEdits, String, boolean, boolean)}. */
    public Uni<StudyResult> relay(String operation, String studyUid, TagEdits edits) {
        return relay(operation, studyUid, edits, null, false, false);
    }

    /**
     * Fetches, validates, edits, clears with {@link SendGuard} (nothing is sent if it refuses), sends, and
     * on a complete send starts the SATUSEHAT confirmation when {@code verify}. Reports each step into
     * job {@code jobId} (null: not tracked); ending the job is the caller's ({@link JobRegistry#track}).
     */
    public Uni<StudyResult> relay(String operation, String studyUid, TagEdits edits, String jobId, boolean force, boolean verify) {
        Executor worker = Infrastructure.getDefaultWorkerPool();
        long start = System.nanoTime();
        AtomicReference<Prepared> sent = new AtomicReference<>();
        // deferred: the workspace and the handler that removes it come into being together, so a
        // cancellation (the client went away) at any point still removes it.
        return Uni.createFrom().deferred(() -> {
                    Workspace ws = temp.open();
                    return Uni.createFrom().item(() -> prepare(ws, studyUid, edits, jobId))
                            // the router files the study under the values it carries AFTER editing
                            .chain(p -> guard.clear(jobId, p.accessionNumber(), p.patientId(), force).replaceWith(p))
                            .chain(p -> {
                                sent.set(p);
                                jobs.started(jobId, p.requests().size(), p.bytes());
                                return sender.send(studyUid, p.requests(), r -> jobs.instanceDone(jobId, InstanceResult.of(r)));
                            })
                            // back to a worker: removing the directory is file I/O, not for the event loop
                            .emitOn(worker)
                            .onTermination().invoke(ws::close);
                }).runSubscriptionOn(worker)
                .invoke(result -> sender.requireComplete(List.of(result)))
                .invoke(result -> confirm(jobId, sent.get().accessionNumber(), result, verify))
                .onItemOrFailure().invoke((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (failure == null) {
                        metrics.sent(operation, List.of(result), took);
                    } else {
                        metrics.failed(operation, studyUid, failure, took);
                    }
                });
    }

    /** What goes to the router, and the values it will file the study under. */
    private record Prepared(List<StoreRequest> requests, long bytes, String accessionNumber, String patientId) {
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

    private Prepared prepare(Workspace ws, String studyUid, TagEdits edits, String jobId) {
        try {
            jobs.phase(jobId, JobPhase.FETCHING);
            // WADO-RS needs no metadata to retrieve: ask for both at once, since a PACS may take as long to
            // build the metadata (Orthanc parses every file) as to send the study. WADO-URI needs it first.
            boolean together = pacs.retrieveMode() == PacsConfig.Retrieve.WADO_RS;
            CompletableFuture<List<InstanceRef>> listing = together
                    ? CompletableFuture.supplyAsync(() -> pacs.studyInstances(studyUid), Infrastructure.getDefaultWorkerPool())
                    : CompletableFuture.completedFuture(pacs.studyInstances(studyUid));
            List<Path> files = new ArrayList<>();
            try {
                pacs.retrieve(studyUid, together ? List.of() : listing.join(), (index, body) -> {
                    Path file = ws.newFile("pacs");
                    try (OutputStream out = ws.create(file)) {
                        body.copyTo(out);
                    }
                    files.add(file);
                });
            } catch (RuntimeException | IOException e) {
                listing.cancel(false);
                throw e;
            }
            List<InstanceRef> listed = joinListing(listing);
            if (files.size() != listed.size()) {
                LOG.warnf("Study %s: the PACS listed %d instances and sent %d; relaying what it sent", studyUid, listed.size(), files.size());
            }
            jobs.phase(jobId, JobPhase.VALIDATING);
            List<InstanceHeader> headers = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                headers.add(validate(files.get(i), i, studyUid));
            }
            jobs.phase(jobId, JobPhase.EDITING);
            List<StoreRequest> requests = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                try {
                    requests.add(Editor.apply(ws, files.get(i), headers.get(i), edits));
                } catch (DicomException e) {
                    throw new ApiException(ErrorCode.PACS_ERROR, "Instance " + headers.get(i).sopInstanceUid() + " from the PACS cannot be edited; nothing was sent: " + e.getMessage());
                }
            }
            long bytes = 0;
            for (StoreRequest r : requests) {
                bytes += Files.size(r.file());
            }
            Map<Integer, String> values = requests.isEmpty() ? Map.of() : readValues(requests.get(0));
            return new Prepared(requests, bytes, values.get(Tag.ACCESSION_NUMBER), values.get(Tag.PATIENT_ID));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (ws.isClosed()) {
                Workspace.deleteTree(ws.dir()); // the request ended while we were writing: remove what came after
            }
        }
    }

    /** The instances of one study carry the same study-level values; the first one's stand for all. */
    private static Map<Integer, String> readValues(StoreRequest first) throws IOException {
        try {
            return DicomFiles.topLevelText(first.file(), Tag.ACCESSION_NUMBER, Tag.PATIENT_ID);
        } catch (DicomException e) {
            throw new ApiException(ErrorCode.PACS_ERROR, "Instance " + first.header().sopInstanceUid() + " from the PACS cannot be read; nothing was sent: " + e.getMessage());
        }
    }

    private static List<InstanceRef> joinListing(CompletableFuture<List<InstanceRef>> listing) {
        try {
            return listing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    /** A broken instance in the PACS is the PACS's problem, not the caller's: 500 PACS_ERROR, nothing sent. */
    private static InstanceHeader validate(Path file, int index, String studyUid) throws IOException {
        InstanceHeader header;
        try {
            header = DicomFiles.scan(file);
        } catch (DicomException e) {
            throw new ApiException(ErrorCode.PACS_ERROR, "Instance #" + (index + 1) + " of study " + studyUid + " from the PACS is not valid DICOM; nothing was sent: " + e.getMessage());
        }
        if (header.studyInstanceUid() != null && !header.studyInstanceUid().equals(studyUid)) {
            throw new ApiException(ErrorCode.PACS_ERROR, "The PACS sent instance " + header.sopInstanceUid() + " of study " + header.studyInstanceUid() + " when asked for study " + studyUid + "; nothing was sent");
        }
        return header;
    }
}
