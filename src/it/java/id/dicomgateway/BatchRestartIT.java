package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.StoreScpProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A batch survives a gateway restart half way: the packaged gateway on the embedded H2 store is
 * killed (SIGKILL: no drain, no hand-back) while a batch of 8 studies is sending, and started again
 * on the same data directory. The new process answers for the batch, takes the row that was
 * sending once its lease ran out, sends it whole again, and ends the batch with every row
 * SUCCEEDED; every study reached the router (Orthanc as the PACS, storescp as the router).
 */
class BatchRestartIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final int ROWS = 8;
    private static OrthancResource orthanc;
    private static Map<String, String> pacs;

    @BeforeAll
    static void peers() {
        orthanc = OrthancResource.own();
        pacs = orthanc.start();
    }

    @AfterAll
    static void stopPeers() {
        if (orthanc != null) {
            orthanc.stop();
        }
    }

    @Test
    void aBatchSurvivesARestartHalfWay() throws Exception {
        List<String> studies = load(ROWS);
        Path data = Files.createTempDirectory("gw-batch-data-");
        // One C-STORE a second, one association at a time: the kill comes while a study is sending.
        try (StoreScpProcess router = StoreScpProcess.start("--sleep-during", "1", "+xa")) {
            PackagedGateway first = start(router, data, "first");
            String id;
            try {
                StringBuilder rows = new StringBuilder("[");
                for (int i = 0; i < ROWS; i++) {
                    rows.append(i == 0 ? "" : ",").append(String.format("{\"study\":\"%s\",\"acc\":\"RST%02d\",\"patientid\":\"PR%02d\"}",
                            studies.get(i), i, i));
                }
                HttpResponse<String> queued = first.post("/api/batches", rows.append("]").toString());
                assertThat(queued.statusCode()).as(queued.body()).isEqualTo(202);
                id = JSON.readTree(queued.body()).path("id").asText();
                awaitCounts(first, id, b -> b.path("counts").path("SUCCEEDED").asInt() >= 2, Duration.ofSeconds(90));
            } finally {
                first.process.destroyForcibly();
                assertThat(first.process.waitFor(10, TimeUnit.SECONDS)).isTrue();
            }

            PackagedGateway second = start(router, data, "second");
            try {
                JsonNode after = second.get("/api/batches/" + id);
                assertThat(after.path("total").asInt()).isEqualTo(ROWS);
                assertThat(after.path("state").asText()).as("half way: %s", after).isEqualTo("RUNNING");
                assertThat(after.path("counts").path("SUCCEEDED").asInt()).as("%s", after).isBetween(2, ROWS - 1);

                JsonNode done = awaitCounts(second, id, b -> !b.path("state").asText().equals("RUNNING"), Duration.ofSeconds(120));
                assertThat(done.path("state").asText()).isEqualTo("DONE");
                assertThat(done.path("counts").path("SUCCEEDED").asInt()).as("%s", done).isEqualTo(ROWS);
                assertThat(done.path("failures")).isEmpty();
            } finally {
                second.stop();
            }

            // Every study reached the router with its row's values, each in a released association
            // (the killed process's last one was cut off, and is sent again whole).
            Map<String, String> accByStudy = received(router.outputDir());
            for (int i = 0; i < ROWS; i++) {
                assertThat(accByStudy).containsEntry(studies.get(i), String.format("RST%02d", i));
            }
            assertThat(releasedWithStores(router.log())).as("%s", router.log()).isBetween(ROWS, ROWS + 1);
        }
        // The job that was sending when the process died: its lost attempt, then the one that succeeded.
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("jobs").toAbsolutePath());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM gateway_job_attempt a JOIN gateway_job j ON j.id = a.job_id "
                        + "WHERE j.batch_id IS NOT NULL AND a.outcome_code = 'LEASE_EXPIRED'")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows taken over after the restart").isPositive();
        }
    }

    private static JsonNode awaitCounts(PackagedGateway g, String id, java.util.function.Predicate<JsonNode> until, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode batch = null;
        while (System.nanoTime() < deadline) {
            batch = g.get("/api/batches/" + id);
            if (until.test(batch)) {
                return batch;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("batch " + id + " not there in " + timeout + ": " + batch);
    }

    /** Associations released after at least one C-STORE (the router probe's association at each start stores nothing). */
    static int releasedWithStores(String log) {
        int released = 0;
        int stores = 0;
        for (String line : log.split("\n")) {
            if (line.startsWith("I: Association Received")) {
                stores = 0;
            } else if (line.startsWith("I: Received Store Request")) {
                stores++;
            } else if (line.startsWith("I: Association Release") && stores > 0) {
                released++;
            }
        }
        return released;
    }

    /** Study Instance UID -> Accession Number of the files storescp wrote, read by pydicom. */
    private static Map<String, String> received(Path dir) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import os, sys, pydicom
                d = sys.argv[1]
                for f in sorted(os.listdir(d)):
                    ds = pydicom.dcmread(os.path.join(d, f))
                    print(ds.StudyInstanceUID + "\\t" + str(ds.AccessionNumber))
                """, dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, String> map = new HashMap<>();
        out.lines().forEach(l -> {
            String[] c = l.split("\t", -1);
            map.put(c[0], c[1]);
        });
        return map;
    }

    /** Generates {@code n} studies (make_studies.py, 1 to 3 instances each) and stores them in Orthanc. */
    private static List<String> load(int n) throws Exception {
        Path dir = Files.createTempDirectory("batch-restart-studies-");
        Process gen = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/resources/search/make_studies.py").toAbsolutePath().toString(),
                OrthancResource.corpus().toString(), dir.toString(), String.valueOf(n), "16", "RST")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gen.waitFor()).isZero();
        List<String> uids = new ArrayList<>(out.strip().lines().map(l -> l.split("\t", -1)[0]).toList());
        String base = pacs.get("test.orthanc.url");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
        }
        return uids;
    }

    /** The packaged gateway on the embedded store in {@code data}, listening. */
    private static PackagedGateway start(StoreScpProcess router, Path data, String name) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("PACS_DICOMWEB_URL", pacs.get("gateway.pacs.dicomweb-url"));
        env.put("PACS_WADO_URI_URL", pacs.get("gateway.pacs.wado-uri-url"));
        env.put("ROUTER_IP", "127.0.0.1");
        env.put("ROUTER_PORT", Integer.toString(router.port()));
        env.put("ROUTER_AET", router.aeTitle());
        env.put("ROUTER_MAX_ASSOCIATIONS", "1"); // storescp takes one association at a time
        env.put("GATEWAY_DATA_DIR", data.toString());
        env.put("GATEWAY_STORE_LEASE", "3s");
        env.put("GATEWAY_AUTH", "none"); // the store, not the roles, is under test
        env.put("GATEWAY_JOBS_POLL", "200ms");
        env.put("GATEWAY_DB_URL", null);
        env.put("SATUSEHAT_URL", null);
        return PackagedGateway.launch("batch-" + name, env).awaitListening();
    }
}
