package id.dicomgateway.dimse;

import io.vertx.core.buffer.Buffer;
import java.util.function.Consumer;

/**
 * Cuts a data set of known length, arriving in chunks of any size, into P-DATA-TF PDUs of one
 * PDV each carrying at most {@code maxData} bytes, the last marked as such (PS3.8 E.2).
 */
final class PDataFragmenter {

    private final int presentationContextId;
    private final int maxData;
    private final Consumer<Buffer> out;
    private long remaining;
    private Buffer current;
    private int currentNeeds;

    PDataFragmenter(int presentationContextId, int maxData, long length, Consumer<Buffer> out) {
        if (maxData < 1) {
            throw new IllegalArgumentException("maxData " + maxData);
        }
        this.presentationContextId = presentationContextId;
        this.maxData = maxData;
        this.remaining = length;
        this.out = out;
    }

    /** Bytes of the data set not yet received. */
    long remaining() {
        return remaining;
    }

    void append(Buffer chunk) {
        if (chunk.length() > remaining) {
            throw new IllegalStateException("more data than announced");
        }
        int pos = 0;
        while (pos < chunk.length()) {
            if (current == null) {
                int n = (int) Math.min(maxData, remaining);
                current = Buffer.buffer(PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH + n);
                PduWriter.appendPDataHeader(current, presentationContextId, false, n == remaining, n);
                currentNeeds = n;
            }
            int take = Math.min(currentNeeds, chunk.length() - pos);
            current.appendBuffer(chunk, pos, take);
            pos += take;
            currentNeeds -= take;
            remaining -= take;
            if (currentNeeds == 0) {
                Buffer pdu = current;
                current = null;
                out.accept(pdu);
            }
        }
    }
}
