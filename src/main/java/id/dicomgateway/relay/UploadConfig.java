package id.dicomgateway.relay;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;

/** Limits on {@code POST /api/dicom/upload}. */
@ConfigMapping(prefix = "gateway.upload")
public interface UploadConfig {

    /** Largest upload body accepted; larger ones get 413 TOO_LARGE before anything is stored. */
    MemorySize maxSize();
}
