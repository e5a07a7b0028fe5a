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

/**
 * Writes one received data set to its Part 10 file (PS3.10 7.1: the header first, then every data
 * fragment as received), never on the event loop: each file operation is an ordered worker task of
 * the association's context, so they run in sequence. Under load every hand-over to a worker costs
 * a thread wake-up, so there are as few as can be: fragments gather while a write runs and go in
 * the next one as a gathering write, the file is created by the first write, and an instance
 * received in one PDU is created, written and closed in one task.
 *
 * <p>The public-ish methods run on the event loop; fields marked so are touched only by the
 * ordered tasks, one at a time.
 */
final class InstanceWriter {

    /** Told, on the event loop, how many bytes wait for the disk (queued tasks plus gathered). */
    interface Backlog {
        void changed(long bytes);
    }

    /** Runs on the worker once the file is closed; {@code error} null when it is complete. */
    interface Closed {
        void closed(Throwable error);
    }

    private final Context context;
    private final Path path;
    private final Buffer header;
    private final Backlog backlog;
    private final List<ByteBuffer> gathered = new ArrayList<>();
    private long gatheredBytes;
    private long queuedBytes;
    private long bytes;
    private boolean writing;
    private boolean finishing;
    /** Worker tasks only. */
    private FileChannel channel;
    private volatile Throwable error;
    private volatile boolean dropped;

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
        gathered.add(ByteBuffer.wrap(data));
        gatheredBytes += data.length;
        if (!writing) {
            flush();
        }
        backlog.changed(queuedBytes + gatheredBytes);
    }

    /**
     * The last fragment is in: writes what is gathered, closes, then calls {@code then} on the worker.
     * On a write or close error the file is deleted before {@code then} hears of it.
     */
    void finish(Closed then) {
        finishing = true;
        ByteBuffer[] last = takeGathered();
        long lastBytes = queuedBytes(last);
        task(() -> {
            Throwable failure = error;
            try {
                if (failure == null && !dropped) {
                    writeBatch(last, lastBytes);
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
        }, lastBytes);
    }

    /** The association ended before the last fragment: the file goes, after the queued writes. */
    void drop() {
        gathered.clear();
        gatheredBytes = 0;
        context.<Void>executeBlocking(() -> {
            dropped = true;
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

    private void flush() {
        if (gathered.isEmpty()) {
            return;
        }
        ByteBuffer[] batch = takeGathered();
        long n = queuedBytes(batch);
        writing = true;
        task(() -> {
            if (error == null && !dropped) {
                try {
                    writeBatch(batch, n);
                } catch (IOException | RuntimeException e) {
                    error = e;
                }
            }
        }, n).onComplete(ar -> {
            writing = false;
            if (!finishing) {
                flush();
            }
        });
    }

    private ByteBuffer[] takeGathered() {
        ByteBuffer[] batch = gathered.toArray(ByteBuffer[]::new);
        gathered.clear();
        gatheredBytes = 0;
        return batch;
    }

    private static long queuedBytes(ByteBuffer[] batch) {
        long n = 0;
        for (ByteBuffer b : batch) {
            n += b.remaining();
        }
        return n;
    }

    private interface Task {
        void run() throws IOException;
    }

    private io.vertx.core.Future<Void> task(Task task, long n) {
        queuedBytes += n;
        return context.<Void>executeBlocking(() -> {
            task.run();
            return null;
        }, true).andThen(ar -> {
            queuedBytes -= n;
            backlog.changed(queuedBytes + gatheredBytes);
        });
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
