package id.dicomgateway.dimse;

import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Orthanc started by a test on free loopback ports with a minimal configuration in a temporary
 * directory (docs/domain.md §3), checking the called AE title; stopped and deleted by {@link #close()}.
 */
final class OrthancProcess implements AutoCloseable {

    static final String AE_TITLE = "ORTHANC";

    private final Process process;
    private final Path dir;
    private final int httpPort;
    private final int dicomPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private OrthancProcess(Process process, Path dir, int httpPort, int dicomPort) {
        this.process = process;
        this.dir = dir;
        this.httpPort = httpPort;
        this.dicomPort = dicomPort;
    }

    /** Starts Orthanc; tries other ports when one was taken between the probe and Orthanc's bind. */
    static OrthancProcess start() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                return startOnce();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static OrthancProcess startOnce() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("orthanc-");
        int httpPort = StoreScpProcess.freePort();
        int dicomPort = StoreScpProcess.freePort();
        Path config = dir.resolve("orthanc.json");
        Files.writeString(config, """
                {"Name": "dimse-test", "HttpPort": %d, "DicomPort": %d, "DicomAet": "%s",
                 "StorageDirectory": "%s", "IndexDirectory": "%s",
                 "RemoteAccessAllowed": false, "AuthenticationEnabled": false,
                 "DicomCheckCalledAet": true}
                """.formatted(httpPort, dicomPort, AE_TITLE, dir.resolve("db"), dir.resolve("db")));
        Process process = new ProcessBuilder("/usr/sbin/Orthanc", config.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("orthanc.log").toFile()).start();
        OrthancProcess orthanc = new OrthancProcess(process, dir, httpPort, dicomPort);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (true) {
            if (!process.isAlive()) {
                String log = Files.readString(dir.resolve("orthanc.log"));
                orthanc.close();
                throw new IOException("Orthanc exited: " + log);
            }
            try {
                if (orthanc.get("/system").statusCode() == 200 && StoreScpProcess.listening(dicomPort)) {
                    return orthanc;
                }
            } catch (IOException e) {
                // not up yet
            }
            if (System.nanoTime() > deadline) {
                orthanc.close();
                throw new IOException("Orthanc did not start in 20 s");
            }
            Thread.sleep(50);
        }
    }

    int dicomPort() {
        return dicomPort;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request with a body (upload an instance, define a modality, ask for a C-STORE). */
    HttpResponse<String> send(String method, String path, HttpRequest.BodyPublisher body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(60)).method(method, body).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws IOException {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
