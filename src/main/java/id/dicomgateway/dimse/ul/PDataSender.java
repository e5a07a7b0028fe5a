package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.PduWriter;
import io.vertx.core.AsyncResult;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;

/**
 * Sends one data set as P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5, annex E), no longer than the
 * peer accepts (PS3.8 D.1): per PDU the 12 header bytes from memory, then the region's in-memory
 * prefix (an edited head, a few hundred bytes) if the PDU covers it, then the data straight from the
 * file with {@code sendfile(2)} ({@link NetSocket#sendFile}), so the instance's bulk never enters the
 * heap. At most {@link #REGIONS_IN_FLIGHT} PDUs are handed to the socket ahead of the kernel; it goes
 * on as each one completes. The association's state stays with its user (the SCU's {@code Association}), which
 * hears of progress through {@link Events} (as dicom-rs keeps its PDU writer in association/pdata.rs).
 *
 * <p>Runs on the association's event-loop context and touches no file system API there: the file's
 * size is known beforehand (stat on a worker). A file that shrinks while it is sent makes
 * {@code sendFile} fail (Netty checks a file region against the file's size), which ends as
 * {@link Events#failed}.
 */
public final class PDataSender {

    /** PDUs of a data set handed to the socket and not yet transferred to the kernel. */
    static final int REGIONS_IN_FLIGHT = 4;

    /** What the association hears; all on its event-loop context. */
    public interface Events {
        /** PDUs are waiting in the socket: the peer must read them within the DIMSE timeout. */
        void waitingForPeer();

        /** One PDU went to the kernel. */
        void progressed();

        /** The whole data set was handed to the kernel. */
        void sent();

        /** The file could not supply its bytes after part of the message went out. */
        void failed(Throwable cause);
    }

    private final NetSocket socket;
    private final int presentationContextId;
    private final DataSetRegion region;
    private final String file;
    private final long fileSize;
    private final long end;
    /** Bytes to send: data sets have even length (PS3.5 7.1); see the constructor for the pad. */
    private final long length;
    private final int maxData;
    private final Events events;
    private long sent;
    private int inFlight;
    private boolean stopped;
    private boolean running;

    /**
     * @param dataSetLength the data set's bytes: the region's prefix plus its part of the file
     * @param fileSize      the file's size when the send began
     * @param maxPduLength  largest P-DATA-TF variable field the peer accepts
     */
    public PDataSender(NetSocket socket, int presentationContextId, DataSetRegion region, long dataSetLength,
                long fileSize, int maxPduLength, Events events) {
        this.socket = socket;
        this.presentationContextId = presentationContextId;
        this.region = region;
        this.file = region.file().toAbsolutePath().toString();
        this.fileSize = fileSize;
        this.end = region.offset() + dataSetLength - region.prefix().length;
        // A deflate stream (PS3.5 A.5) may have odd length and DCMTK refuses odd fragments; one
        // trailing NUL after the end of a deflate stream is ignored by inflaters.
        this.length = dataSetLength + (dataSetLength & 1);
        this.maxData = maxPduLength - PduWriter.PDV_HEADER_LENGTH;
        this.events = events;
    }

    /** Bytes put on the wire, pad included. */
    public long length() {
        return length;
    }

    public void start() {
        run();
    }

    /** The association ended: nothing more is written or reported. */
    public void stop() {
        stopped = true;
    }

    /**
     * Hands PDUs to the socket while fewer than {@link #REGIONS_IN_FLIGHT} are in flight. A write
     * can complete synchronously (outside a read handler Vert.x flushes at once), calling
     * {@link #regionDone} from inside this loop: the loop then simply goes on, instead of recursing.
     */
    private void run() {
        if (stopped || running) {
            return;
        }
        running = true;
        try {
            byte[] prefix = region.prefix();
            while (!stopped && sent < length && inFlight < REGIONS_IN_FLIGHT) {
                int n = (int) Math.min(maxData, length - sent);
                int fromPrefix = (int) Math.max(0, Math.min(n, prefix.length - sent));
                long from = region.offset() + Math.max(0, sent - prefix.length);
                long fromFile = Math.max(0, Math.min(n - fromPrefix, end - from));
                // NetSocket.sendFile of a region past the end of the file would corrupt the PDU
                // stream: a region the file cannot fill fails here, before its header goes out.
                if (fileSize < from + fromFile) {
                    fail(new IOException("file ended " + (from + fromFile - fileSize) + " bytes early"));
                    return;
                }
                Buffer header = Buffer.buffer(PduWriter.PDU_HEADER_LENGTH + PduWriter.PDV_HEADER_LENGTH + fromPrefix);
                PduWriter.appendPDataHeader(header, presentationContextId, false, sent + n == length, n);
                if (fromPrefix > 0) {
                    header.appendBytes(prefix, (int) sent, fromPrefix);
                }
                boolean pad = fromPrefix + fromFile < n;
                sent += n;
                inFlight++;
                if (fromFile > 0) {
                    socket.write(header);
                    socket.sendFile(file, from, fromFile).onComplete(this::regionDone);
                } else {
                    socket.write(header).onComplete(this::regionDone);
                }
                if (pad) {
                    socket.write(Buffer.buffer(new byte[] {0})); // the pad byte
                }
            }
        } finally {
            running = false;
        }
        if (stopped) {
            return;
        }
        if (inFlight > 0) {
            events.waitingForPeer();
            return;
        }
        if (sent == length) {
            stopped = true;
            events.sent();
        }
    }

    private void regionDone(AsyncResult<Void> ar) {
        inFlight--;
        if (stopped) {
            return;
        }
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        events.progressed();
        run();
    }

    private void fail(Throwable cause) {
        stopped = true;
        events.failed(cause);
    }
}
