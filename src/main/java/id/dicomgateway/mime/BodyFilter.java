package id.dicomgateway.mime;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A filter over a body being read (a PACS answer, an upload) whose one-byte {@link #read()} goes
 * through {@link #read(byte[], int, int)}: a subclass that counts bytes or names failures there sees
 * every byte, where {@link FilterInputStream#read()} would pass the one-byte reads by.
 */
public abstract class BodyFilter extends FilterInputStream {

    protected BodyFilter(InputStream in) {
        super(in);
    }

    @Override
    public final int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}
