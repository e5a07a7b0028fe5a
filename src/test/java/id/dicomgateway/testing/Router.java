package id.dicomgateway.testing;

import id.dicomgateway.relay.router.ReceiverSyntaxes;
import io.quarkus.arc.Arc;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/** What the test router (storescp from {@link RouterResource}) has seen, read from its log and output directory. */
public final class Router {
    private static final Pattern RECEIVED = Pattern.compile("(?m)^I: Association Received");
    private static final Pattern ENDED = Pattern.compile("(?m)^(I: (Association Release|Association Aborted|Aborting)|E: DIMSE failure \\(aborting association\\))");

    /** Whether this application's start-up router probe has ended (Quarkus loads this class once per application). */
    private static boolean settled;

    private Router() {
    }

    public static Path received() {
        return Path.of(ConfigProvider.getConfig().getValue("test.router.received", String.class));
    }

    private static String log() {
        try {
            return Files.readString(Path.of(ConfigProvider.getConfig().getValue("test.router.log", String.class)), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Associations storescp has received so far, once the application's start-up probe has ended ({@link #settle}). */
    public static int associations() {
        settle();
        return count(RECEIVED, log());
    }

    /**
     * The application probes the router's transfer syntaxes at start-up (ReceiverSyntaxes), an association of its
     * own, which the first count of a test right after the start would race (SatusehatChecksIT once counted it as
     * sent). Once per application: probe again, await the answer, and wait until storescp has logged the end of every
     * association so far.
     */
    private static synchronized void settle() {
        if (settled) {
            return;
        }
        try {
            Arc.container().instance(ReceiverSyntaxes.class).get().refresh().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            // a router that cannot be reached: nothing of the probe's reached storescp either
        }
        try {
            awaitEnded(count(RECEIVED, log()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        settled = true;
    }

    /** Empties the output directory so a test sees only what its own request sent. */
    public static void clear() throws IOException {
        try (Stream<Path> files = Files.list(received())) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
        }
    }

    public static List<Path> files() throws IOException {
        try (Stream<Path> files = Files.list(received())) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /**
     * Waits until storescp has logged the end of {@code total} associations (it logs after the exchange).
     * A connection closed mid-transfer (a cancelled request) ends with "DIMSE failure (aborting association)"
     * and no other line.
     */
    public static void awaitEnded(int total) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count(ENDED, log()) < total) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("storescp did not log the end of " + total + " associations:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    private static int count(Pattern p, String text) {
        Matcher m = p.matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
