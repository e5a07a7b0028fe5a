package id.dicomgateway.dimse.pdu;

import id.dicomgateway.dimse.pdu.PduItems.Pdv;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextAc;
import id.dicomgateway.dimse.pdu.PduItems.PresentationContextRq;
import id.dicomgateway.dimse.pdu.PduItems.UserInformation;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Splits a TCP byte stream into PDUs and decodes them (PS3.8 9.3). Feed it whatever the socket
 * delivers; it holds at most one incomplete PDU, whose length is bounded by {@code maxPduLength}
 * so a hostile length cannot make it buffer without limit.
 *
 * <p>The chunks are kept as they came (the reader holds on to them until their bytes are consumed,
 * so a caller must not reuse one) and never appended into one growing buffer: a P-DATA-TF's PDVs
 * are copied once, from the chunks straight into their values, whatever the chunks' sizes. A
 * stream that has failed stays failed: every later feed throws the same exception and delivers nothing.
 */
public final class PduReader {

    private final long maxPduLength;
    /** Received, not yet consumed: the first chunk from {@link #offset}, then the others whole. */
    private final ArrayDeque<Buffer> chunks = new ArrayDeque<>();
    private int offset;
    private long available;
    private final byte[] header = new byte[PduWriter.PDU_HEADER_LENGTH];
    private PduException failed;

    /** @param maxPduLength the largest PDU variable field (length field value) accepted, of any type */
    public PduReader(long maxPduLength) {
        this.maxPduLength = maxPduLength;
    }

