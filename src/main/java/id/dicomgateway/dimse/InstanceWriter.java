package id.dicomgateway.dimse;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Writes one received data set to its Part 10 file (PS3.10 7.1: the header first, then every data
 * fragment as received), never on the event loop. The event loop queues fragments; one worker task
 * of the association's context (ordered, so nothing else of the association runs beside it) drains
 * the queue, in gathering writes of whatever has arrived meanwhile, until it is empty, and returns
 * to the event loop only when it must: the file is done, or the socket may read again. Under load
 * every hand-over between threads waits for a CPU, so an instance costs as few as can be: one to the
 * worker while data arrive faster than the disk takes them, one back with the response.
 *
 * <p>At most {@link #QUEUE_LIMIT} bytes wait: above it the association hears {@code full(true)} and
 * stops reading the socket; once the worker has brought them down to half, {@code full(false)}.
 */
final class InstanceWriter {

    /** Bytes waiting for the disk above which the socket is paused: a few PDUs. */
    static final long QUEUE_LIMIT = 1 << 20;

    /** Told, on the event loop, whether more than {@link #QUEUE_LIMIT} bytes wait for the disk. */
    interface Backlog {
        void full(boolean full);
    }

    /** Runs on the worker once the file is closed; {@code error} null when it is complete. */
    interface Closed {
        void closed(Throwable error);
    }

    private final Context context;
    private final Path path;
    private final Buffer header;
    private final Backlog backlog;
    private final ConcurrentLinkedQueue<ByteBuffer> queue = new ConcurrentLinkedQueue<>();
    /** Bytes queued and not yet written. */
    private final AtomicLong waiting = new AtomicLong();
    /** A worker task is draining, or about to. */
    private final AtomicBoolean draining = new AtomicBoolean();
    /** Event loop only. */
    private long bytes;
    /** Event loop only: the association was told the queue is full. */
    private boolean full;
    /** Set once, by the event loop, after the last fragment was queued. */
    private volatile Closed finishing;
    private volatile boolean dropped;
    /** Worker tasks only (ordered: one at a time, each seeing what the previous did). */
    private FileChannel channel;
    private Throwable error;

    InstanceWriter(Context context, Path path, Buffer header, Backlog backlog) {
        this.context = context;
        this.path = path;
        this.header = header;
        this.backlog = backlog;
    }

    Path path() {
        return path;
    }

    /** Data set bytes received so far. */
    long bytes() {
        return bytes;
    }

    /** Queues one fragment of the data set. */
    void write(byte[] data) {
        bytes += data.length;
        if (data.length == 0) {
            return;
        }
        queue.add(ByteBuffer.wrap(data));
        long now = waiting.addAndGet(data.length);
        drain();
        if (!full && now > QUEUE_LIMIT) {
            full = true;
            backlog.full(true);
        }
    }

    /**
     * The last fragment is in: what is queued is written, the file closed, then {@code then} is called on the
     * worker. On a write or close error the file is deleted before {@code then} hears of it.
     */
    void finish(Closed then) {
        finishing = then;
        drain();
    }

    /** The association ended before the last fragment: the file goes, after the write under way. */
    void drop() {
        dropped = true;
        queue.clear();
        context.<Void>executeBlocking(() -> {
            if (channel != null) {
                channel.close();
            }
            deleteQuietly(path);
            deleteIfEmpty(path.getParent());
            return null;
        }, true);
    }

    /** Deletes {@code dir} unless files are left in it (then they are the handler's). Worker only. */
    static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (DirectoryNotEmptyException e) {
            // the handler's files are still there: they are its own
        } catch (IOException e) {
            System.getLogger(InstanceWriter.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot delete {0}: {1}", dir, e.toString());
        }
    }

    /** Best effort, worker only: a file we cannot delete (its directory gone, say) is not worth more. */
    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            System.getLogger(InstanceWriter.class.getName()).log(System.Logger.Level.DEBUG,
                    "cannot delete {0}: {1}", file, e.toString());
        }
    }

    /** Starts a draining task unless one runs. */
    private void drain() {
        if (draining.compareAndSet(false, true)) {
            context.<Void>executeBlocking(() -> {
                run();
                return null;
            }, true);
        }
    }

    /** Worker: writes until nothing is queued, then closes if the last fragment is in. */
    private void run() {
        while (!dropped) {
            Closed then = finishing; // read before the queue: every fragment queued before it is seen below
            List<ByteBuffer> batch = new ArrayList<>();
            long n = 0;
            for (ByteBuffer b; (b = queue.poll()) != null; ) {
                batch.add(b);
                n += b.remaining();
            }
            if (n > 0) {
                write(batch.toArray(ByteBuffer[]::new), n);
                continue;
            }
            if (then != null) {
                close(then);
                return;
            }
            draining.set(false);
            // a fragment or the finish that came after the poll, and found the task still running, is ours
            if ((queue.isEmpty() && finishing == null) || !draining.compareAndSet(false, true)) {
                return;
            }
        }
    }

    private void write(ByteBuffer[] batch, long n) {
        if (error == null) {
            try {
                writeBatch(batch, n);
            } catch (IOException | RuntimeException e) {
                error = e;
            }
        }
        long before = waiting.getAndAdd(-n);
        if (before > QUEUE_LIMIT / 2 && before - n <= QUEUE_LIMIT / 2) {
            context.runOnContext(v -> {
                if (full && waiting.get() <= QUEUE_LIMIT / 2) {
                    full = false;
                    backlog.full(false);
                }
            });
        }
    }

    private void close(Closed then) {
        Throwable failure = error;
        try {
            if (failure == null && channel == null) {
                writeBatch(new ByteBuffer[0], 0); // an empty data set: the file still gets its header
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        if (failure != null || dropped) {
            deleteQuietly(path);
        }
        if (!dropped) {
            then.closed(failure);
        }
    }

    /** Worker only: creates the file with its header on the first write, then one gathering write. */
    private void writeBatch(ByteBuffer[] batch, long n) throws IOException {
        if (channel == null) {
            Files.createDirectories(path.getParent());
            channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            ByteBuffer head = ByteBuffer.wrap(header.getBytes());
            while (head.hasRemaining()) {
                channel.write(head);
            }
        }
        long left = n;
        while (left > 0) {
            left -= channel.write(batch);
        }
    }
}
