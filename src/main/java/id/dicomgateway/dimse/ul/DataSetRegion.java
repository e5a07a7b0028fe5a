package id.dicomgateway.dimse.ul;

import java.nio.file.Path;

/**
 * The data set of a DIMSE request: {@code prefix} from memory, then {@code length} bytes of
 * {@code file} from {@code offset}; a negative length means up to the end of the file.
 */
public record DataSetRegion(byte[] prefix, Path file, long offset, long length) {
    private static final byte[] NONE = new byte[0];

    public DataSetRegion(Path file, long offset, long length) {
        this(NONE, file, offset, length);
    }

    public static DataSetRegion toEnd(Path file, long offset) {
        return new DataSetRegion(file, offset, -1);
    }
}
