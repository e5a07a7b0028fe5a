package id.dicomgateway.dicom;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;

/**
 * The output of the editor while it cannot stream yet: until the File Meta can be written (it
 * needs the SOP UIDs from the dataset) and while a group length waits to be patched. Holds at
 * most {@link #LIMIT} bytes; the heads of real files are a few hundred bytes.
 */
final class HeadBuffer extends OutputStream implements ChannelTarget {

    static final int LIMIT = 8 * 1024 * 1024;

    private byte[] buf = new byte[4096];
    private int count;
    private OutputStream target;
    private int patchesPending;

    boolean holding() {
        return target == null || patchesPending > 0;
    }

    /** From now on, bytes go to target once no patch is pending. */
    void setTarget(OutputStream target) throws IOException {
        this.target = target;
        flushIfFree();
    }

    /** Marks a 4-byte little or big endian value at the current end to be patched later. */
    int reservePatch() {
        patchesPending++;
        return count;
    }

    void patch(int at, long value, boolean bigEndian) throws IOException {
        for (int i = 0; i < 4; i++) {
            int shift = bigEndian ? 24 - 8 * i : 8 * i;
            buf[at + i] = (byte) (value >>> shift);
        }
        patchesPending--;
        flushIfFree();
    }

    private void flushIfFree() throws IOException {
        if (!holding() && count > 0) {
            target.write(buf, 0, count);
            count = 0;
        }
    }

    @Override
    public boolean transferFrom(FileChannel source, long position, long count) throws IOException {
        return !holding() && target instanceof ChannelTarget t && t.transferFrom(source, position, count);
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (!holding()) {
            target.write(b, off, len);
            return;
        }
        if ((long) count + len > LIMIT) {
            throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "more than " + LIMIT
                    + " bytes of dataset precede SOP Instance UID (0008,0018) or an edited attribute;"
                    + " refusing to buffer them");
        }
        if (count + len > buf.length) {
            byte[] bigger = new byte[Math.max(buf.length * 2, count + len)];
            System.arraycopy(buf, 0, bigger, 0, count);
            buf = bigger;
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }
}
