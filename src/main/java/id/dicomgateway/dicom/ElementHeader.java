package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Reads data element headers (PS3.5 §7.1) one at a time, in one encoding (explicit or implicit
 * VR, little or big endian), keeping the raw header bytes so they can be copied unchanged.
 * Mutable and reused: a file has millions of elements at most, each read allocates nothing.
 */
final class ElementHeader {

    /** Value Length 0xFFFFFFFF (PS3.5 §7.1.1). */
    static final long UNDEFINED_LENGTH = 0xFFFFFFFFL;

    int tag;
    /** Null in implicit VR, and for items and delimiters. */
    Vr vr;
    long length;
    long offset;
    final byte[] raw = new byte[12];
    int rawLength;

    boolean undefinedLength() {
        return length == UNDEFINED_LENGTH;
    }

    /**
     * Reads the next header. Returns false at a clean end of input (no byte left), throws
     * TRUNCATED when the input ends inside the header.
     */
    boolean read(DicomInput in, boolean explicitVr, boolean bigEndian) throws IOException {
        offset = in.position();
        int avail = in.peekAvailable(8);
        if (avail == 0) {
            return false;
        }
        if (avail < 8) {
            throw new DicomException(DicomException.Reason.TRUNCATED,
                    "input ends inside a data element header at " + in.where(offset));
        }
        in.readFully(raw, 0, 8);
        rawLength = 8;
        int group = u16(raw, 0, bigEndian);
        int element = u16(raw, 2, bigEndian);
        tag = group << 16 | element;
        // Items and delimiters never carry a VR, even in explicit VR syntaxes (PS3.5 §7.5).
        if (!explicitVr || group == 0xFFFE) {
            vr = null;
            length = u32(raw, 4, bigEndian);
            return true;
        }
        vr = Vr.of(raw[4] & 0xFF, raw[5] & 0xFF);
        if (vr == null) {
            throw new DicomException(DicomException.Reason.MALFORMED,
                    "invalid VR bytes 0x" + String.format("%02X%02X", raw[4] & 0xFF, raw[5] & 0xFF)
                            + " in element " + Tag.toString(tag) + " at " + in.where(offset)
                            + " (expected explicit VR)");
        }
        if (vr.hasLongLength()) {
            try {
                in.readFully(raw, 8, 4);
            } catch (EOFException e) {
                throw new DicomException(DicomException.Reason.TRUNCATED,
                        "input ends inside the header of " + Tag.toString(tag) + " at " + in.where(offset));
            }
            rawLength = 12;
            length = u32(raw, 8, bigEndian);
        } else {
            length = u16(raw, 6, bigEndian);
        }
        return true;
    }

    void copyTo(OutputStream out) throws IOException {
        out.write(raw, 0, rawLength);
    }

    static int u16(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? (b[off] & 0xFF) << 8 | (b[off + 1] & 0xFF)
                : (b[off + 1] & 0xFF) << 8 | (b[off] & 0xFF);
    }

    static long u32(byte[] b, int off, boolean bigEndian) {
        return bigEndian
                ? ((long) (b[off] & 0xFF) << 24 | (b[off + 1] & 0xFF) << 16 | (b[off + 2] & 0xFF) << 8 | (b[off + 3] & 0xFF))
                : ((long) (b[off + 3] & 0xFF) << 24 | (b[off + 2] & 0xFF) << 16 | (b[off + 1] & 0xFF) << 8 | (b[off] & 0xFF));
    }
}
