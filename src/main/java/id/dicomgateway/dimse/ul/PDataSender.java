package id.dicomgateway.dimse.ul;

import id.dicomgateway.dimse.pdu.PduWriter;
import io.vertx.core.AsyncResult;
import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends one data set as P-DATA-TF PDUs of one PDV each (PS3.8 9.3.5, annex E), no longer than the
 * peer accepts (PS3.8 D.1), cut by {@link PDataStream}: the region's in-memory prefix (an edited head,
 * a few hundred bytes), then the file's bytes. The file is read on a worker in blocks of
 * {@link #BLOCK} bytes of the PDU stream, each PDU's header and data together, and each block goes to
 * the socket in one write: to a peer of 16 KB PDUs that is one write per 16 PDUs, where a header and a
 * {@code sendfile(2)} per PDU cost two segments and about six system calls (to a peer of 64 KB PDUs or
 * more, where those costs are spread thin, the header-and-sendfile way stays: {@link #SENDFILE_FROM}). At most {@link #BLOCKS}
 * blocks are held at once (read, or in the socket not yet transferred to the kernel): a data set never
 * enters the heap whole, and a peer that reads slowly holds the reading back. The association's state
 * stays with its user (the SCU's {@code Association}), which hears of progress through {@link Events}
 * (as dicom-rs keeps its PDU writer in association/pdata.rs).
 *
 * <p>Runs on the association's event-loop context and touches no file system API there. A file that
 * ends before its data set does (it shrank while it was sent) fails the block that needed the bytes,
 * before that block goes out, and ends as {@link Events#failed}.
 */
public final class PDataSender {

    /** Bytes of the PDU stream read and written at once: 16 PDUs of 16 KB, and below G1's humongous size. */
    static final int BLOCK = 256 * 1024;
    /** Blocks of a data set held at once: the first read takes a 512 KB instance whole. */
    static final int BLOCKS = 3;
    /**
     * From this maximum PDU length on, each PDU's data goes by {@code sendfile(2)} ({@link NetSocket#sendFile})
     * after its header: a 512 KB instance is four PDUs of 128 KB, its per-PDU costs are few, and it needs no
     * hand-over to a worker (which, on a busy machine, costs more than the blocks save).
     */
    static final int SENDFILE_FROM = 64 * 1024;
    /** PDUs handed to the socket by sendfile and not yet transferred to the kernel. */
    static final int REGIONS_IN_FLIGHT = 4;
    /** The worker's buffer for file reads: off the heap, so the channel reads into it without a copy of its own. */
    private static final ThreadLocal<ByteBuffer> SCRATCH = ThreadLocal.withInitial(() -> ByteBuffer.allocateDirect(BLOCK));

    /** What the association hears; all on its event-loop context. */
    public interface Events {
        /** Blocks are waiting in the socket: the peer must read them within the DIMSE timeout. */
        void waitingForPeer();

        /** A block went to the kernel. */
        void progressed();

        /** The whole data set was handed to the kernel. */
        void sent();

        /** The file could not supply its bytes after part of the message went out. */
        void failed(Throwable cause);
    }

    private final NetSocket socket;
    private final Context context;
    private final Path file;
    private final PDataStream stream;
    /** Large PDUs: header from memory, data by sendfile, one PDU at a time (see {@link #SENDFILE_FROM}). */
    private final boolean sendfile;
    private final DataSetRegion region;
    private final long fileSize;
    /** sendfile: where the data set's part of the file ends. */
    private final long end;
    private final int maxData;
    private final int presentationContextId;
    /** sendfile: data bytes of PDUs handed to the socket. */
    private long sent;
    /** Null until {@link #start}: before, blocks are only read ({@link #prepare}). */
    private Events events;
    /** A read that failed before {@link #start}: told then. */
    private Throwable early;
    /** Blocks that may be read: {@link #BLOCKS} less those read, waiting or in the socket. */
    private int free = BLOCKS;
    /** Read and not yet handed to the socket, in stream order. */
    private final ArrayDeque<Buffer> ready = new ArrayDeque<>();
    /** Handed to the socket and not yet in the kernel. */
    private int writing;
    private boolean reading;
    private boolean running;
    private boolean again;
    /** The stream's last block has been read. */
    private boolean allRead;
    /** Written on the event loop; a read task looks at it only to stop early. */
    private volatile boolean stopped;

    /**
     * @param context       the association's event-loop context; reads run on its workers
     * @param dataSetLength the data set's bytes: the region's prefix plus its part of the file
     * @param fileSize      the file's size when the send began
     * @param maxPduLength  largest P-DATA-TF variable field the peer accepts
     */
    public PDataSender(NetSocket socket, Context context, int presentationContextId, DataSetRegion region,
                       long dataSetLength, long fileSize, int maxPduLength) {
        this.socket = socket;
        this.context = context;
        this.file = region.file();
        this.stream = new PDataStream(presentationContextId, region.prefix(), region.offset(), dataSetLength, maxPduLength);
        this.sendfile = !readsBlocks(maxPduLength);
        this.region = region;
        this.fileSize = fileSize;
        this.end = region.offset() + dataSetLength - region.prefix().length;
        this.maxData = maxPduLength - PduWriter.PDV_HEADER_LENGTH;
        this.presentationContextId = presentationContextId;
    }

    /** Bytes put on the wire in PDVs, pad included. */
    public long length() {
        return stream.length();
    }

    /** Whether a data set to a peer of {@code maxPduLength} is read in blocks (else it goes by sendfile: nothing to read ahead). */
    public static boolean readsBlocks(int maxPduLength) {
        return maxPduLength < SENDFILE_FROM;
    }

    /**
     * Reads the first blocks now, writes nothing: while the association waits for the response to the operation before
     * this one (PS3.7 9.1, one at a time), the file is read, and at {@link #start(Events)} the blocks go out at once. To
     * peers of {@link #SENDFILE_FROM} and more there is nothing to read ahead.
     */
    public void prepare() {
        pump();
    }

    /** Writes the data set, telling {@code to} how it goes; a read ahead that failed is told now. */
    public void start(Events to) {
        this.events = java.util.Objects.requireNonNull(to, "events");
        if (early != null) {
            events.failed(early);
            return;
        }
        pump();
    }

    /** The association ended: nothing more is written or reported. */
    public void stop() {
        stopped = true;
    }

    /**
     * Writes the blocks read, in order, and starts a read while blocks are free and none is running; reports
     * the end once every block is in the kernel. A write can complete at once (outside a read handler Vert.x
     * flushes straight away), and so can a read that ended before its handler was attached: both call back
     * into this method, which then only asks its outer call to go round again, so blocks never overtake one
     * another.
     */
    private void pump() {
        if (running) {
            again = true;
            return;
        }
        running = true;
        try {
            do {
                again = false;
                if (sendfile) {
                    if (events != null) {
                        sendPdus();
                    }
                    continue;
                }
                while (events != null && !stopped && !ready.isEmpty()) {
                    writing++;
                    socket.write(ready.poll()).onComplete(this::written);
                }
                if (!stopped && !reading && !allRead && free > 0) {
                    reading = true;
                    int blocks = free;
                    free = 0;
                    context.executeBlocking(() -> read(blocks), false).onComplete(this::blocksRead);
                }
            } while (again && !stopped);
        } finally {
            running = false;
        }
        if (stopped || events == null) {
            return;
        }
        if (writing > 0) {
            events.waitingForPeer();
        } else if (allRead && !reading && ready.isEmpty()) {
            stopped = true;
            events.sent();
        }
    }

    /**
     * Hands PDUs to the socket, each its header (and any of the region's in-memory prefix) then its file part by
     * sendfile, while fewer than {@link #REGIONS_IN_FLIGHT} are in flight.
     */
    private void sendPdus() {
        byte[] prefix = region.prefix();
        long length = stream.length();
        while (!stopped && sent < length && writing < REGIONS_IN_FLIGHT) {
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
            allRead = sent == length;
            writing++;
            if (fromFile > 0) {
                socket.write(header);
                socket.sendFile(file.toAbsolutePath().toString(), from, fromFile).onComplete(this::written);
            } else {
                socket.write(header).onComplete(this::written);
            }
            if (pad) {
                socket.write(Buffer.buffer(new byte[] {0})); // the pad byte
            }
        }
    }

    /** On a worker: up to {@code blocks} blocks of the stream; each read task opens and closes the file itself. */
    private Read read(int blocks) throws IOException {
        List<Buffer> read = new ArrayList<>(blocks);
        ByteBuffer scratch = SCRATCH.get();
        try (FileChannel channel = stream.needsFile() ? FileChannel.open(file, StandardOpenOption.READ) : null) {
            while (read.size() < blocks && !stream.done() && !stopped) {
                Buffer block = Buffer.buffer(BLOCK);
                stream.next(block, BLOCK, channel, scratch);
                read.add(block);
            }
        }
        return new Read(read, blocks, stream.done());
    }

    private void blocksRead(AsyncResult<Read> ar) {
        reading = false;
        if (stopped) {
            return;
        }
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        Read read = ar.result();
        allRead = read.last();
        free += read.room() - read.blocks().size(); // blocks it did not need
        ready.addAll(read.blocks());
        pump();
    }

    private void written(AsyncResult<Void> ar) {
        writing--;
        free++;
        if (stopped) {
            return;
        }
        if (ar.failed()) {
            fail(ar.cause());
            return;
        }
        events.progressed();
        pump();
    }

    private void fail(Throwable cause) {
        stopped = true;
        if (events == null) {
            early = cause; // read ahead: told at start, when the command has gone out as before
            return;
        }
        events.failed(cause);
    }

    /** What a read task brings back: the blocks read, of {@code room} it might have, and whether the stream ended. */
    private record Read(List<Buffer> blocks, int room, boolean last) {
    }
}
