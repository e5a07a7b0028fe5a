package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.PduWriter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The P-DATA-TF PDUs of one data set (PS3.8 9.3.5, annex E) as one byte stream, cut into blocks of
 * at most a given size: each PDU one PDV of at most {@code maxPduLength - 6} bytes, its 12 header bytes
 * followed by its data, the last one's message control header with the last-fragment bit. The data is
 * the region's in-memory prefix, then the file's bytes, then one NUL if the data set is odd (see
 * {@link PDataSender}). A block ends where the stream, or the room, ends; a PDU's data may go on in the
 * next block, its header never does.
 *
 * <p>Not thread-safe: the sender hands it from one worker task to the next, one at a time.
 */
final class PDataStream {

    private static final int HEADER = PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH;

    private final int presentationContextId;
    private final byte[] prefix;
    private final long fileOffset;
    /** The data set's bytes (prefix and file) before the pad. */
    private final long dataSetLength;
    /** The bytes the PDVs carry: the data set and its pad. */
    private final long length;
    private final int maxData;
    /** Data bytes put into blocks so far. */
    private long data;
    /** Data bytes of the current PDU not yet in a block; 0 at a PDU's start. */
    private int pduLeft;

    /**
     * @param fileOffset    where in the file the data set's file part begins
     * @param dataSetLength the prefix and the file part together
     * @param maxPduLength  largest P-DATA-TF variable field the peer accepts (PS3.8 D.1)
     */
    PDataStream(int presentationContextId, byte[] prefix, long fileOffset, long dataSetLength, int maxPduLength) {
        if (maxPduLength <= PduWriter.PDV_HEADER_LENGTH) {
            throw new IllegalArgumentException("maximum PDU length " + maxPduLength + " leaves no room for data");
        }
        this.presentationContextId = presentationContextId;
        this.prefix = prefix;
        this.fileOffset = fileOffset;
        this.dataSetLength = dataSetLength;
        this.length = dataSetLength + (dataSetLength & 1);
        this.maxData = maxPduLength - PduWriter.PDV_HEADER_LENGTH;
    }

    /** Bytes the PDVs carry, pad included. */
    long length() {
        return length;
    }

    boolean done() {
        return data == length;
    }

    /** Whether bytes of the file are still to come. */
    boolean needsFile() {
        return dataSetLength > Math.max(data, prefix.length);
    }

    /**
     * Appends the stream's next bytes to {@code block}, at most {@code room} of them (at least a header
     * and one data byte), reading the file through {@code file} and {@code scratch}. Answers how many.
     *
     * @throws IOException the file could not be read, or ended before the data set did
     */
    int next(Buffer block, int room, FileChannel file, ByteBuffer scratch) throws IOException {
        if (room <= HEADER) {
            throw new IllegalArgumentException("a block of " + room + " bytes holds no data");
        }
        int start = block.length();
        int used = 0;
        while (data < length) {
            if (pduLeft == 0) {
                if (room - used <= HEADER) {
                    break; // the next PDU's header goes whole into the next block
                }
                int n = (int) Math.min(maxData, length - data);
                PduWriter.appendPDataHeader(block, presentationContextId, false, data + n == length, n);
                used += HEADER;
                pduLeft = n;
            }
            int n = Math.min(pduLeft, room - used);
            if (n == 0) {
                break;
            }
            append(block, n, file, scratch);
            data += n;
            pduLeft -= n;
            used += n;
        }
        return block.length() - start;
    }

    /** {@code n} data bytes from {@link #data} on: the prefix's, the file's, the pad. */
    private void append(Buffer block, int n, FileChannel file, ByteBuffer scratch) throws IOException {
        long at = data;
        long end = at + n;
        if (at < prefix.length) {
            int k = (int) Math.min(end, prefix.length) - (int) at;
            block.appendBytes(prefix, (int) at, k);
            at += k;
        }
        while (at < Math.min(end, dataSetLength)) {
            long position = fileOffset + at - prefix.length;
            scratch.clear().limit((int) Math.min(scratch.capacity(), Math.min(end, dataSetLength) - at));
            while (scratch.hasRemaining()) {
                int read = file.read(scratch, position + scratch.position());
                if (read < 0) {
                    long missing = dataSetLength - (at + scratch.position());
                    throw new IOException("file ended " + missing + " bytes early");
                }
            }
            scratch.flip();
            at += scratch.remaining();
            block.setBytes(block.length(), scratch);
        }
        if (at < end) {
            block.appendByte((byte) 0); // the pad: only ever the last byte
        }
    }
}
