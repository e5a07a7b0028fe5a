package id.dicomgateway.dimse;

import id.dicomgateway.dicom.InstanceHeader;
import id.dicomgateway.dicom.Splice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One instance to send and what {@code DicomFiles.scan} or the tag editor said about it. Its data
 * set is {@code prefix}, held in memory (an edited head, or nothing), followed by the bytes of
 * {@code file} from {@code offset}, {@code length} of them (negative: to the end of the file).
 */
public record StoreRequest(Path file, InstanceHeader header, byte[] prefix, long offset, long length) {

    private static final byte[] NONE = new byte[0];

    public StoreRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(prefix, "prefix");
    }

    /** A file as it is: its data set starts at the header's dataset offset and runs to the end. */
    public StoreRequest(Path file, InstanceHeader header) {
        this(file, header, NONE, header.datasetOffset(), -1);
    }

    /** An edited instance that was never written: its new head from memory, then the original's unchanged tail. */
    public static StoreRequest of(Splice splice) {
        int datasetOffset = Math.toIntExact(splice.header().datasetOffset());
        byte[] head = splice.head();
        byte[] prefix = java.util.Arrays.copyOfRange(head, datasetOffset, head.length);
        return new StoreRequest(splice.source(), splice.header(), prefix, splice.tailOffset(), splice.tailLength());
    }

    /** The data set's size in bytes (a stat of the file when it runs to the end). */
    public long dataSetSize() throws IOException {
        return prefix.length + (length >= 0 ? length : Files.size(file) - offset);
    }

    /** The size of the instance as a Part 10 file: what was written, or what an edited copy would be. */
    public long instanceSize() throws IOException {
        return header.datasetOffset() + dataSetSize();
    }

    Association.DataSetRegion region() {
        return new Association.DataSetRegion(prefix, file, offset, length);
    }
}
