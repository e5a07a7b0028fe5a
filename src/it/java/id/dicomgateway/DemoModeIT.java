package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's run command guarded: the gateway started as a newcomer starts it, in demo mode,
 * sends the sample study through the real upload path with new values, and the embedded receiver
 * has them. Once as the packaged jar with GATEWAY_DEMO=true, once with {@code ./mvnw quarkus:dev}
 * itself (on a copy of the project, so the outer build's target/ is left alone; skip it with
 * -Ddemo.devmode.skip=true).
 */
class DemoModeIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void thePackagedJarInDemoModeReceivesTheSampleWithTheNewValues() throws Exception {
        Path temp = Files.createTempDirectory("gw-demo-it-");
        int http = StoreScpProcess.freePort();
        int router = StoreScpProcess.freePort();
        // As the README says: java -jar target/quarkus-app/quarkus-run.jar with GATEWAY_DEMO=true.
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("gateway.log").toFile());
        Map<String, String> env = cleanEnvironment(builder);
        env.put("GATEWAY_DEMO", "true");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(http));
        env.put("QUARKUS_MANAGEMENT_PORT", "0"); // health and metrics: not the fixed 9000, which another run may hold
        env.put("ROUTER_PORT", Integer.toString(router));
        env.put("TEMP_DIR", temp.resolve("area").toString());
        Process gateway = builder.start();
        try {
            awaitDashboard(gateway, http, temp.resolve("gateway.log"), Duration.ofSeconds(60));
            assertThat(Files.readString(temp.resolve("gateway.log"))).contains("DEMO MODE IS ON");
            sendTheSampleAndFindIt(http, temp, "P-JAR-0001", "JAR-0001");
            gateway.destroy(); // SIGTERM
            assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("the gateway stops on SIGTERM").isTrue();
        } finally {
            gateway.destroyForcibly();
            gateway.waitFor(30, TimeUnit.SECONDS);
            deleteTree(temp);
        }
    }

    @Test
    void quarkusDevStartsInDemoModeAndReceivesTheSample() throws Exception {
        if (Boolean.getBoolean("demo.devmode.skip")) {
            return;
        }
        Path copy = Files.createTempDirectory("gw-devmode-it-");
        for (String name : List.of("pom.xml", "mvnw", ".mvn", ".ci", "src/main")) {
            copyTree(Path.of(name), copy.resolve(name));
        }
        copy.resolve("mvnw").toFile().setExecutable(true);
        int http = StoreScpProcess.freePort();
        int router = StoreScpProcess.freePort();
        Path log = copy.resolve("dev.log");
        // The README's first command; -Ddebug=false: another dev mode on this machine may hold port 5005.
        ProcessBuilder builder = new ProcessBuilder("./mvnw", "-B", "-ntp", "quarkus:dev", "-Ddebug=false",
                "-Dquarkus.http.port=" + http).directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = cleanEnvironment(builder);
        env.put("ROUTER_PORT", Integer.toString(router));
        env.put("QUARKUS_MANAGEMENT_PORT", "0"); // health and metrics: not the fixed 9000, which another run may hold
        env.put("TEMP_DIR", copy.resolve("area").toString());
        Process dev = builder.start();
        try {
            long start = System.nanoTime();
            awaitDashboard(dev, http, log, Duration.ofMinutes(5));
            System.out.printf("quarkus:dev served the dashboard %d s after the command%n", (System.nanoTime() - start) / 1_000_000_000);
            String page = get(http, "/?lang=en").body();
            assertThat(page).as("demo mode is on by default in dev mode").contains("Demo mode is on");
            sendTheSampleAndFindIt(http, copy, "P-DEV-0001", "DEV-0001");
        } finally {
            // dev mode runs the application in a child JVM: stop it first, then Maven
            dev.descendants().forEach(ProcessHandle::destroy);
            dev.destroy();
            if (!dev.waitFor(60, TimeUnit.SECONDS)) {
                dev.descendants().forEach(ProcessHandle::destroyForcibly);
                dev.destroyForcibly();
                dev.waitFor(30, TimeUnit.SECONDS);
            }
            deleteTree(copy);
        }
    }

    /** The README's own upload command (read from README.md, so it cannot drift), then what the receiver recorded. */
    private static void sendTheSampleAndFindIt(int http, Path dir, String patientId, String acc) throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String command = readme.lines().map(String::strip).filter(l -> l.startsWith("curl -s localhost:5000/api/demo/sample.zip |"))
                .findFirst().orElseThrow(() -> new AssertionError("README.md has no one-line upload of the sample"));
        assertThat(command).contains("patientid=P-DEMO-0001", "acc=DEMO-0001");
        command = command.replace("localhost:5000", "127.0.0.1:" + http).replace("P-DEMO-0001", patientId).replace("DEMO-0001", acc)
                .replace("curl -sS -F", "curl -sSf -F");
        String answer = run(dir, "bash", "-o", "pipefail", "-c", command);
        JsonNode upload = JSON.readTree(answer);
        assertThat(upload.path("status").asText()).as(answer).isEqualTo("success");
        assertThat(upload.path("sent").asInt()).isEqualTo(10);

        JsonNode record = JSON.readTree(get(http, "/api/demo/router").body());
        JsonNode association = record.path("associations").path(0);
        assertThat(association.path("state").asText()).as(record.toString()).isEqualTo("RELEASED");
        assertThat(association.path("callingAeTitle").asText()).isEqualTo("DICOMGW");
        assertThat(association.path("calledAeTitle").asText()).isEqualTo("DCMROUTER");
        assertThat(association.path("instances").asInt()).isEqualTo(10);
        JsonNode study = association.path("studies").path(0);
        assertThat(study.path("patientIds").toString()).isEqualTo("[\"" + patientId + "\"]");
        assertThat(study.path("accessionNumbers").toString()).isEqualTo("[\"" + acc + "\"]");
        assertThat(study.path("instances").size()).isEqualTo(10);
    }

    private static Map<String, String> cleanEnvironment(ProcessBuilder builder) {
        Map<String, String> env = builder.environment();
        // Demo mode as on a fresh machine: no PACS, no router, no SATUSEHAT named.
        for (String name : List.of("GATEWAY_DEMO", "DCM4CHEE_URL", "PACS_DICOMWEB_URL", "PACS_WADO_URI_URL", "ROUTER_IP", "ROUTER_AET",
                "SATUSEHAT_URL", "SATUSEHAT_ORG_ID", "SATUSEHAT_CLIENT_ID", "SATUSEHAT_CLIENT_SECRET", "MAVEN_ARGS")) {
            env.remove(name);
        }
        return env;
    }

    private static void awaitDashboard(Process process, int port, Path log, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("exited with " + process.exitValue() + " before serving the dashboard:\n" + tail(log));
            }
            try {
                HttpResponse<String> r = get(port, "/");
                if (r.statusCode() == 200 && r.body().contains("DICOM Gateway")) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no dashboard on port " + port + " within " + timeout + ":\n" + tail(log));
    }

    private static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("%s did not end", List.of(command)).isTrue();
        assertThat(p.exitValue()).as("%s: %s", List.of(command), out).isZero();
        return out;
    }

    private static String tail(Path log) throws IOException {
        if (!Files.exists(log)) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (Files.isRegularFile(from)) {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.COPY_ATTRIBUTES);
            return;
        }
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.sorted(Comparator.naturalOrder()).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
