package id.dicomgateway.relay.files;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import java.nio.file.Path;

/** The temporary area ({@code TEMP_DIR}) and the per-request limit on it. */
@ConfigMapping(prefix = "gateway.temp")
public interface TempConfig {

    Path dir();

    /** Bytes one request may write into its directory: fetched, extracted and edited copies together. */
    MemorySize maxRequestSize();
}
