package id.dicomgateway.dicom;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;

/**
 * An edited instance without a copy: the edited Part 10 file is {@code head} followed by
 * {@code tailLength} bytes of {@code source} from {@code tailOffset}, unchanged.
 * header is the OUTPUT's header (its datasetOffset is an offset into head; datasetOffset <= head.length).
 *
 * <p>{@code head} is not copied: it is the editor's own array, handed over. The tail is read
 * from {@code source} each time it is used, so the source must not change while the splice is in use.
 * As for any record of an array, equals compares {@code head} by identity.
 */
public record Splice(byte[] head, Path source, long tailOffset, long tailLength, InstanceHeader header) {

    public Splice {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(header, "header");
        if (tailOffset < 0 || tailLength < 0) {
            throw new IllegalArgumentException("tail " + tailOffset + "+" + tailLength + " is not a file region");
        }
        if (header.datasetOffset() < 0 || header.datasetOffset() > head.length) {
            throw new IllegalArgumentException("datasetOffset " + header.datasetOffset()
                    + " is not inside the head of " + head.length + " bytes");
        }
    }

    public long size() {
        return head.length + tailLength;
    }

    /** The whole edited Part 10 file (created or replaced); the tail is copied by the kernel (FileChannel.transferTo). */
    public void writeTo(Path out) throws IOException {
        try (FileChannel from = FileChannel.open(source, StandardOpenOption.READ);
             FileChannel to = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            ChannelSink sink = new ChannelSink(to);
            sink.write(head);
            // Throws EOFException if the source has shrunk under us.
            sink.transferFrom(from, tailOffset, tailLength);
        }
    }

    /**
     * The dataset bytes only, what a C-STORE-RQ carries as its Data Set (PS3.7 9.3.1.1; the File
     * Meta stays out): head from datasetOffset, then the tail read from the source as it is
     * consumed, never held whole. Closing the stream closes the file.
     */
    public InputStream openDataset() throws IOException {
        int from = (int) header.datasetOffset();
        InputStream tail = new Region(FileChannel.open(source, StandardOpenOption.READ), tailOffset, tailLength);
        return new SequenceInputStream(new ByteArrayInputStream(head, from, head.length - from), tail);
    }

    /** A region of a file as a stream, by positional reads; closing it closes the channel. */
    private static final class Region extends InputStream {
        private final FileChannel channel;
        private long position;
        private long remaining;

        Region(FileChannel channel, long position, long length) {
            this.channel = channel;
            this.position = position;
            this.remaining = length;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            if (remaining == 0) {
                return -1;
            }
            int n = channel.read(ByteBuffer.wrap(b, off, (int) Math.min(len, remaining)), position);
            if (n < 0) {
                throw new EOFException("source ends " + remaining + " bytes before the end of the splice's tail");
            }
            position += n;
            remaining -= n;
            return n;
        }

        @Override
        public long skip(long n) {
            long k = Math.max(0, Math.min(n, remaining));
            position += k;
            remaining -= k;
            return k;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
