package id.dicomgateway.relay.files;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jboss.logging.Logger;

/**
 * One request's directory in the {@link TempArea}. File names are counters, never input. Every byte
 * written through {@link #create} counts against the request's limit and is reserved in the temporary
 * area's {@link DiskQuota} before it is written (both refusals come while the file streams, not after);
 * a full volume is INSUFFICIENT_STORAGE, not an internal error. {@link #close()} removes the directory
 * and releases its reservation whatever happened (success, failure, the client going away) and is
 * safe to call twice.
 */
public final class Workspace implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Workspace.class);

    private final Path dir;
    private final long limit;
    private final DiskQuota quota;
    private final Consumer<Workspace> onClose;
    private final AtomicLong used = new AtomicLong();
    /** Bytes of this directory held in the quota: what was written, not what was hard-linked. */
    private final AtomicLong reserved = new AtomicLong();
    private final AtomicInteger counter = new AtomicInteger();
    private volatile boolean closed;

    Workspace(Path dir, long limit, DiskQuota quota, Consumer<Workspace> onClose) {
        this.dir = dir;
        this.limit = limit;
        this.quota = quota;
        this.onClose = onClose;
    }

    public Path dir() {
        return dir;
    }

    /** A fresh path in this directory: {@code kind} is a constant of ours, e.g. "in" or "edited". */
    public Path newFile(String kind) throws WorkspaceClosedException {
        ensureOpen();
        return dir.resolve(kind + "-" + counter.incrementAndGet() + ".dcm");
    }

    /** Opens {@code file} (from {@link #newFile}) for writing; fails with TOO_LARGE past the request's limit. */
    public OutputStream create(Path file) throws IOException {
        ensureOpen();
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new BufferedOutputStream(new Counted(out), 64 * 1024);
    }

    /**
     * Makes {@code target} (from {@link #newFile}) the same file as {@code source} without copying a
     * byte where the file system allows (a hard link), else a copy. Counted against the limit either way.
     */
    public void link(Path source, Path target) throws IOException {
        ensureOpen();
        long size = Files.size(source);
        try {
            // a hard link takes no new space: it counts against the request's limit, not the quota
            Files.createLink(target, source);
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            // another file system, or one without hard links: a copy
            try (OutputStream out = create(target)) {
                Files.copy(source, out);
            }
            return;
        }
        if (used.addAndGet(size) > limit) {
            Files.deleteIfExists(target);
            throw tooLarge();
        }
    }

    /** Bytes this request may still write before TEMP_MAX_REQUEST_SIZE. */
    public long remaining() {
        return Math.max(0, limit - used.get());
    }

    private RelayException tooLarge() {
        return new RelayException(FailureCode.TOO_LARGE, "The request needs more than the " + (limit >> 20)
                + " MiB of temporary space allowed per request (TEMP_MAX_REQUEST_SIZE); nothing was sent. Send fewer or "
                + "smaller files at once");
    }

    public long bytesWritten() {
        return used.get();
    }

    public boolean isClosed() {
        return closed;
    }

    private void ensureOpen() throws WorkspaceClosedException {
        if (closed) {
            throw new WorkspaceClosedException();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        onClose.accept(this);
        deleteTree(dir);
        quota.release(reserved.getAndSet(0));
    }

    /** Empties a directory, keeping it. */
    static void clearDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (var children = Files.list(dir)) {
            children.forEach(Workspace::deleteTree);
        } catch (IOException e) {
            LOG.warnf("Could not clear %s: %s", dir, e.getMessage());
        }
    }

    /** Deletes a directory tree without following links; returns the bytes freed. */
    public static long deleteTree(Path root) {
        AtomicLong bytes = new AtomicLong();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    bytes.addAndGet(attrs.size());
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            LOG.warnf("Could not remove %s: %s", root, e.getMessage());
        }
        return bytes.get();
    }

    /** The request ended (e.g. the client went away) while work for it was still running. */
    public static final class WorkspaceClosedException extends IOException {
        public WorkspaceClosedException() {
            super("request ended; its temporary directory is gone");
        }
    }

    private final class Counted extends FilterOutputStream {
        Counted(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            ensureOpen();
            if (used.addAndGet(len) > limit) {
                used.addAndGet(-len); // refused: not written
                throw tooLarge();
            }
            if (!quota.tryReserve(len)) {
                used.addAndGet(-len);
                throw quota.full();
            }
            reserved.addAndGet(len);
            if (closed) {
                // closed while this write was on its way: close() may have released before we reserved
                quota.release(reserved.getAndSet(0));
                throw new WorkspaceClosedException();
            }
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                if (DiskQuota.isDiskFull(e)) {
                    LOG.warnf("Temporary area %s: the volume is full (%s)", dir.getParent(), e.getMessage());
                    throw DiskQuota.diskFull("temporary area", e);
                }
                throw e;
            }
        }

        @Override
        public void flush() throws IOException {
            fullAware(out::flush);
        }

        @Override
        public void close() throws IOException {
            fullAware(out::close);
        }

        /** Runs a step of the file, telling a full volume (the quota's failure) from any other I/O error. */
        private static void fullAware(IoStep step) throws IOException {
            try {
                step.run();
            } catch (IOException e) {
                if (DiskQuota.isDiskFull(e)) {
                    throw DiskQuota.diskFull("temporary area", e);
                }
                throw e;
            }
        }
    }

    private interface IoStep {
        void run() throws IOException;
    }
}
