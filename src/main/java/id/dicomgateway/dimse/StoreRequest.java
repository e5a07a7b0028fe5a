package id.dicomgateway.dimse;

import id.dicomgateway.dicom.InstanceHeader;
import java.nio.file.Path;
import java.util.Objects;

/** One instance to send: a file on disk plus what {@code DicomFiles.scan} or the tag editor said about it. */
public record StoreRequest(Path file, InstanceHeader header) {

    public StoreRequest {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(header, "header");
    }
}
