package id.dicomgateway.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A DCMTK {@code storescp} for tests: started on a free loopback port with its own temporary
 * output directory, verbose log captured, stopped (and the directory deleted) by {@link #close()}.
 *
 * <pre>{@code
 * try (StoreScpProcess scp = StoreScpProcess.start("+xi")) {      // extra storescp options
 *     ... send to 127.0.0.1:scp.port(), AE title scp.aeTitle() ...
 *     scp.awaitLog("Association Release", Duration.ofSeconds(5));
 *     assertThat(scp.associationCount()).isEqualTo(1);
 *     assertThat(scp.receivedFiles()).hasSize(11);
 * }
 * }</pre>
 *
 * <p>Always passes {@code -v} (the log lines counted here are verbose-level), {@code -od DIR},
 * {@code -aet STORESCP} and {@code TCP_NODELAY=1} in the environment (without it DCMTK waits on
 * Nagle's algorithm and every timing measures that). Options given by the caller come before
 * the port, so any storescp option works: {@code +xi}, {@code +xa}, {@code --ignore},
 * {@code --refuse}, {@code --abort-after}, {@code --sleep-during 5}, {@code -pdu 131072} ...
 */
public final class StoreScpProcess implements AutoCloseable {

    public static final String AE_TITLE = "STORESCP";
    private static final Pattern ASSOCIATION_RECEIVED = Pattern.compile("(?m)^I: Association Received");

    private final Process process;
    private final int port;
    private final Path dir;
    private final Path outputDir;
    private final Path logFile;

    private StoreScpProcess(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
        this.outputDir = dir.resolve("received");
        this.logFile = dir.resolve("storescp.log");
    }

    /** Starts {@code storescp -v -aet STORESCP -od DIR OPTIONS... PORT} and waits until it listens. */
    public static StoreScpProcess start(String... options) throws IOException {
        Path dir = Files.createTempDirectory("storescp-");
        Files.createDirectories(dir.resolve("received"));
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            List<String> command = new ArrayList<>(List.of("storescp", "-v", "-aet", AE_TITLE,
                    "-od", dir.resolve("received").toString()));
            command.addAll(List.of(options));
            command.add(Integer.toString(port));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("storescp.log").toFile());
            builder.environment().put("TCP_NODELAY", "1");
            Process process = builder.start();
            StoreScpProcess scp = new StoreScpProcess(process, port, dir);
            try {
                scp.awaitListening(Duration.ofSeconds(10));
                return scp;
            } catch (IOException e) {
                // another process took the port between our probe and storescp's bind: try another
                last = e;
                process.destroyForcibly();
            }
        }
        deleteRecursively(dir);
        throw last;
    }

    /** Starts storescp on a given port (a router that comes back where the gateway expects it). */
    public static StoreScpProcess startOn(int port, String... options) throws IOException {
        Path dir = Files.createTempDirectory("storescp-");
        Files.createDirectories(dir.resolve("received"));
        List<String> command = new ArrayList<>(List.of("storescp", "-v", "-aet", AE_TITLE, "-od", dir.resolve("received").toString()));
        command.addAll(List.of(options));
        command.add(Integer.toString(port));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("storescp.log").toFile());
        builder.environment().put("TCP_NODELAY", "1");
        StoreScpProcess scp = new StoreScpProcess(builder.start(), port, dir);
        try {
            scp.awaitListening(Duration.ofSeconds(10));
        } catch (IOException e) {
            scp.close();
            throw e;
        }
        return scp;
    }

    /** A port that was free a moment ago on loopback ({@link FreePorts}). */
    public static int freePort() throws IOException {
        return FreePorts.freePort();
    }

    /** See {@link FreePorts#freePortOutsideEphemeralRange()}. */
    public static int freePortOutsideEphemeralRange() throws IOException {
        return FreePorts.freePortOutsideEphemeralRange();
    }

    public int port() {
        return port;
    }

    public String aeTitle() {
        return AE_TITLE;
    }

    /** Where storescp writes what it receives (empty with {@code --ignore}). */
    public Path outputDir() {
        return outputDir;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The verbose log so far. */
    public String log() {
        try {
            return Files.readString(logFile, StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Associations storescp has received so far ("Association Received" lines). */
    public int associationCount() {
        return count(ASSOCIATION_RECEIVED);
    }

    /** Occurrences of a literal text in the log, e.g. "Association Release" or "Association Aborted". */
    public int count(String text) {
        return count(Pattern.compile(Pattern.quote(text)));
    }

    private int count(Pattern pattern) {
        Matcher m = pattern.matcher(log());
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    /**
     * Waits until {@code text} appears in the log (storescp logs after the network exchange, so
     * the sender can finish a moment before the log does).
     */
    public void awaitLog(String text, Duration timeout) throws InterruptedException {
        awaitCount(text, 1, timeout);
    }

    /** Waits until {@code text} occurs at least {@code times} times; throws AssertionError otherwise. */
    public void awaitCount(String text, int times, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (count(text) < times) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("storescp log has " + count(text) + " x '" + text + "', expected "
                        + times + "; log:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    /** Files received, sorted by name. */
    public List<Path> receivedFiles() throws IOException {
        try (Stream<Path> files = Files.list(outputDir)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private void awaitListening(Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!listening(port)) {
            if (!process.isAlive()) {
                throw new IOException("storescp exited with " + process.exitValue() + ": " + log());
            }
            if (System.nanoTime() > deadline) {
                throw new IOException("storescp not listening on " + port + " after " + timeout + ": " + log());
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }

    /** See {@link FreePorts#listening(int)}. */
    public static boolean listening(int port) throws IOException {
        return FreePorts.listening(port);
    }

    /** Stops storescp (SIGTERM, then SIGKILL) and deletes its directory. */
    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        deleteRecursively(dir);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
