package id.dicomgateway.relay.files;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;

/** gateway.spool.*: where the files of file-input jobs wait between attempts ({@link Spool}). */
@ConfigMapping(prefix = "gateway.spool")
public interface SpoolConfig {

    /** In the data directory, never in the temporary area, whose leftovers are swept. */
    Path dir();

    /** How often files no job needs any more are looked for (a job cancelled on another replica, a crash). */
    @WithDefault("10m")
    Duration sweepInterval();

    /** A directory younger than this is never swept: its job may be being recorded right now. */
    @WithDefault("5m")
    Duration sweepGrace();
}
