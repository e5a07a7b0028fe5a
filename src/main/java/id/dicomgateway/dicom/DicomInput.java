package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;

/**
 * A buffered byte source that knows its position and, when it can, its end. Every read of a
 * declared length goes through here, so no caller ever allocates from an untrusted length:
 * values are skipped or copied in fixed-size chunks.
 */
final class DicomInput {

    private static final int BUFFER_SIZE = 64 * 1024;

    private final InputStream in;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    /** Stream position of buf[0]. */
    private long base;
    /** Position of the end of input when known (file size), else -1. */
    private long end;
    private final String where;
    /** Set when reading a file: large values are then skipped by seeking and copied by the kernel. */
    private final FileChannel channel;

    /** Values at least this long go through the channel directly instead of the buffer. */
    private static final long DIRECT_MIN = 256 * 1024;

    DicomInput(InputStream in, long knownSize, String where) {
        this.in = in;
        this.end = knownSize;
        this.where = where;
        this.channel = null;
    }

    /** Reads a file from the channel's current position; its size is the known end. */
    DicomInput(FileChannel channel, String where) throws IOException {
        this.in = Channels.newInputStream(channel);
        this.end = channel.size();
        this.where = where;
        this.channel = channel;
        this.base = channel.position();
    }

    long position() {
        return base + pos;
    }

    /** Words used in messages to say which offsets are meant ("offset" or "inflated offset"). */
    String where(long offset) {
        return where + " " + offset;
    }

    /** Bytes left if the end is known, else -1. */
    long remaining() {
        return end < 0 ? -1 : end - position();
    }

    /** The raw remaining input, positioned after what this reader consumed. */
    InputStream rest() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                if (pos < lim) {
                    return buf[pos++] & 0xFF;
                }
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                if (pos < lim) {
                    int n = Math.min(len, lim - pos);
                    System.arraycopy(buf, pos, b, off, n);
                    pos += n;
                    return n;
                }
                return in.read(b, off, len);
            }
        };
    }

    /** Ensures up to n (≤ buffer size) bytes are buffered; returns how many are available. */
    int peekAvailable(int n) throws IOException {
        if (lim - pos >= n) {
            return n;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            base += pos;
            lim -= pos;
            pos = 0;
        }
        while (lim < n) {
            int r = in.read(buf, lim, buf.length - lim);
            if (r < 0) {
                break;
            }
            lim += r;
        }
        return Math.min(n, lim - pos);
    }

    /** Byte at pos+i; only valid after peekAvailable covered it. */
    int peek(int i) {
        return buf[pos + i] & 0xFF;
    }

    boolean atEnd() throws IOException {
        return peekAvailable(1) == 0;
    }

    void readFully(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (pos == lim && fill() < 0) {
                throw new EOFException();
            }
            int n = Math.min(len, lim - pos);
            System.arraycopy(buf, pos, b, off, n);
            pos += n;
            off += n;
            len -= n;
        }
    }

    /** Skips n bytes, or copies them to out when out is not null; EOFException if the input ends first. */
    void transfer(long n, OutputStream out) throws IOException {
        while (n > 0) {
            if (pos == lim && channel != null && n >= DIRECT_MIN && direct(n, out)) {
                return;
            }
            if (pos == lim && fill() < 0) {
                throw new EOFException();
            }
            int chunk = (int) Math.min(n, lim - pos);
            if (out != null) {
                out.write(buf, pos, chunk);
            }
            pos += chunk;
            n -= chunk;
        }
    }

    /**
     * With the buffer empty, the channel position is base + lim: skip by seeking, or let the
     * sink copy straight from the file (FileChannel.transferTo: no pass through the heap).
     */
    private boolean direct(long n, OutputStream out) throws IOException {
        long at = base + lim;
        if (at + n > channel.size()) {
            throw new EOFException();
        }
        if (out != null && !(out instanceof ChannelTarget t && t.transferFrom(channel, at, n))) {
            return false;
        }
        channel.position(at + n);
        base = at + n;
        pos = 0;
        lim = 0;
        return true;
    }

    private int fill() throws IOException {
        base += lim;
        pos = 0;
        lim = 0;
        int r;
        do {
            r = in.read(buf, 0, buf.length);
        } while (r == 0);
        if (r > 0) {
            lim = r;
        }
        return r;
    }
}
