package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.OrthancResource;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A pod being stopped (SIGTERM to the packaged gateway) with a study half sent: the study either
 * ends within the drain time and its association is released, or it is aborted at the deadline;
 * never left open, and the process exits. The router (storescp) is slowed with --sleep-during so
 * the study is still being sent when the signal comes. A job asked for while the gateway drains is
 * accepted and queued in the store, not started on the stopping gateway.
 */
class GracefulShutdownIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static OrthancResource orthanc;
    private static Map<String, String> pacs;

    @BeforeAll
    static void startPacs() {
        orthanc = OrthancResource.own();
        pacs = orthanc.start();
    }

    @AfterAll
    static void stopPacs() {
        orthanc.stop();
    }

    @Test
    void aStudyRunningAtSigtermEndsWithinTheDrainTimeAndItsAssociationIsReleased() throws Exception {
        try (StoreScpProcess router = StoreScpProcess.start("--sleep-during", "1")) {
            Process gateway = startGateway(router, "45s");
            try {
                sendAsync(gateway);
                router.awaitCount("Received Store Request", 1, Duration.ofSeconds(30));
                gateway.destroy(); // SIGTERM, as the kubelet sends it
                awaitLog(gateway, "Stopping: waiting up to", Duration.ofSeconds(30));
                // Asked for while draining: recorded and queued for another replica (or this one after its restart).
                sendAsync(gateway, "ACCSTOP2");
                assertThat(gateway.waitFor(90, TimeUnit.SECONDS)).as("gateway exits after draining").isTrue();
                assertThat(Files.readString(LOGS.get(gateway))).contains("not started here; handed back to the queue");
                RouterLog seen = awaitStoringEnded(router, Duration.ofSeconds(10));
                assertThat(seen.storing()).as("one association stored the study, and it was released:%n%s", router.log())
                        .singleElement().satisfies(a -> {
                            assertThat(a.end()).isEqualTo(RouterLog.End.RELEASED);
                            assertThat(a.stores()).as("every instance sent").isEqualTo(11);
                        });
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    @Test
    void aStudyStillRunningAtTheDrainDeadlineIsAbortedNotLeftOpen() throws Exception {
        try (StoreScpProcess router = StoreScpProcess.start("--sleep-during", "2")) {
            Process gateway = startGateway(router, "1s");
            try {
                sendAsync(gateway);
                router.awaitCount("Received Store Request", 1, Duration.ofSeconds(30));
                gateway.destroy();
                assertThat(gateway.waitFor(60, TimeUnit.SECONDS)).as("gateway exits at the drain deadline").isTrue();
                // We send A-ABORT at the deadline (our log says so); storescp, asleep inside a store,
                // notices when it answers: "Association Aborted" or "DIMSE failure (aborting association)".
                assertThat(Files.readString(LOGS.get(gateway))).contains("did not end within")
                        .contains("handing it back to the queue").contains("ASSOCIATION_ABORTED aborted by us");
                RouterLog seen = awaitStoringEnded(router, Duration.ofSeconds(20));
                assertThat(seen.storing()).as("the one association that stored something ended aborted, never released:%n%s",
                        router.log()).singleElement().satisfies(a -> {
                            assertThat(a.end()).isEqualTo(RouterLog.End.ABORTED);
                            assertThat(a.stores()).as("half a study").isLessThan(11);
                        });
            } finally {
                gateway.destroyForcibly();
            }
        }
    }

    /**
     * The router's log once every association that stored something has ended (storescp, asleep inside a store, notices
     * an abort only when it answers). The gateway's own probe of the router at start (ReceiverSyntaxes: contexts only,
     * released, nothing stored) is not counted: the router does nothing with it.
     */
    private static RouterLog awaitStoringEnded(StoreScpProcess router, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RouterLog seen = RouterLog.of(router);
        while (seen.storing().stream().anyMatch(a -> a.end() == RouterLog.End.OPEN) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = RouterLog.of(router);
        }
        return seen;
    }

    private static Process startGateway(StoreScpProcess router, String drainTimeout) throws Exception {
        int port = StoreScpProcess.freePort();
        Path temp = Files.createTempDirectory("gw-shutdown-");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString())
                .redirectErrorStream(true).redirectOutput(temp.resolve("gateway.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", "0"); // health and metrics: not the fixed 9000, which another run may hold
        env.put("PACS_DICOMWEB_URL", pacs.get("gateway.pacs.dicomweb-url"));
        env.put("PACS_WADO_URI_URL", pacs.get("gateway.pacs.wado-uri-url"));
        env.put("ROUTER_IP", "127.0.0.1");
        env.put("ROUTER_PORT", Integer.toString(router.port()));
        env.put("ROUTER_AET", router.aeTitle());
        env.put("TEMP_DIR", temp.resolve("area").toString());
        env.put("GATEWAY_SHUTDOWN_DRAIN_TIMEOUT", drainTimeout);
        env.remove("SATUSEHAT_URL");
        env.put("QUARKUS_LOG_CATEGORY__ID_DICOMGATEWAY__LEVEL", "DEBUG");
        Process process = builder.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            // Listening AND started: the port opens before the start-up observers have run (PackagedGateway).
            try (Socket s = new Socket("127.0.0.1", port)) {
                if (Files.readString(temp.resolve("gateway.log")).contains(" started in ")) {
                    GATEWAY_PORTS.put(process, port);
                    LOGS.put(process, temp.resolve("gateway.log"));
                    return process;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        process.destroyForcibly();
        throw new AssertionError("gateway did not listen on " + port + ": " + Files.readString(temp.resolve("gateway.log")));
    }

    private static final Map<Process, Integer> GATEWAY_PORTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<Process, Path> LOGS = new java.util.concurrent.ConcurrentHashMap<>();

    private static void awaitLog(Process gateway, String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(LOGS.get(gateway)).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no '" + text + "' in the gateway's log:\n" + Files.readString(LOGS.get(gateway)));
            }
            Thread.sleep(100);
        }
    }

    private static void sendAsync(Process gateway) throws Exception {
        sendAsync(gateway, "ACCSTOP1");
    }

    private static void sendAsync(Process gateway, String acc) throws Exception {
        int port = GATEWAY_PORTS.get(gateway);
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/api/dicom/process?async=true"))
                .header("Content-Type", "application/json")
                .header("Authorization", ItCredentials.AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString("{\"study\":\"" + OrthancResource.STUDY_MR3
                        + "\",\"patientid\":\"PID-STOP\",\"acc\":\"" + acc + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
    }
}
