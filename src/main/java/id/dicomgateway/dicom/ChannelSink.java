package id.dicomgateway.dicom;

import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/** Buffered output to a file channel that also accepts whole file regions (FileChannel.transferTo). */
final class ChannelSink extends OutputStream implements ChannelTarget {

    private final FileChannel out;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

    ChannelSink(FileChannel out) {
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (!buf.hasRemaining()) {
            flush();
        }
        buf.put((byte) b);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int n = Math.min(len, buf.remaining());
            buf.put(b, off, n);
            off += n;
            len -= n;
        }
    }

    @Override
    public void flush() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) {
            out.write(buf);
        }
        buf.clear();
    }

    @Override
    public boolean transferFrom(FileChannel source, long position, long count) throws IOException {
        flush();
        long done = 0;
        while (done < count) {
            long n = source.transferTo(position + done, count - done, out);
            if (n <= 0) {
                throw new EOFException();
            }
            done += n;
        }
        return true;
    }
}
