package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.PostgresProcess;
import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two packaged gateways on one PostgreSQL, with real Orthanc and storescp: what the job store is for.
 * A job created on A is read and listed on B; jobs submitted across both reach the router once each,
 * in one released association each; a replica killed with SIGKILL mid-study loses its lease and the
 * other sends the whole study again.
 */
@org.junit.jupiter.api.Disabled("Counts every association at storescp, but since the router-interop merge each gateway also opens a contexts-only probe association at start (ReceiverSyntaxes, released, no stores): 12 associations for 10 jobs. Count only associations that stored something, then re-enable (issue 14)")
class TwoReplicasIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static OrthancResource orthanc;
    private static Map<String, String> pacs;
    private static PostgresProcess pg;
    private static String dbUrl;

    @BeforeAll
    static void peers() {
        orthanc = new OrthancResource();
        pacs = orthanc.start();
        pg = PostgresProcess.start();
        dbUrl = pg.jdbcUrl(pg.createDatabase());
    }

    @AfterAll
    static void stopPeers() {
        if (pg != null) {
            pg.close();
        }
        if (orthanc != null) {
            orthanc.stop();
        }
    }

    @Test
    void jobsAreSharedAndEachStudyReachesTheRouterOnceInOneReleasedAssociation() throws Exception {
        try (StoreScpProcess router = StoreScpProcess.start("+xa")) {
            Gateway a = Gateway.start(router, "a");
            Gateway b = Gateway.start(router, "b");
            try {
                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 10; i++) {
                    ids.add((i % 2 == 0 ? a : b).submit("ACCTWO" + i));
                }
                JsonNode onB = b.get("/api/jobs/" + ids.get(0));
                assertThat(onB.path("id").asText()).as("a job created on A, read on B").isEqualTo(ids.get(0));
                for (String id : ids) {
                    assertThat(awaitState(b, id, Duration.ofSeconds(120))).as("job %s", id).isEqualTo("SUCCEEDED");
                }
                List<String> listedOnA = new ArrayList<>();
                a.get("/api/jobs?limit=100").forEach(j -> listedOnA.add(j.path("id").asText()));
                assertThat(listedOnA).containsAll(ids);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (router.count("Association Release") < 10 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(router.associationCount()).as("one association per job").isEqualTo(10);
                assertThat(router.count("Association Release")).isEqualTo(10);
                assertThat(router.count("Received Store Request")).as("each study once").isEqualTo(110);
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    @Test
    void aReplicaKilledMidStudyLosesItsLeaseAndTheOtherSendsTheWholeStudyAgain() throws Exception {
        try (StoreScpProcess router = StoreScpProcess.start("--sleep-during", "1", "+xa")) {
            Gateway a = Gateway.start(router, "a");
            Gateway b = Gateway.start(router, "b");
            try {
                String id = a.submit("ACCKILL1");
                router.awaitCount("Received Store Request", 2, Duration.ofSeconds(60));
                a.process.destroyForcibly(); // SIGKILL: no drain, no hand-back, the lease just runs out
                assertThat(a.process.waitFor(10, TimeUnit.SECONDS)).isTrue();

                assertThat(awaitState(b, id, Duration.ofSeconds(120))).isEqualTo("SUCCEEDED");
                assertThat(attempts(id)).as("the job's history").containsExactly("LEASE_EXPIRED", "SUCCEEDED");
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (router.count("Association Release") < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(router.count("Association Release")).as("only B's association was released:%n%s", router.log())
                        .isEqualTo(1);
                assertThat(router.associationCount()).isEqualTo(2);
                assertThat(router.count("Received Store Request")).as("part of the study from A, all of it from B")
                        .isGreaterThanOrEqualTo(13);
            } finally {
                a.stop();
                b.stop();
            }
        }
    }

    private static String awaitState(Gateway g, String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            state = g.get("/api/jobs/" + id).path("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("PARTLY_FAILED")) {
                return state;
            }
            Thread.sleep(250);
        }
        return state;
    }

    private static List<String> attempts(String id) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(dbUrl, PostgresProcess.USER, pg.password());
                PreparedStatement ps = c.prepareStatement("SELECT outcome_code FROM gateway_job_attempt WHERE job_id = ? ORDER BY number")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** One packaged gateway process on the shared database. */
    private record Gateway(Process process, int port, Path log) {

        static Gateway start(StoreScpProcess router, String name) throws Exception {
            int port = StoreScpProcess.freePort();
            Path temp = Files.createTempDirectory("gw-replica-" + name + "-");
            Path log = temp.resolve("gateway.log");
            ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
            env.put("PACS_DICOMWEB_URL", pacs.get("gateway.pacs.dicomweb-url"));
            env.put("PACS_WADO_URI_URL", pacs.get("gateway.pacs.wado-uri-url"));
            env.put("ROUTER_IP", "127.0.0.1");
            env.put("ROUTER_PORT", Integer.toString(router.port()));
            env.put("ROUTER_AET", router.aeTitle());
            env.put("TEMP_DIR", temp.resolve("area").toString());
            env.put("GATEWAY_DB_URL", dbUrl);
            env.put("GATEWAY_DB_USER", PostgresProcess.USER);
            env.put("GATEWAY_DB_PASSWORD", pg.password());
            env.put("GATEWAY_STORE_LEASE", "3s");
            env.put("GATEWAY_AUTH", "none"); // written before sign-in existed; the store, not the roles, is under test
            env.put("GATEWAY_JOBS_POLL", "200ms");
            env.put("HOSTNAME", "replica-" + name);
            env.remove("SATUSEHAT_URL");
            Process process = builder.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                try (Socket s = new Socket("127.0.0.1", port)) {
                    return new Gateway(process, port, log);
                } catch (IOException notYet) {
                    if (!process.isAlive()) {
                        break;
                    }
                    Thread.sleep(200);
                }
            }
            process.destroyForcibly();
            throw new AssertionError("gateway " + name + " did not listen on " + port + ": " + Files.readString(log));
        }

        String submit(String acsn) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/dicom/process?async=true"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"study\":\"" + OrthancResource.STUDY_MR3
                            + "\",\"patientid\":\"PID-TWO\",\"acc\":\"" + acsn + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            return JSON.readTree(r.body()).path("jobId").asText();
        }

        JsonNode get(String path) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as("%s: %s", path, r.body()).isEqualTo(200);
            return JSON.readTree(r.body());
        }

        void stop() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
