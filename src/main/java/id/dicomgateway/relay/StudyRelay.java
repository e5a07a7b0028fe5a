package id.dicomgateway.relay;

import id.dicomgateway.api.ApiException;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.dicom.DicomException;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.TagEdits;
import id.dicomgateway.dimse.StoreRequest;
import id.dicomgateway.pacs.InstanceRef;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.PacsConfig;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
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

    public StudyRelay(PacsClient pacs, TempArea temp, RouterSender sender, RelayMetrics metrics) {
        this.pacs = pacs;
        this.temp = temp;
        this.sender = sender;
        this.metrics = metrics;
    }

    public Uni<StudyResult> relay(String operation, String studyUid, TagEdits edits) {
        Executor worker = Infrastructure.getDefaultWorkerPool();
        long start = System.nanoTime();
        // deferred: the workspace and the handler that removes it come into being together, so a
        // cancellation (the client went away) at any point still removes it.
        return Uni.createFrom().deferred(() -> {
                    Workspace ws = temp.open();
                    return Uni.createFrom().item(() -> prepare(ws, studyUid, edits))
                            .chain(requests -> sender.send(studyUid, requests))
                            // back to a worker: removing the directory is file I/O, not for the event loop
                            .emitOn(worker)
                            .onTermination().invoke(ws::close);
                }).runSubscriptionOn(worker)
                .invoke(result -> sender.requireComplete(List.of(result)))
                .onItemOrFailure().invoke((result, failure) -> {
                    Duration took = Duration.ofNanos(System.nanoTime() - start);
                    if (failure == null) {
                        metrics.sent(operation, List.of(result), took);
                    } else {
                        metrics.failed(operation, studyUid, failure, took);
                    }
                });
    }

    private List<StoreRequest> prepare(Workspace ws, String studyUid, TagEdits edits) {
        try {
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
            List<InstanceHeader> headers = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                headers.add(validate(files.get(i), i, studyUid));
            }
            List<StoreRequest> requests = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                try {
                    requests.add(Editor.apply(ws, files.get(i), headers.get(i), edits));
                } catch (DicomException e) {
                    throw new ApiException(ErrorCode.PACS_ERROR, "Instance " + headers.get(i).sopInstanceUid() + " from the PACS cannot be edited; nothing was sent: " + e.getMessage());
                }
            }
            return requests;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (ws.isClosed()) {
                Workspace.deleteTree(ws.dir()); // the request ended while we were writing: remove what came after
            }
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
