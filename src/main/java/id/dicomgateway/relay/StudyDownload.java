package id.dicomgateway.relay;

import id.dicomgateway.pacs.InstanceRef;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.PacsException;
import id.dicomgateway.relay.outcome.Failures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.jboss.logging.Logger;

/**
 * A study from the PACS to the caller as a file: one instance as itself, several as a ZIP written
 * entry by entry while the PACS response streams in. Nothing touches the disk or stays in memory.
 */
@Singleton
public class StudyDownload {
    private static final Logger LOG = Logger.getLogger(StudyDownload.class);

    @Inject
    PacsClient pacs;

    /** Looks the study up first, so "not found" and "PACS down" are answered before any byte is sent. */
    public Uni<Download> open(String studyUid) {
        return Uni.createFrom().item(() -> {
            List<InstanceRef> instances = pacs.studyInstances(studyUid);
            if (instances.size() == 1) {
                return new Download(studyUid + ".dcm", "application/dicom", instances.size(), translated(out -> single(studyUid, instances, out)));
            }
            return new Download(studyUid + ".zip", "application/zip", instances.size(), translated(out -> zip(studyUid, instances, out)));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).onFailure().transform(Failures::translate);
    }

    /** A PACS failure while the body streams is still the relay's failure, as before the first byte. */
    private static Writer translated(Writer writer) {
        return out -> {
            try {
                writer.write(out);
            } catch (PacsException e) {
                throw Failures.of(e);
            }
        };
    }

    private void single(String studyUid, List<InstanceRef> instances, OutputStream out) throws IOException {
        long start = System.nanoTime();
        long[] bytes = {0};
        pacs.retrieve(studyUid, instances, (index, body) -> {
            if (index == 0) {
                bytes[0] = body.copyTo(out);
            }
        });
        LOG.infof("download study=%s instances=1 bytes=%d duration=%dms", studyUid, bytes[0], (System.nanoTime() - start) / 1_000_000);
    }

    private void zip(String studyUid, List<InstanceRef> instances, OutputStream out) throws IOException {
        long start = System.nanoTime();
        long[] bytes = {0};
        int[] count = {0};
        ZipOutputStream zip = new ZipOutputStream(out);
        // DICOM pixel data is often compressed already; speed matters more than a few percent of size.
        zip.setLevel(Deflater.BEST_SPEED);
        OutputStream entry = new FilterOutputStream(zip) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                zip.write(b, off, len);
            }

            @Override
            public void close() {
                // the entry ends with closeEntry(), not with the caller closing it
            }
        };
        pacs.retrieve(studyUid, instances, (index, body) -> {
            zip.putNextEntry(new ZipEntry(String.format("IM%05d.dcm", index + 1)));
            bytes[0] += body.copyTo(entry);
            zip.closeEntry();
            count[0]++;
        });
        zip.finish();
        zip.flush();
        LOG.infof("download study=%s instances=%d bytes=%d duration=%dms", studyUid, count[0], bytes[0], (System.nanoTime() - start) / 1_000_000);
    }

    /** What the resource sends: a file name, its media type, and a writer that streams it. */
    public record Download(String fileName, String mediaType, int instances, Writer writer) {
    }

    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }
}
