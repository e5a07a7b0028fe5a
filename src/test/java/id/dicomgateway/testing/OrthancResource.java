package id.dicomgateway.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PACS for tests: Orthanc with its DICOMweb plugin (docs/architecture.md §4) on free loopback ports, loaded
 * with the corpus's study-mr3 and its {@code edit} rows, and the gateway pointed at it. One per test run.
 */
public final class OrthancResource implements QuarkusTestResourceLifecycleManager {
    public static final String STUDY_MR3 = TestCorpus.STUDY_MR3;
    private static final String PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    private Process process;
    private Path dir;

    public static Path corpus() {
        return TestCorpus.dir().toAbsolutePath().normalize();
    }

    public static int freePort() {
        return FreePorts.freePort();
    }

    @Override
    public Map<String, String> start() {
        try {
            dir = Files.createTempDirectory("orthanc-test-");
            int httpPort = freePort();
            int dicomPort = freePort();
            Path storage = Files.createDirectories(dir.resolve("db"));
            String config = """
                    {"Name":"gateway-test","HttpPort":%d,"DicomPort":%d,"DicomAet":"TESTPACS",
                     "StorageDirectory":"%s","IndexDirectory":"%s","RemoteAccessAllowed":false,
                     "AuthenticationEnabled":false,"HttpThreadsCount":8,"ConcurrentJobs":1,
                     "Plugins":["%s"],
                     "DicomWeb":{"Enable":true,"Root":"/dicom-web/","EnableWado":true,"WadoRoot":"/wado"}}
                    """.formatted(httpPort, dicomPort, storage, storage, PLUGIN);
            Path configFile = dir.resolve("orthanc.json");
            Files.writeString(configFile, config);
            process = new ProcessBuilder("/usr/sbin/Orthanc", configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("orthanc.log").toFile())
                    .start();
            String base = "http://127.0.0.1:" + httpPort;
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
            waitUntilUp(http, base);
            load(http, base);
            return Map.of(
                    "gateway.pacs.dicomweb-url", base + "/dicom-web",
                    "gateway.pacs.wado-uri-url", base + "/wado",
                    "test.orthanc.url", base);
        } catch (IOException e) {
            stop();
            throw new UncheckedIOException(e);
        }
    }

    private void waitUntilUp(HttpClient http, String base) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Orthanc exited: " + Files.readString(dir.resolve("orthanc.log")));
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(base + "/system")).build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(100);
        }
        throw new IOException("Orthanc did not start within 30 s");
    }

    private static void load(HttpClient http, String base) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> study = Files.list(corpus().resolve("study-mr3"))) {
            study.sorted(Comparator.naturalOrder()).forEach(files::add);
        }
        for (String line : Files.readAllLines(corpus().resolve("MANIFEST.tsv"))) {
            String[] cols = line.split("\t", -1);
            if (cols.length > 3 && cols[0].startsWith("files/") && cols[3].equals("edit")) {
                files.add(corpus().resolve(cols[0]));
            }
        }
        for (Path file : files) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200 && file.toString().contains("study-mr3")) {
                    throw new IOException("Orthanc refused " + file + ": " + r.statusCode() + " " + r.body());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (dir != null) {
            try (Stream<Path> walk = Files.walk(dir)) {
                walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // a leftover temp dir is not worth failing the run for
            }
        }
    }
}
