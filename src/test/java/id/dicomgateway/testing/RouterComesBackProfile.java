package id.dicomgateway.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A router that is down at first, on a port a test opens later ({@link StoreScpProcess#startOn}), and jobs tried again
 * every second or two instead of failing, so that they wait for it and go out by themselves once it is there. The
 * receiving side on; a temporary area and a spool of their own, emptied when the application starts (what an earlier
 * run left is no job's of this one). {@code RetryingJobsIT} and {@code DurableFileJobsIT} share it, one application
 * instead of two (issue 22 step 5): each opens the router only inside its own test and waits until every job of its
 * own has ended before it closes it again.
 */
public final class RouterComesBackProfile implements QuarkusTestProfile {
    public static final int ROUTER_PORT;
    public static final String TEMP = "target/filejobs-temp";
    public static final String SPOOL = "target/filejobs-spool";

    static {
        try {
            ROUTER_PORT = StoreScpProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        clear(Path.of(TEMP));
        clear(Path.of(SPOOL));
        return Map.ofEntries(
                Map.entry("gateway.router.port", Integer.toString(ROUTER_PORT)),
                Map.entry("gateway.router.ae-title", StoreScpProcess.AE_TITLE),
                Map.entry("gateway.router.connect-timeout", "1s"),
                Map.entry("gateway.store.retry.max-attempts", "30"),
                Map.entry("gateway.store.retry.initial-delay", "1s"),
                Map.entry("gateway.store.retry.max-delay", "2s"),
                Map.entry("gateway.jobs.poll", "200ms"),
                Map.entry("gateway.receive.port", "0"),
                Map.entry("gateway.receive.host", "127.0.0.1"),
                Map.entry("gateway.receive.idle", "1s"),
                Map.entry("gateway.receive.keep", "1m"),
                Map.entry("gateway.temp.dir", TEMP),
                Map.entry("gateway.spool.dir", SPOOL));
    }

    private static void clear(Path root) {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
