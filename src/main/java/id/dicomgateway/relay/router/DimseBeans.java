package id.dicomgateway.relay.router;

import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.DimseSettings;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.relay.files.TempArea;
import io.vertx.core.Vertx;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CDI wiring for {@code dimse}, which stays framework-free: the router as a destination, and one shared SCU. */
@Singleton
public class DimseBeans {

    @Produces
    @Singleton
    StoreScu storeScu(Vertx vertx, TempArea temp, RouterConfig config) {
        // Instances converted to another transfer syntax while sending go under TEMP_DIR too, not /tmp.
        Path convert = temp.root().resolve(TempArea.CONVERT_DIR);
        try {
            Files.createDirectories(convert);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + convert, e);
        }
        DimseSettings d = DimseSettings.defaults();
        DimseSettings settings = new DimseSettings(config.connectTimeout(), d.associateTimeout(), config.dimseTimeout(),
                config.releaseTimeout(), d.maxPduLength(), config.maxAssociations());
        return new StoreScu(vertx, settings, convert);
    }

    @Produces
    @Singleton
    Destination router(RouterConfig config) {
        return new Destination(config.host(), config.port(), config.aeTitle(), config.callingAeTitle());
    }
}
