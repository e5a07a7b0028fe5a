package id.dicomgateway.relay.files;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.RelayException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A budget of bytes that every writer of one area goes through before it writes: the temporary
 * area (every request, upload and received association together) has one, the spool another. A
 * writer reserves what it is about to write and releases it when the file goes; one that would go
 * past the budget is refused with INSUFFICIENT_STORAGE instead of filling the volume under it, so
 * one large request cannot take the disk from the others, and the volume is never the limit that
 * is hit (issue 23 item 7).
 */
public final class DiskQuota {
    private final String area;
    private final String variable;
    private final long limit;
    private final AtomicLong used = new AtomicLong();

    /**
     * @param area     what the budget covers, for people ("the temporary area")
     * @param variable the setting that changes it ("GATEWAY_TEMP_QUOTA")
     * @param limit    bytes; {@link Long#MAX_VALUE}: none
     */
    public DiskQuota(String area, String variable, long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException(variable + " must be positive");
        }
        this.area = area;
        this.variable = variable;
        this.limit = limit;
    }

    /** No budget: tests and tools that write without one. */
    static DiskQuota unlimited(String area) {
        return new DiskQuota(area, "none", Long.MAX_VALUE);
    }

    /** Reserves {@code bytes} if they fit under the budget; false (and nothing reserved) if not. */
    public boolean tryReserve(long bytes) {
        if (bytes <= 0) {
            return true;
        }
        while (true) {
            long now = used.get();
            if (now + bytes > limit || now + bytes < 0) {
                return false;
            }
            if (used.compareAndSet(now, now + bytes)) {
                return true;
            }
        }
    }

    /** Reserves {@code bytes}, or fails with INSUFFICIENT_STORAGE saying what to do. */
    public void reserve(long bytes) {
        if (!tryReserve(bytes)) {
            throw full();
        }
    }

    /** Counts bytes already on disk (found at start), over the budget or not. */
    void force(long bytes) {
        used.addAndGet(Math.max(0, bytes));
    }

    public void release(long bytes) {
        if (bytes > 0) {
            used.updateAndGet(u -> Math.max(0, u - bytes));
        }
    }

    public long used() {
        return used.get();
    }

    public long limit() {
        return limit;
    }

    /** The refusal: what is full, how full, and what a person can do. */
    public RelayException full() {
        return new RelayException(FailureCode.INSUFFICIENT_STORAGE, "The gateway's " + area + " is full: "
                + mib(used.get()) + " of the " + mib(limit) + " MiB it may use (" + variable + ") are taken by running "
                + "requests, uploads and received studies. Nothing was sent; send it again once they have ended, "
                + "or raise " + variable + " together with the volume under it");
    }

    private static long mib(long bytes) {
        return bytes >> 20;
    }

    /**
     * Whether {@code e} (or a cause) is the file system saying it is full (ENOSPC) or the user's disk
     * quota is spent (EDQUOT): the JDK reports both only as the text of an IOException.
     */
    public static boolean isDiskFull(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                String text = t instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason() : t.getMessage();
                String lower = text == null ? "" : text.toLowerCase(Locale.ROOT);
                if (lower.contains("no space left on device") || lower.contains("disk quota exceeded")) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /** The answer for a full volume under {@code area}: the same code as a spent budget, and the log has the path. */
    public static RelayException diskFull(String area, Throwable cause) {
        return new RelayException(FailureCode.INSUFFICIENT_STORAGE, "The volume under the gateway's " + area
                + " is full (no space left on device). Nothing was sent, and no study went out in part; send it again once "
                + "running requests have ended, and make the volume larger or the quotas smaller (GATEWAY_TEMP_QUOTA, "
                + "GATEWAY_SPOOL_QUOTA)", cause);
    }
}
