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
 * with the corpus's study-mr3 and its {@code edit} rows, and the gateway pointed at it.
 * <p>
 * As a Quarkus test resource it is one Orthanc for the whole test JVM: every application of the integration
 * phase that names it (ten sets of test profile and resources) is pointed at the same one, started by the first and
 * stopped when the JVM exits. Starting and loading it again for each application cost 3 to 5 s each (issue 22
 * step 5). Quarkus loads this class once per application, so what they share is kept in a system property. The
 * tests only add studies of their own and look them up by their own UIDs or patient IDs.
 * A test that starts its own gateways ({@code src/it}) takes an Orthanc of its own with {@link #own()}; a test
 * that counts what a search finds among all studies takes one with {@link Own}.
 */
public final class OrthancResource implements QuarkusTestResourceLifecycleManager {
    public static final String STUDY_MR3 = TestCorpus.STUDY_MR3;
    private static final String PLUGIN = "/usr/share/orthanc/plugins/libOrthancDicomWeb.so";

    /** The system property that holds the shared Orthanc's base URL once it runs. */
    private static final String SHARED = "test.orthanc.shared";

    private final boolean shared;
    private Process process;
    private Path dir;

    /** The test resource: the test JVM's one Orthanc. */
    public OrthancResource() {
        this(true);
    }

    private OrthancResource(boolean shared) {
        this.shared = shared;
    }

    /** An Orthanc of the caller's own, stopped by {@link #stop()}. */
    public static OrthancResource own() {
        return new OrthancResource(false);
    }

    /** The test resource of an Orthanc for the application alone: other tests' studies would change its searches. */
    public static final class Own implements QuarkusTestResourceLifecycleManager {
        private final OrthancResource orthanc = own();

        @Override
        public Map<String, String> start() {
            return orthanc.start();
        }

        @Override
        public void stop() {
            orthanc.stop();
        }
    }

    public static Path corpus() {
        return TestCorpus.dir().toAbsolutePath().normalize();
    }

    public static int freePort() {
        return FreePorts.freePort();
    }

    @Override
    public Map<String, String> start() {
        if (!shared) {
            return launch(false);
        }
        synchronized (System.getProperties()) {
            String base = System.getProperty(SHARED);
            if (base == null) {
                base = launch(true).get("test.orthanc.url");
                System.setProperty(SHARED, base);
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroyForcibly, "orthanc-stop"));
            }
            return config(base);
        }
    }

    private static Map<String, String> config(String base) {
        return Map.of(
                "gateway.pacs.dicomweb-url", base + "/dicom-web",
                "gateway.pacs.wado-uri-url", base + "/wado",
                "test.orthanc.url", base);
    }

    /** Starts Orthanc and loads it; the shared one keeps its files under target/, which the JVM's end leaves. */
    private Map<String, String> launch(boolean underTarget) {
        try {
            dir = underTarget ? Files.createTempDirectory(Files.createDirectories(Path.of("target")), "orthanc-shared-")
                    : Files.createTempDirectory("orthanc-test-");
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
            return config(base);
        } catch (IOException e) {
            halt();
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
            Pause.millis(100);
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

    /** The shared Orthanc outlives each application; it is stopped when the JVM exits. */
    @Override
    public void stop() {
        if (!shared) {
            halt();
        }
    }

    private void halt() {
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
