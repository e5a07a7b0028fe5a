package id.dicomgateway.dicom;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * The inflated stream of a Deflated Explicit VR Little Endian dataset (PS3.5 A.5: raw deflate,
 * no zlib header), with a bound: a few megabytes of deflate can stand for gigabytes of zeros, so
 * a peer could fill the disk or hold a worker for minutes with one small instance. Past
 * {@link #MAX_BYTES} inflated, or past {@link #MAX_RATIO} times the compressed bytes once more
 * than {@link #RATIO_FLOOR} is inflated, reading stops with LIMIT_EXCEEDED and the instance is
 * refused like any other malformed one. Real images deflate a few times over; a nearly blank
 * one up to a few hundred times, and such images are small, so the floor keeps them.
 */
final class BoundedInflater extends InflaterInputStream {
    /** 2 GiB: larger than any instance the upload (2G) or a study download hands on. */
    static final long MAX_BYTES = 2L << 30;
    static final long MAX_RATIO = 200;
    static final long RATIO_FLOOR = 64L << 20;

    private final long maxBytes;
    private final long maxRatio;
    private final long ratioFloor;

    BoundedInflater(InputStream deflated, int bufferSize) {
        this(deflated, bufferSize, MAX_BYTES, MAX_RATIO, RATIO_FLOOR);
    }

    BoundedInflater(InputStream deflated, int bufferSize, long maxBytes, long maxRatio, long ratioFloor) {
        super(deflated, new Inflater(true), bufferSize);
        this.maxBytes = maxBytes;
        this.maxRatio = maxRatio;
        this.ratioFloor = ratioFloor;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        check();
        return n;
    }

    @Override
    public int read() throws IOException {
        int n = super.read();
        check();
        return n;
    }

    private void check() throws DicomException {
        long out = inf.getBytesWritten();
        long in = Math.max(1, inf.getBytesRead());
        if (out > maxBytes) {
            throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "the deflated dataset inflates to more than "
                    + maxBytes + " bytes (from " + in + " compressed): refused");
        }
        if (out > ratioFloor && out / in > maxRatio) {
            throw new DicomException(DicomException.Reason.LIMIT_EXCEEDED, "the deflated dataset inflates more than "
                    + maxRatio + " times (" + in + " compressed bytes to over " + out + "): refused as a decompression bomb");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            inf.end(); // our own Inflater: InflaterInputStream ends only the one it made itself
        }
    }
}
