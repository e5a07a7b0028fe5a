package id.dicomgateway.dimse.pdu;

import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/** Encodes PDUs to bytes (PS3.8 9.3). All multi-byte integers are big endian (PS3.8 9.3.1). */
public final class PduWriter {

    /** PDU header: type, reserved, 4-byte length (PS3.8 9.3.1). */
    public static final int PDU_HEADER_LENGTH = 6;
    /** PDV item header: 4-byte length, presentation context ID, message control header (PS3.8 9.3.5.1). */
    public static final int PDV_HEADER_LENGTH = 6;

    private PduWriter() {
    }

    public static Buffer encode(Pdu pdu) {
        if (pdu instanceof Pdu.AAssociateRq rq) {
            return associate(rq, PduWriter::presentationContextRq);
        } else if (pdu instanceof Pdu.AAssociateAc ac) {
            return associate(ac, PduWriter::presentationContextAc);
        } else if (pdu instanceof Pdu.AAssociateRj rj) {
            return fourBytes(Pdu.TYPE_A_ASSOCIATE_RJ, 0, rj.result(), rj.source(), rj.reason());
        } else if (pdu instanceof Pdu.PDataTf p) {
            return pData(p);
        } else if (pdu instanceof Pdu.AReleaseRq) {
            return fourBytes(Pdu.TYPE_A_RELEASE_RQ, 0, 0, 0, 0);
        } else if (pdu instanceof Pdu.AReleaseRp) {
            return fourBytes(Pdu.TYPE_A_RELEASE_RP, 0, 0, 0, 0);
        } else if (pdu instanceof Pdu.AAbort a) {
            return fourBytes(Pdu.TYPE_A_ABORT, 0, 0, a.source(), a.reason());
        }
        throw new IllegalArgumentException("unknown PDU " + pdu);
    }

    /**
     * Appends the PDU header and the single PDV header of a P-DATA-TF carrying {@code dataLength}
     * bytes of one PDV; the caller appends the data. Used to stream data sets without building a
     * {@link Pdu.PDataTf}.
     */
    public static void appendPDataHeader(Buffer out, int presentationContextId, boolean command, boolean last,
                                         int dataLength) {
        out.appendUnsignedByte((short) Pdu.TYPE_P_DATA_TF);
        out.appendByte((byte) 0);
        out.appendUnsignedInt(PDV_HEADER_LENGTH + (long) dataLength);
        out.appendUnsignedInt(2L + dataLength); // item length counts context ID + control header + data
        out.appendUnsignedByte((short) presentationContextId);
        out.appendUnsignedByte((short) ((command ? 0x01 : 0) | (last ? 0x02 : 0)));
    }

    /** A-ASSOCIATE-RQ and -AC differ only in their presentation context items (PS3.8 9.3.2, 9.3.3). */
    private static <C> Buffer associate(Pdu.AAssociate<C> pdu, BiConsumer<Buffer, C> presentationContext) {
        Buffer out = Buffer.buffer(512);
        out.appendUnsignedByte((short) pdu.type());
        out.appendByte((byte) 0);
        out.appendInt(0); // length, patched below
        out.appendUnsignedShort(1); // protocol version: bit 0 (PS3.8 9.3.2)
        out.appendUnsignedShort(0);
        out.appendBytes(aeTitle(pdu.calledAeTitle()));
        out.appendBytes(aeTitle(pdu.callingAeTitle()));
        out.appendBytes(new byte[32]);
        item(out, 0x10, ascii(pdu.applicationContext()));
        for (C pc : pdu.presentationContexts()) {
            presentationContext.accept(out, pc);
        }
        userInformation(out, pdu.userInformation());
        out.setUnsignedInt(2, out.length() - PDU_HEADER_LENGTH);
        return out;
    }

