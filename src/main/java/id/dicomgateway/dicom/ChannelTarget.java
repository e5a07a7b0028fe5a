package id.dicomgateway.dicom;

import java.io.IOException;
import java.nio.channels.FileChannel;

/** A sink that can take bytes straight from a file region, so large values bypass the heap. */
interface ChannelTarget {

    /**
     * Appends {@code count} bytes of {@code source} starting at {@code position} after whatever
     * was written before; returns false (having written nothing) if it cannot do so right now.
     */
    boolean transferFrom(FileChannel source, long position, long count) throws IOException;
}
