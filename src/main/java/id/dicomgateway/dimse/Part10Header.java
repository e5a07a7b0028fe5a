package id.dicomgateway.dimse;

import id.dicomgateway.dicom.Uids;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/**
 * Preamble, "DICM" and File Meta Information (PS3.10 7.1) for a data set received by C-STORE: the
 * meta group is always Explicit VR Little Endian, whatever the data set's syntax.
 */
final class Part10Header {

    private static final int PREAMBLE = 128;

    private Part10Header() {
    }

    /**
     * @param sopClassUid    Media Storage SOP Class UID (0002,0002), from the C-STORE-RQ
     * @param sopInstanceUid Media Storage SOP Instance UID (0002,0003), from the C-STORE-RQ
     * @param transferSyntax (0002,0010): the presentation context's syntax
     * @param sourceAeTitle  Source Application Entity Title (0002,0016): the calling AE
     */
    static Buffer of(String sopClassUid, String sopInstanceUid, String transferSyntax, String sourceAeTitle) {
        Buffer group = Buffer.buffer(256);
        // (0002,0001) OB: 2-byte length form with reserved bytes, value 00 01 (PS3.10 7.1).
        group.appendUnsignedShortLE(0x0002).appendUnsignedShortLE(0x0001).appendString("OB")
                .appendUnsignedShortLE(0).appendUnsignedIntLE(2).appendByte((byte) 0).appendByte((byte) 1);
        shortElement(group, 0x0002, "UI", uid(sopClassUid));
        shortElement(group, 0x0003, "UI", uid(sopInstanceUid));
        shortElement(group, 0x0010, "UI", uid(transferSyntax));
        shortElement(group, 0x0012, "UI", uid(Uids.IMPLEMENTATION_CLASS_UID));
        shortElement(group, 0x0013, "SH", text(Uids.IMPLEMENTATION_VERSION_NAME));
        shortElement(group, 0x0016, "AE", text(sourceAeTitle));
        Buffer out = Buffer.buffer(PREAMBLE + 16 + group.length());
        out.appendBytes(new byte[PREAMBLE]).appendString("DICM");
        out.appendUnsignedShortLE(0x0002).appendUnsignedShortLE(0x0000).appendString("UL").appendUnsignedShortLE(4)
                .appendUnsignedIntLE(group.length());
        return out.appendBuffer(group);
    }

    private static void shortElement(Buffer out, int element, String vr, byte[] value) {
        out.appendUnsignedShortLE(0x0002).appendUnsignedShortLE(element).appendString(vr)
                .appendUnsignedShortLE(value.length).appendBytes(value);
    }

    /** UI: padded to even length with NUL (PS3.5 9.1). */
    private static byte[] uid(String uid) {
        return pad(uid, (byte) 0);
    }

    /** SH, AE: padded to even length with a space (PS3.5 6.2). */
    private static byte[] text(String s) {
        return pad(s, (byte) ' ');
    }

    private static byte[] pad(String s, byte padding) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        if ((b.length & 1) == 0) {
            return b;
        }
        byte[] out = java.util.Arrays.copyOf(b, b.length + 1);
        out[b.length] = padding;
        return out;
    }
}