    /** PS3.8 9.3.2: 16 characters, space padded; leading and trailing spaces are not significant. */
    static byte[] aeTitle(String aeTitle) {
        byte[] out = new byte[16];
        java.util.Arrays.fill(out, (byte) ' ');
        byte[] chars = aeTitle.strip().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(chars, 0, out, 0, Math.min(16, chars.length));
        return out;
    }

    private static void presentationContextRq(Buffer out, PresentationContextRq pc) {
        int start = beginItem(out, 0x20);
        out.appendUnsignedByte((short) pc.id());
        out.appendBytes(new byte[3]);
        item(out, 0x30, ascii(pc.abstractSyntax()));
        for (String ts : pc.transferSyntaxes()) {
            item(out, 0x40, ascii(ts));
        }
        endItem(out, start);
    }

    private static void presentationContextAc(Buffer out, PresentationContextAc pc) {
        int start = beginItem(out, 0x21);
        out.appendUnsignedByte((short) pc.id());
        out.appendByte((byte) 0);
        out.appendUnsignedByte((short) pc.result());
        out.appendByte((byte) 0);
        // PS3.8 9.3.3.2: one transfer syntax sub-item; "not significant" unless accepted, but always present.
        item(out, 0x40, ascii(pc.transferSyntax() == null ? "" : pc.transferSyntax()));
        endItem(out, start);
    }

    private static void userInformation(Buffer out, UserInformation ui) {
        int start = beginItem(out, 0x50);
        // PS3.8 D.1.1: Maximum Length sub-item 51H, 4-byte value.
        out.appendUnsignedByte((short) 0x51).appendByte((byte) 0).appendUnsignedShort(4)
                .appendUnsignedInt(ui.maxPduLength());
        // PS3.7 D.3.3.2: Implementation Class UID 52H and optional Implementation Version Name 55H.
        item(out, 0x52, ascii(ui.implementationClassUid()));
        if (ui.implementationVersionName() != null && !ui.implementationVersionName().isEmpty()) {
            item(out, 0x55, ascii(ui.implementationVersionName()));
        }
        endItem(out, start);
    }

    private static Buffer pData(Pdu.PDataTf p) {
        Buffer out = Buffer.buffer();
        out.appendUnsignedByte((short) Pdu.TYPE_P_DATA_TF).appendByte((byte) 0).appendInt(0);
        for (Pdv pdv : p.pdvs()) {
            out.appendUnsignedInt(2L + pdv.data().length);
            out.appendUnsignedByte((short) pdv.presentationContextId());
            out.appendUnsignedByte((short) pdv.messageControlHeader());
            out.appendBytes(pdv.data());
        }
        out.setUnsignedInt(2, out.length() - PDU_HEADER_LENGTH);
        return out;
    }

    private static Buffer fourBytes(int type, int b0, int b1, int b2, int b3) {
        return Buffer.buffer(10).appendUnsignedByte((short) type).appendByte((byte) 0).appendUnsignedInt(4)
                .appendUnsignedByte((short) b0).appendUnsignedByte((short) b1)
                .appendUnsignedByte((short) b2).appendUnsignedByte((short) b3);
    }

    /** Item header of PS3.8 9.3.2.x: type, reserved, 2-byte length. */
    private static void item(Buffer out, int type, byte[] value) {
        if (value.length > 0xFFFF) {
            throw new IllegalArgumentException("item too long");
        }
        out.appendUnsignedByte((short) type).appendByte((byte) 0).appendUnsignedShort(value.length).appendBytes(value);
    }

    private static int beginItem(Buffer out, int type) {
        out.appendUnsignedByte((short) type).appendByte((byte) 0).appendUnsignedShort(0);
        return out.length();
    }

    private static void endItem(Buffer out, int start) {
        int length = out.length() - start;
        if (length > 0xFFFF) {
            throw new IllegalArgumentException("item too long");
        }
        out.setUnsignedShort(start - 2, length);
    }

    /** UIDs and names in items are ASCII without padding (PS3.8 9.3.2.1, annex F). */
    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
