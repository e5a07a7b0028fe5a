package id.dicomgateway.relay.files;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The temporary area and the spool as Prometheus gauges, by {@code area} (temp, spool):
 * {@code gateway_disk_used_bytes} (the bytes of the files under the directory),
 * {@code gateway_disk_free_bytes} and {@code gateway_disk_size_bytes} (of the file system holding it:
 * a volume is full when its file system is, whoever wrote the other files). Walking a directory costs a
 * scrape more than reading a gauge, so each area is measured at most once per {@link #FRESH}.
 */
@Singleton
public class DiskMetrics {
    static final Duration FRESH = Duration.ofSeconds(15);

    private final MeterRegistry registry;

    /** What this bean registered, removed again when the application stops (a test JVM starts several). */

    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final Area temp;
    private final Area spool;

    DiskMetrics(TempConfig tempConfig, SpoolConfig spoolConfig, MeterRegistry registry) {
        this.registry = registry;
        this.temp = new Area(tempConfig.dir().toAbsolutePath().normalize(), Clock.systemUTC());
        this.spool = new Area(spoolConfig.dir().toAbsolutePath().normalize(), Clock.systemUTC());
    }

    void register(@Observes StartupEvent event) {
        register("temp", temp);
        register("spool", spool);
    }

    void unregister(@Observes ShutdownEvent event) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void register(String name, Area area) {
        meters.add(Gauge.builder("gateway.disk.used", area, a -> a.measure().used()).baseUnit("bytes")
                .description("Bytes of the files in a gateway area (temp: the temporary area, spool: files of waiting jobs)")
                .tag("area", name).register(registry));
        meters.add(Gauge.builder("gateway.disk.free", area, a -> a.measure().free()).baseUnit("bytes")
                .description("Bytes free for the gateway on the file system holding an area")
                .tag("area", name).register(registry));
        meters.add(Gauge.builder("gateway.disk.size", area, a -> a.measure().size()).baseUnit("bytes")
                .description("Size of the file system holding an area")
                .tag("area", name).register(registry));
    }

    /** One measurement of an area; NaN where it could not be read (the directory not made yet, no permission). */
    record Usage(double used, double free, double size) {
    }

    /** A directory measured at most once per {@link #FRESH}. */
    static final class Area {
        private final Path dir;
        private final Clock clock;
        private Usage last;
        private Instant measuredAt = Instant.MIN;

        Area(Path dir, Clock clock) {
            this.dir = dir;
            this.clock = clock;
        }

        synchronized Usage measure() {
            Instant now = clock.instant();
            if (last == null || !now.isBefore(measuredAt.plus(FRESH))) {
                last = new Usage(used(dir), fileStore(dir, true), fileStore(dir, false));
                measuredAt = now;
            }
            return last;
        }

        private static double used(Path dir) {
            if (!Files.isDirectory(dir)) {
                return 0;
            }
            long[] bytes = {0};
            try {
                Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()) {
                            bytes[0] += attrs.size();
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        // a request's directory removed while walking: its bytes are gone anyway
                        return FileVisitResult.CONTINUE;
                    }
                });
            } catch (IOException | UncheckedIOException e) {
                return Double.NaN;
            }
            return bytes[0];
        }

        /** Free or total bytes of the file system of {@code dir}, or of its nearest existing parent. */
        private static double fileStore(Path dir, boolean free) {
            Path p = dir;
            while (p != null && !Files.exists(p)) {
                p = p.getParent();
            }
            if (p == null) {
                return Double.NaN;
            }
            try {
                FileStore store = Files.getFileStore(p);
                return free ? store.getUsableSpace() : store.getTotalSpace();
            } catch (IOException e) {
                return Double.NaN;
            }
        }
    }
}
