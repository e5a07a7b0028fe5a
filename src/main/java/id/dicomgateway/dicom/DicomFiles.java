package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipException;

/** Reading what a file is, and whether it is whole, without holding it in memory. */
public final class DicomFiles {

    private DicomFiles() {
    }

    /**
     * Walks the whole file as a stream (element headers, skipping values; memory constant),
     * validates structure and storability, and returns what the relay needs to send it.
     */
    public static InstanceHeader scan(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            return scan(new DicomInput(channel, "offset"));
        }
    }

    /**
     * The transfer syntax a stream says it is in: (0002,0010) of its File Meta Information (PS3.10
     * 7.1), or, for a bare data set, as {@link #scan} would detect it. Reads no further than the
     * File Meta (and the first element for a bare data set).
     */
    public static TransferSyntax transferSyntaxOf(InputStream in) throws IOException {
        return FileMeta.read(new DicomInput(in, -1, "offset")).syntax();
    }

    /** Same as {@link #scan(Path)}, for a stream (consumed fully). */
    public static InstanceHeader scan(InputStream in) throws IOException {
        return scan(in, -1);
    }

    private static InstanceHeader scan(InputStream stream, long size) throws IOException {
        return scan(new DicomInput(stream, size, "offset"));
    }

    private static InstanceHeader scan(DicomInput raw) throws IOException {
        FileMeta meta = FileMeta.read(raw);
        DicomInput in = FileMeta.datasetInput(raw, meta.syntax());
        DatasetWalker walker = new DatasetWalker(in, meta.syntax(), null, null);
        walkGuarded(walker, in);
        return header(walker, meta.syntax(), meta.present(), meta.datasetOffset());
    }

    /** Longest value {@link #topLevelText} reads: the text VRs it is meant for are far shorter (PS3.5 §6.2). */
    static final int MAX_TEXT_LENGTH = 1024;

    /**
     * The values of the given top-level text elements (e.g. PatientID, AccessionNumber), with the
     * padding and insignificant leading and trailing spaces of PS3.5 §6.2 removed. A tag absent from
     * the dataset is absent from the map; a present but empty one maps to "". Values are decoded as
     * ISO 8859-1: enough to tell empty from not empty and for the ASCII of identifiers, not for names.
     * Values longer than {@value #MAX_TEXT_LENGTH} bytes are left out.
     */
    public static Map<Integer, String> topLevelText(Path file, int... tags) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            DicomInput raw = new DicomInput(channel, "offset");
            FileMeta meta = FileMeta.read(raw);
            DicomInput in = FileMeta.datasetInput(raw, meta.syntax());
            Map<Integer, String> found = new HashMap<>();
            DatasetWalker walker = new DatasetWalker(in, meta.syntax(), null, new DatasetWalker.TopLevel() {
                @Override
                public boolean element(ElementHeader header, DicomInput input) throws IOException {
                    if (!wanted(header.tag, tags) || header.undefinedLength() || header.length > MAX_TEXT_LENGTH) {
                        return false;
                    }
                    byte[] value = new byte[(int) header.length];
                    try {
                        input.readFully(value, 0, value.length);
                    } catch (EOFException e) {
                        throw new DicomException(DicomException.Reason.TRUNCATED, "value of " + Tag.toString(header.tag)
                                + " at " + input.where(header.offset) + " is cut off by the end of input");
                    }
                    found.put(header.tag, new String(value, StandardCharsets.ISO_8859_1).replace('\0', ' ').strip());
                    return true;
                }

                @Override
                public void end() {
                }
            });
            walkGuarded(walker, in);
            return found;
        }
    }

    private static boolean wanted(int tag, int[] tags) {
        for (int t : tags) {
            if (t == tag) {
                return true;
            }
        }
        return false;
    }

    /** Runs a walk, turning what the inflater or the stream reports about bad bytes into our exception. */
    static void walkGuarded(DatasetWalker walker, DicomInput in) throws IOException {
        try {
            walker.walk();
        } catch (EOFException e) {
            throw new DicomException(DicomException.Reason.TRUNCATED, "input ends unexpectedly at "
                    + in.where(in.position()) + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
        } catch (ZipException e) {
            throw new DicomException(DicomException.Reason.MALFORMED, "deflated dataset is corrupt near "
                    + in.where(in.position()) + ": " + e.getMessage());
        }
    }

    static InstanceHeader header(DatasetWalker walker, TransferSyntax syntax, boolean hasMeta, long datasetOffset)
            throws DicomException {
        requireStorable(walker.sopClassUid, walker.sopInstanceUid);
        return new InstanceHeader(walker.sopClassUid, walker.sopInstanceUid, syntax.uid(),
                walker.studyInstanceUid, walker.seriesInstanceUid, hasMeta, datasetOffset);
    }

    /** C-STORE needs both UIDs (PS3.4 B.2, PS3.7 9.1.1); without them nothing can be sent. */
    static void requireStorable(String sopClassUid, String sopInstanceUid) throws DicomException {
        if (sopClassUid == null || sopClassUid.isEmpty()) {
            throw new DicomException(DicomException.Reason.NOT_STORABLE,
                    "no SOP Class UID (0008,0016) at the top level: not a storable instance");
        }
        if (sopInstanceUid == null || sopInstanceUid.isEmpty()) {
            throw new DicomException(DicomException.Reason.NOT_STORABLE,
                    "no SOP Instance UID (0008,0018) at the top level: not a storable instance");
        }
    }
}
