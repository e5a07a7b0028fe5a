package id.dicomgateway.dimse;

import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Splice;
import id.dicomgateway.dimse.ul.DataSetRegion;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * One instance to send and what {@code DicomFiles.scan} or the tag editor said about it: a file as
 * it is, or, when {@code splice} is set, an edited instance that was never written (its new head
 * in memory, then the unchanged tail of {@code file}, the splice's source).
 */
public record StoreRequest(Path file, InstanceHeader header, Splice splice) {

    public StoreRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
    }

    /** A file as it is: its data set starts at the header's dataset offset and runs to the end. */
    public StoreRequest(Path file, InstanceHeader header) {
        this(file, header, null);
    }

    /** An edited instance that was never written: its new head from memory, then the original's unchanged tail. */
    public static StoreRequest of(Splice splice) {
        return new StoreRequest(splice.source(), splice.header(), splice);
    }

    /** The size of the instance as a Part 10 file: what was written, or what an edited copy would be. */
    public long instanceSize() throws IOException {
        return splice != null ? splice.size() : Files.size(file);
    }

    /** The data set's size in bytes (a stat of the file for a file as it is). */
    public long dataSetSize() throws IOException {
        return instanceSize() - header.datasetOffset();
    }

    /** The data set as a stream, for a conversion (PS3.7 9.3.1.1: without the File Meta). */
    InputStream openDataSet() throws IOException {
        if (splice != null) {
            return splice.openDataset();
        }
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024);
        try {
            in.skipNBytes(header.datasetOffset());
        } catch (IOException e) {
            in.close();
            throw e;
        }
        return in;
    }

    /** What the association sends: the splice's head from memory and its tail from the file, or the file's data set. */
    DataSetRegion region() {
        if (splice == null) {
            return DataSetRegion.toEnd(file, header.datasetOffset());
        }
        byte[] head = splice.head();
        byte[] prefix = Arrays.copyOfRange(head, (int) header.datasetOffset(), head.length);
        return new DataSetRegion(prefix, file, splice.tailOffset(), splice.tailLength());
    }
}
