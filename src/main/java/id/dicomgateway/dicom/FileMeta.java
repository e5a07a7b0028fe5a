package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The start of a file: Part 10 preamble, "DICM" and File Meta Information (PS3.10 §7.1), or the
 * detection of a bare dataset when they are absent.
 *
 * @param present          whether the input had a File Meta group
 * @param syntax           transfer syntax of the dataset that follows
 * @param mediaSopClassUid (0002,0002) or null
 * @param mediaSopInstanceUid (0002,0003) or null
 * @param datasetOffset    byte offset of the dataset in the input
 */
record FileMeta(boolean present, TransferSyntax syntax, String mediaSopClassUid, String mediaSopInstanceUid,
                long datasetOffset) {

    private static final int PREAMBLE_LENGTH = 128;
    /** No meta element we read is longer than a UID; this bounds what a hostile header can make us hold. */
    private static final int MAX_META_VALUE = 1024;
    /** The whole group: a few hundred bytes in practice. */
    private static final int MAX_META_LENGTH = 64 * 1024;
    /** Largest group number accepted as the first element of a bare dataset (see detect). */
    private static final int MAX_FIRST_GROUP = 0x00FF;

    /** Reads preamble and meta if present, leaving {@code in} at the first dataset byte. */
    static FileMeta read(DicomInput in) throws IOException {
        int avail = in.peekAvailable(PREAMBLE_LENGTH + 4);
        if (avail >= PREAMBLE_LENGTH + 4 && isDicm(in, PREAMBLE_LENGTH)) {
            in.transfer(PREAMBLE_LENGTH + 4, null);
            return readGroup(in);
        }
        if (avail >= 4 && isDicm(in, 0)) {
            // "DICM" without the preamble: written by some old tools, read by DCMTK and pydicom.
            in.transfer(4, null);
            return readGroup(in);
        }
        if (avail >= 6 && in.peek(0) == 0x02 && in.peek(1) == 0x00 && Vr.of(in.peek(4), in.peek(5)) != null) {
            // File Meta with neither preamble nor "DICM".
            return readGroup(in);
        }
        return new FileMeta(false, detect(in, avail), null, null, 0);
    }

    /** Wraps the dataset part of the input: inflated for the deflated syntax (PS3.5 A.5). */
    static DicomInput datasetInput(DicomInput in, TransferSyntax syntax) {
        if (!syntax.deflated()) {
            return in;
        }
        // Raw deflate without zlib header ("nowrap"), as PS3.5 A.5 specifies.
        InputStream inflated = new BoundedInflater(in.rest(), 64 * 1024);
        return new DicomInput(inflated, -1, "inflated offset");
    }

    private static boolean isDicm(DicomInput in, int at) {
        return in.peek(at) == 'D' && in.peek(at + 1) == 'I' && in.peek(at + 2) == 'C' && in.peek(at + 3) == 'M';
    }

    /**
     * A bare dataset: like DCMTK and pydicom, decide from the first element. Its group must be
     * a small even group (datasets start with group 0008 in practice) read in little or big
     * endian; explicit VR if bytes 4-5 name a VR, else implicit VR little endian.
     */
    private static TransferSyntax detect(DicomInput in, int avail) throws DicomException {
        if (avail < 8) {
            throw new DicomException(DicomException.Reason.NOT_DICOM, "input of " + avail
                    + " bytes is too short to hold a DICOM data element");
        }
        int groupLe = in.peek(0) | in.peek(1) << 8;
        int groupBe = in.peek(0) << 8 | in.peek(1);
        boolean vrBytes = Vr.of(in.peek(4), in.peek(5)) != null;
        if (plausibleFirstGroup(groupLe)) {
            return vrBytes ? TransferSyntax.EXPLICIT_VR_LE : TransferSyntax.IMPLICIT_VR_LE;
        }
        if (plausibleFirstGroup(groupBe) && vrBytes) {
            return TransferSyntax.EXPLICIT_VR_BE;
        }
        int element = in.peek(2) | in.peek(3) << 8;
        throw new DicomException(DicomException.Reason.NOT_DICOM, "no Part 10 header (\"DICM\" at offset 128)"
                + " and the first bytes do not start a dataset: they read as element "
                + String.format("(%04X,%04X)", groupLe, element) + " at offset 0; a dataset starts with a low"
                + " group such as (0008,xxxx) (stray or missing bytes before the first element?)");
    }

    private static boolean plausibleFirstGroup(int group) {
        return group >= 0x0002 && group <= MAX_FIRST_GROUP && (group & 1) == 0;
    }

    /** File Meta elements are always Explicit VR Little Endian (PS3.10 §7.1). */
    private static FileMeta readGroup(DicomInput in) throws IOException {
        long start = in.position();
        String syntaxUid = null;
        String sopClass = null;
        String sopInstance = null;
        ElementHeader h = new ElementHeader();
        byte[] value = new byte[MAX_META_VALUE];
        while (true) {
            int avail = in.peekAvailable(2);
            if (avail < 2 || in.peek(0) != 0x02 || in.peek(1) != 0x00) {
                break;
            }
            if (!h.read(in, true, false)) {
                break;
            }
            if (h.undefinedLength() || in.position() + h.length - start > MAX_META_LENGTH) {
                throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "File Meta element "
                        + Tag.toString(h.tag) + " at offset " + h.offset + " declares " + h.length
                        + " bytes; the File Meta group is limited to " + MAX_META_LENGTH + " bytes");
            }
            try {
                if (h.length <= MAX_META_VALUE) {
                    in.readFully(value, 0, (int) h.length);
                } else {
                    in.transfer(h.length, null);
                }
            } catch (EOFException e) {
                throw new DicomException(DicomException.Reason.TRUNCATED, "input ends inside File Meta element "
                        + Tag.toString(h.tag) + " at offset " + h.offset);
            }
            if (h.length <= MAX_META_VALUE) {
                switch (h.tag) {
                    case Tag.TRANSFER_SYNTAX_UID -> syntaxUid = DatasetWalker.uid(value, (int) h.length);
                    case Tag.MEDIA_STORAGE_SOP_CLASS_UID -> sopClass = DatasetWalker.uid(value, (int) h.length);
                    case Tag.MEDIA_STORAGE_SOP_INSTANCE_UID -> sopInstance = DatasetWalker.uid(value, (int) h.length);
                    default -> {
                    }
                }
            }
        }
        if (syntaxUid == null || syntaxUid.isEmpty()) {
            throw new DicomException(DicomException.Reason.MALFORMED,
                    "File Meta has no Transfer Syntax UID (0002,0010) (PS3.10 §7.1)");
        }
        return new FileMeta(true, TransferSyntax.of(syntaxUid), sopClass, sopInstance, in.position());
    }

    /**
     * Writes preamble, "DICM" and a File Meta group of our own (PS3.10 §7.1): the group length
     * is computed, Implementation Class UID and Version Name are this gateway's. Returns the
     * number of bytes written (the dataset offset of the output).
     */
    static long write(OutputStream out, String sopClassUid, String sopInstanceUid, String syntaxUid)
            throws IOException {
        ValueWriter group = new ValueWriter(256);
        group.explicitLe(Tag.FILE_META_INFORMATION_VERSION, Vr.OB, new byte[] {0, 1});
        group.explicitLe(Tag.MEDIA_STORAGE_SOP_CLASS_UID, Vr.UI, uidBytes(sopClassUid));
        group.explicitLe(Tag.MEDIA_STORAGE_SOP_INSTANCE_UID, Vr.UI, uidBytes(sopInstanceUid));
        group.explicitLe(Tag.TRANSFER_SYNTAX_UID, Vr.UI, uidBytes(syntaxUid));
        group.explicitLe(Tag.IMPLEMENTATION_CLASS_UID, Vr.UI, uidBytes(Uids.IMPLEMENTATION_CLASS_UID));
        group.explicitLe(Tag.IMPLEMENTATION_VERSION_NAME, Vr.SH, textBytes(Uids.IMPLEMENTATION_VERSION_NAME));
        ValueWriter head = new ValueWriter(PREAMBLE_LENGTH + 16);
        head.raw(new byte[PREAMBLE_LENGTH]);
        head.raw(new byte[] {'D', 'I', 'C', 'M'});
        head.explicitLe(Tag.FILE_META_INFORMATION_GROUP_LENGTH, Vr.UL, ValueWriter.u32le(group.size()));
        head.writeTo(out);
        group.writeTo(out);
        return head.size() + group.size();
    }

    /** UI: ASCII, padded to even length with NUL (PS3.5 §9.1). */
    static byte[] uidBytes(String uid) {
        return evenLength(uid, (byte) 0);
    }

    /** Text VRs: padded to even length with a space (PS3.5 §6.2). */
    static byte[] textBytes(String text) {
        return evenLength(text, (byte) ' ');
    }

    /** Every value has an even length (PS3.5 §7.1.1); an odd one takes one padding byte. */
    private static byte[] evenLength(String value, byte pad) {
        byte[] s = value.getBytes(StandardCharsets.US_ASCII);
        if ((s.length & 1) == 0) {
            return s;
        }
        byte[] padded = Arrays.copyOf(s, s.length + 1);
        padded[s.length] = pad;
        return padded;
    }
}