    /** Appends bytes and passes every PDU now complete to {@code sink}, in order. */
    public void feed(Buffer chunk, Consumer<Pdu> sink) throws PduException {
        if (failed != null) {
            throw failed;
        }
        if (chunk.length() > 0) {
            chunks.add(chunk);
            available += chunk.length();
        }
        try {
            while (available >= PduWriter.PDU_HEADER_LENGTH) {
                peek(header);
                int type = header[0] & 0xFF;
                long length = ((header[2] & 0xFFL) << 24) | ((header[3] & 0xFF) << 16) | ((header[4] & 0xFF) << 8)
                        | (header[5] & 0xFF);
                if (type < Pdu.TYPE_A_ASSOCIATE_RQ || type > Pdu.TYPE_A_ABORT) {
                    throw new PduException(PduException.UNRECOGNIZED_PDU, "unrecognized PDU type " + hex(type));
                }
                if (length > maxPduLength) {
                    throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                            "PDU length " + length + " exceeds the limit " + maxPduLength);
                }
                if (PduWriter.PDU_HEADER_LENGTH + length > available) {
                    break;
                }
                skip(PduWriter.PDU_HEADER_LENGTH);
                sink.accept(type == Pdu.TYPE_P_DATA_TF ? pData((int) length) : decode(type, take((int) length)));
            }
        } catch (PduException e) {
            failed = e;
            chunks.clear();
            available = 0;
            throw e;
        }
    }

    /** Copies the next {@code into.length} bytes without consuming them. */
    private void peek(byte[] into) {
        int done = 0;
        int from = offset;
        for (Buffer c : chunks) {
            int n = Math.min(into.length - done, c.length() - from);
            c.getBytes(from, from + n, into, done);
            done += n;
            if (done == into.length) {
                return;
            }
            from = 0;
        }
    }

    /** Consumes {@code n} bytes into {@code into} at {@code at}; null just drops them. */
    private void consume(byte[] into, int at, int n) {
        available -= n;
        while (n > 0) {
            Buffer c = chunks.peekFirst();
            int k = Math.min(n, c.length() - offset);
            if (into != null) {
                c.getBytes(offset, offset + k, into, at);
                at += k;
            }
            n -= k;
            offset += k;
            if (offset == c.length()) {
                chunks.pollFirst();
                offset = 0;
            }
        }
    }

    private void skip(int n) {
        consume(null, 0, n);
    }

    /** The next {@code n} bytes as one buffer: a slice when one chunk holds them, else a copy. */
    private Buffer take(int n) {
        Buffer c = chunks.peekFirst();
        if (c != null && c.length() - offset >= n) {
            Buffer slice = c.slice(offset, offset + n);
            skip(n);
            return slice;
        }
        byte[] bytes = new byte[n];
        consume(bytes, 0, n);
        return Buffer.buffer(bytes);
    }

    /** A P-DATA-TF whose {@code length} bytes of PDV items are all here (PS3.8 9.3.5), each value copied once. */
    private Pdu pData(int length) throws PduException {
        List<Pdv> pdvs = new ArrayList<>(1);
        byte[] item = new byte[PduWriter.PDV_HEADER_LENGTH];
        int left = length;
        while (left > 0) {
            if (left < PduWriter.PDV_HEADER_LENGTH) {
                throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "truncated PDV item header");
            }
            peek(item);
            long itemLength = ((item[0] & 0xFFL) << 24) | ((item[1] & 0xFF) << 16) | ((item[2] & 0xFF) << 8) | (item[3] & 0xFF);
            // PS3.8 9.3.5.1: the item length counts the context ID and control header, so at least 2.
            if (itemLength < 2 || 4 + itemLength > left) {
                throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "PDV item length " + itemLength
                        + " does not fit the P-DATA-TF PDU");
            }
            skip(PduWriter.PDV_HEADER_LENGTH);
            byte[] data = new byte[(int) itemLength - 2];
            consume(data, 0, data.length);
            int control = item[5] & 0xFF;
            pdvs.add(new Pdv(item[4] & 0xFF, (control & 0x01) != 0, (control & 0x02) != 0, data));
            left -= (int) (4 + itemLength);
        }
        if (pdvs.isEmpty()) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "P-DATA-TF without PDV items");
        }
        return new Pdu.PDataTf(pdvs);
    }

    /** Decodes one PDU from its type and variable field (everything after the 6-byte header). */
    public static Pdu decode(int type, Buffer body) throws PduException {
        try {
            return switch (type) {
                case Pdu.TYPE_A_ASSOCIATE_RQ, Pdu.TYPE_A_ASSOCIATE_AC -> associate(type, body);
                case Pdu.TYPE_A_ASSOCIATE_RJ -> {
                    fixed(body, type);
                    yield new Pdu.AAssociateRj(body.getUnsignedByte(1), body.getUnsignedByte(2), body.getUnsignedByte(3));
                }
                case Pdu.TYPE_P_DATA_TF -> pData(body);
                case Pdu.TYPE_A_RELEASE_RQ -> {
                    fixed(body, type);
                    yield new Pdu.AReleaseRq();
                }
                case Pdu.TYPE_A_RELEASE_RP -> {
                    fixed(body, type);
                    yield new Pdu.AReleaseRp();
                }
                case Pdu.TYPE_A_ABORT -> {
                    fixed(body, type);
                    yield new Pdu.AAbort(body.getUnsignedByte(2), body.getUnsignedByte(3));
                }
                default -> throw new PduException(PduException.UNRECOGNIZED_PDU, "unrecognized PDU type " + hex(type));
            };
        } catch (IndexOutOfBoundsException e) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                    "PDU type " + hex(type) + ": an item runs past the end of the PDU");
        }
    }

    /** RJ, RELEASE-RQ/RP and ABORT have a 4-byte variable field (PS3.8 9.3.4, 9.3.6-9.3.8). */
    private static void fixed(Buffer body, int type) throws PduException {
        if (body.length() != 4) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                    "PDU type " + hex(type) + " must have length 4, has " + body.length());
        }
    }

    private static Pdu associate(int type, Buffer body) throws PduException {
        if (body.length() < 68) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "A-ASSOCIATE PDU shorter than 68 bytes");
        }
        int version = body.getUnsignedShort(0);
        if ((version & 1) == 0) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "protocol version without bit 0");
        }
        String called = body.getString(4, 20, "US-ASCII").strip();
        String calling = body.getString(20, 36, "US-ASCII").strip();
        String applicationContext = null;
        List<PresentationContextRq> rqContexts = new ArrayList<>();
        List<PresentationContextAc> acContexts = new ArrayList<>();
        UserInformation userInformation = null;
        int pos = 68;
        while (pos < body.length()) {
            int itemType = body.getUnsignedByte(pos);
            int itemLength = body.getUnsignedShort(pos + 2);
            int start = pos + 4;
            int end = start + itemLength;
            if (end > body.length()) {
                throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                        "item " + hex(itemType) + " runs past the end of the PDU");
            }
            switch (itemType) {
                case 0x10 -> applicationContext = uid(body, start, end);
                case 0x20 -> rqContexts.add(presentationContextRq(body, start, end));
                case 0x21 -> acContexts.add(presentationContextAc(body, start, end));
                case 0x50 -> userInformation = userInformation(body, start, end);
                default -> throw new PduException(PduException.UNRECOGNIZED_PDU_PARAMETER,
                        "unrecognized item type " + hex(itemType));
            }
            pos = end;
        }
        if (applicationContext == null || userInformation == null) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                    "A-ASSOCIATE PDU without application context or user information item");
        }
        return type == Pdu.TYPE_A_ASSOCIATE_RQ
                ? new Pdu.AAssociateRq(called, calling, applicationContext, rqContexts, userInformation)
                : new Pdu.AAssociateAc(called, calling, applicationContext, acContexts, userInformation);
    }

    private static PresentationContextRq presentationContextRq(Buffer body, int start, int end) throws PduException {
        int id = body.getUnsignedByte(start);
        String abstractSyntax = null;
        List<String> transferSyntaxes = new ArrayList<>();
        SubItems sub = new SubItems(body, start + 4, end);
        while (sub.next()) {
            if (sub.type == 0x30) {
                abstractSyntax = uid(body, sub.valueStart, sub.valueEnd);
            } else if (sub.type == 0x40) {
                transferSyntaxes.add(uid(body, sub.valueStart, sub.valueEnd));
            } else {
                throw new PduException(PduException.UNRECOGNIZED_PDU_PARAMETER, "unrecognized sub-item " + hex(sub.type));
            }
        }
        try {
            return new PresentationContextRq(id, abstractSyntax, transferSyntaxes);
        } catch (RuntimeException e) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "presentation context: " + e.getMessage());
        }
    }

    private static PresentationContextAc presentationContextAc(Buffer body, int start, int end) throws PduException {
        int id = body.getUnsignedByte(start);
        int result = body.getUnsignedByte(start + 2);
        String transferSyntax = null;
        SubItems sub = new SubItems(body, start + 4, end);
        while (sub.next()) {
            if (sub.type == 0x40) {
                transferSyntax = uid(body, sub.valueStart, sub.valueEnd);
            } else {
                throw new PduException(PduException.UNRECOGNIZED_PDU_PARAMETER, "unrecognized sub-item " + hex(sub.type));
            }
        }
        if (result == PresentationContextAc.ACCEPTANCE && (transferSyntax == null || transferSyntax.isEmpty())) {
            throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                    "accepted presentation context " + id + " without a transfer syntax");
        }
        return new PresentationContextAc(id, result, transferSyntax);
    }

    private static UserInformation userInformation(Buffer body, int start, int end) throws PduException {
        long maxLength = 0;
        String implementationClassUid = "";
        String implementationVersionName = null;
        SubItems sub = new SubItems(body, start, end);
        while (sub.next()) {
            switch (sub.type) {
                case 0x51 -> {
                    if (sub.valueEnd - sub.valueStart != 4) {
                        throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE, "maximum length sub-item not 4 bytes");
                    }
                    maxLength = body.getUnsignedInt(sub.valueStart);
                }
                case 0x52 -> implementationClassUid = uid(body, sub.valueStart, sub.valueEnd);
                case 0x55 -> implementationVersionName = body.getString(sub.valueStart, sub.valueEnd, "US-ASCII").strip();
                default -> {
                    // Asynchronous operations window (53H), role selection (54H), extended and user
                    // identity negotiation (56H..59H): we proposed none, so there is nothing to honour.
                }
            }
        }
        return new UserInformation(maxLength, implementationClassUid, implementationVersionName);
    }

    /**
     * The sub-items of one item, in order (PS3.8 9.3.2.2, 9.3.3.2, D.1): each an item type, a reserved
     * byte, a two-byte length and the value. {@link #next()} moves to the next one and checks that it
     * ends inside its item.
     */
    private static final class SubItems {
        private final Buffer body;
        private final int end;
        private int pos;
        int type;
        int valueStart;
        int valueEnd;

        SubItems(Buffer body, int start, int end) {
            this.body = body;
            this.pos = start;
            this.end = end;
        }

        boolean next() throws PduException {
            if (pos >= end) {
                return false;
            }
            type = body.getUnsignedByte(pos);
            valueStart = pos + 4;
            valueEnd = valueStart + body.getUnsignedShort(pos + 2);
            if (valueEnd > end) {
                throw new PduException(PduException.INVALID_PDU_PARAMETER_VALUE,
                        "sub-item " + hex(type) + " runs past the end of its item");
            }
            pos = valueEnd;
            return true;
        }
    }

    /** A P-DATA-TF from its variable field in one buffer: read as the stream reads one. */
    private static Pdu pData(Buffer body) throws PduException {
        PduReader whole = new PduReader(Long.MAX_VALUE);
        whole.chunks.add(body);
        whole.available = body.length();
        return whole.pData(body.length());
    }

    /** UIDs may arrive padded with a trailing NUL (PS3.5 9.1) or space by lenient peers. */
    private static String uid(Buffer body, int start, int end) {
        String s = new String(body.getBytes(start, end), StandardCharsets.US_ASCII);
        int len = s.length();
        while (len > 0 && (s.charAt(len - 1) == '\0' || s.charAt(len - 1) == ' ')) {
            len--;
        }
        return s.substring(0, len);
    }

    private static String hex(int value) {
        return String.format("%02XH", value);
    }
}
