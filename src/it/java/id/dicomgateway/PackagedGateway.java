package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged gateway ({@code java -jar target/quarkus-app/quarkus-run.jar}) as the process tests
 * start, kill and start again: on a free HTTP port, its temporary area and log in a directory of its
 * own, the environment the test gives (a null value removes that variable from the inherited one).
 */
final class PackagedGateway {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    final String name;
    final Process process;
    final int port;
    /** The management interface's port (health, metrics), apart from the API's. */
    final int managementPort;
    final Path log;

    private PackagedGateway(String name, Process process, int port, int managementPort, Path log) {
        this.name = name;
        this.process = process;
        this.port = port;
        this.managementPort = managementPort;
        this.log = log;
    }

    /** Starts the process; {@link #awaitListening} waits until it listens (several may start at once). */
    static PackagedGateway launch(String name, Map<String, String> environment) throws IOException {
        int port = StoreScpProcess.freePort();
        Path temp = Files.createTempDirectory("gw-" + name + "-");
        Path log = temp.resolve("gateway.log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        int managementPort = StoreScpProcess.freePort();
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("TEMP_DIR", temp.resolve("area").toString());
        environment.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return new PackagedGateway(name, builder.start(), port, managementPort, log);
    }

    /**
     * This gateway once it has started: its HTTP port accepts connections AND Quarkus has logged that it started. The
     * port opens before the start-up observers have run, and a request in between is answered 500 ("No CDI container
     * is available"), as a Kubernetes readiness probe would never let happen. Fails with its log when the gateway dies
     * or takes longer than 90 s.
     */
    PackagedGateway awaitListening() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (Files.readString(log).contains(" started in ")) {
                    return this;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("gateway " + name + " did not listen on " + port + ": " + Files.readString(log));
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The JSON answer of a GET that must answer 200. */
    JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The status of a GET on the management interface (/q/health/...). */
    int managementStatus(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path)).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    int status(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url(path))).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** SIGTERM (a clean shutdown), SIGKILL after 60 s. */
    void stop() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
