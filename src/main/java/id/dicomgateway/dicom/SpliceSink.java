package id.dicomgateway.dicom;

import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The output of {@link TagEditor#splice}: keeps what the editor writes in memory until the rest
 * of the output is known to be the input as it came ({@link #cutAt}), then throws it away, so
 * that the walk after the cut only checks the input. Large values are then skipped by seeking
 * ({@link #transferFrom} accepts them without reading).
 *
 * <p>The head is bounded like the editor's {@link HeadBuffer}: past {@link HeadBuffer#LIMIT}
 * bytes the splice is refused (the caller edits with a copy instead), never grown.
 */
final class SpliceSink extends OutputStream implements ChannelTarget {

    private byte[] buf = new byte[4096];
    private int count;
    private long tailOffset = -1;
    private boolean refused;

    /** Whether bytes written now belong to the head. */
    boolean recording() {
        return tailOffset < 0 && !refused;
    }

    /** From here on the output is the input from {@code inputOffset} to its end, unchanged. */
    void cutAt(long inputOffset) {
        tailOffset = inputOffset;
    }

    boolean isCut() {
        return tailOffset >= 0;
    }

    long tailOffset() {
        return tailOffset;
    }

    /** The output can no longer be a head plus one unchanged tail. */
    void refuse() {
        refused = true;
    }

    boolean refused() {
        return refused;
    }

    byte[] head() {
        return Arrays.copyOf(buf, count);
    }

    @Override
    public boolean transferFrom(FileChannel source, long position, long count) {
        // After the cut (or a refusal) nothing is kept: the input may just move on. Before it the
        // bytes must come through write() to be held.
        return !recording();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (!recording()) {
            return;
        }
        if ((long) count + len > HeadBuffer.LIMIT) {
            refuse();
            return;
        }
        if (count + len > buf.length) {
            buf = Arrays.copyOf(buf, Math.min(HeadBuffer.LIMIT, Math.max(buf.length * 2, count + len)));
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }
}
