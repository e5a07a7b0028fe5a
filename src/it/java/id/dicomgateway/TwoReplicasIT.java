package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.PostgresProcess;
import id.dicomgateway.testing.StoreScpProcess;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Two packaged gateways on one PostgreSQL, with real Orthanc and storescp: the proofs of the job store
 * (issue 14). The peers and the two gateways start once for the class; each test starts its own storescp
 * on the one router port the gateways know (a router that stops and comes back where it was). What reached
 * the router is read from storescp's log association by association ({@link RouterLog}): only associations
 * that stored something count, as the gateways also probe the router at start. The tests run in order:
 * the fourth kills replica A, the fifth restarts both and reads the history the others made.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TwoReplicasIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int INSTANCES = 11; // OrthancResource.STUDY_MR3
    private static OrthancResource orthanc;
    private static Map<String, String> pacs;
    private static PostgresProcess pg;
    private static String dbUrl;
    private static int routerPort;
    private static Gateway a;
    private static Gateway b;
    /** Requests asked for at once (the common pool has one thread on two cores). */
    private static final java.util.concurrent.ExecutorService ASKING = java.util.concurrent.Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "asking");
        t.setDaemon(true);
        return t;
    });
    /** Every job the tests made, for the restart's look at the history. */
    private static final List<String> MADE = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void peers() throws Exception {
        orthanc = OrthancResource.own();
        pacs = orthanc.start();
        pg = PostgresProcess.start();
        dbUrl = pg.jdbcUrl(pg.createDatabase());
        routerPort = StoreScpProcess.freePortOutsideEphemeralRange(); // kept free between tests: no bind(0) takes it
        startBoth();
    }

    /** Both replicas at once (a JVM start is the slow part); neither left running when one does not start. */
    private static void startBoth() throws Exception {
        PackagedGateway pa = Gateway.launch("a");
        PackagedGateway pb = Gateway.launch("b");
        try {
            a = new Gateway(pa.awaitListening());
            b = new Gateway(pb.awaitListening());
        } catch (Exception | AssertionError e) {
            pa.process.destroyForcibly();
            pb.process.destroyForcibly();
            throw e;
        }
    }

    @AfterAll
    static void stopPeers() throws Exception {
        for (Gateway g : new Gateway[] {a, b}) {
            if (g != null) {
                g.stop();
            }
        }
        if (pg != null) {
            pg.close();
        }
        if (orthanc != null) {
            orthanc.stop();
        }
    }

    @Test
    @Order(1)
    void jobsAreSharedAndEachOf50StudiesReachesTheRouterOnceInOneReleasedAssociation() throws Exception {
        try (StoreScpProcess router = router("+xa")) {
            String first = a.submit("ACCFIRST");
            CompletableFuture<HttpResponse<String>> followedOnB = HTTP.sendAsync(HttpRequest.newBuilder(
                    URI.create(b.url("/api/jobs/" + first + "/events"))).timeout(Duration.ofSeconds(120)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode onB = b.get("/api/jobs/" + first);
            assertThat(onB.path("id").asText()).as("a job created on A, read on B").isEqualTo(first);
            List<String> accessions = new ArrayList<>(List.of("ACCFIRST"));
            List<String> ids = new ArrayList<>(List.of(first));
            for (int i = 1; i < 50; i++) {
                String acc = "ACC50-" + i;
                accessions.add(acc);
                ids.add((i % 2 == 0 ? a : b).submit(acc));
            }
            for (String id : ids) {
                assertThat(awaitEnd(b, id, Duration.ofSeconds(180))).as(() -> diagnosis(id)).isEqualTo("SUCCEEDED");
            }
            HttpResponse<String> events = followedOnB.get(30, TimeUnit.SECONDS);
            assertThat(events.body()).as("A's job followed over SSE on B to its end").contains("FINISHED").contains("SUCCEEDED");
            List<String> listedOnA = new ArrayList<>();
            a.get("/api/jobs?limit=100").forEach(j -> listedOnA.add(j.path("id").asText()));
            assertThat(listedOnA).as("B's jobs listed on A").containsAll(ids);
            assertEachOnceReleased(router, accessions);
        }
    }

    @Test
    @Order(2)
    void tenJobsQueuedWhileTheRouterIsDownFor30sAllSucceedByThemselves() throws Exception {
        long down = System.nanoTime(); // no storescp on the router port since the last test
        List<String> accessions = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String acc = "ACCDOWN" + i;
            accessions.add(acc);
            ids.add((i % 2 == 0 ? a : b).submit(acc));
        }
        Thread.sleep(Math.max(0, Duration.ofSeconds(30).toMillis() - (System.nanoTime() - down) / 1_000_000));
        for (String id : ids) {
            assertThat(a.get("/api/jobs/" + id).path("state").asText()).as("job %s after 30 s without a router", id)
                    .isIn("QUEUED", "RUNNING");
        }
        try (StoreScpProcess router = router("+xa")) {
            for (String id : ids) {
                assertThat(awaitEnd(a, id, Duration.ofSeconds(60))).as(() -> diagnosis(id)).isEqualTo("SUCCEEDED");
            }
            for (String id : ids) {
                List<String> history = storedAttempts(id, Duration.ofSeconds(30));
                assertThat(history).as("job %s: tried while the router was down, then sent", id).hasSizeGreaterThan(1)
                        .endsWith("SUCCEEDED");
                assertThat(history.subList(0, history.size() - 1)).as("job %s", id).allMatch("ROUTER_FAILED"::equals);
            }
            assertEachOnceReleased(router, accessions);
        }
    }

    @Test
    @Order(3)
    void postgresRestartedDuringARunLosesNothing() throws Exception {
        // storescp serves one association at a time and the gateway waits 10 s for an A-ASSOCIATE-AC: slow stores
        // would time queued studies out. So the studies go at full speed, 30 asked for at once: the router needs
        // seconds for them, and the database stops while they are on their way.
        try (StoreScpProcess router = router("+xa")) {
            List<String> accessions = new ArrayList<>();
            List<CompletableFuture<String>> asked = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                String acc = "ACCPG" + i;
                accessions.add(acc);
                Gateway g = i % 2 == 0 ? a : b;
                asked.add(CompletableFuture.supplyAsync(() -> g.submitUnchecked(acc), ASKING));
            }
            List<String> ids = new ArrayList<>();
            for (CompletableFuture<String> f : asked) {
                ids.add(f.get(60, TimeUnit.SECONDS));
            }
            try {
                int reachedBeforeStop = RouterLog.of(router).storing().size();
                pg.stopServer();
                // Asked for while the database is down: recorded, and so answered, once it is back.
                accessions.addAll(List.of("ACCPGA", "ACCPGB"));
                CompletableFuture<String> onA = CompletableFuture.supplyAsync(() -> a.submitUnchecked("ACCPGA"), ASKING);
                CompletableFuture<String> onB = CompletableFuture.supplyAsync(() -> b.submitUnchecked("ACCPGB"), ASKING);
                Thread.sleep(1500);
                assertThat(onA).as("no answer before the job is recorded").isNotDone();
                pg.startServer();
                ids.add(onA.get(30, TimeUnit.SECONDS));
                ids.add(onB.get(30, TimeUnit.SECONDS));
                assertThat(reachedBeforeStop).as("studies still on their way when the database stopped").isLessThan(30);
                for (String id : ids) {
                    assertThat(awaitEnd(b, id, Duration.ofSeconds(90))).as(() -> diagnosis(id)).isEqualTo("SUCCEEDED");
                    // The replica that ran it answers from what it knows; its end reaches the store within seconds
                    // (the journal's write waits for the database that just came back): what the store has, once it has it.
                    assertThat(storedAttempts(id, Duration.ofSeconds(30))).as("job %s: one attempt, nobody took it over", id)
                            .containsExactly("SUCCEEDED");
                    assertThat(a.get("/api/jobs/" + id).path("storedInstances").asInt()).as("progress of job %s", id)
                            .isEqualTo(INSTANCES);
                }
                assertThat(a.managementStatus("/q/health/ready")).as("A ready again").isEqualTo(200);
                assertThat(b.managementStatus("/q/health/ready")).as("B ready again").isEqualTo(200);
                assertEachOnceReleased(router, accessions);
            } finally {
                for (String id : ids) {
                    awaitEnd(b, id, Duration.ofSeconds(60)); // nothing of this test left running into the next one's router
                }
            }
        }
    }

    @Test
    @Order(4)
    void aReplicaKilledMidStudyLosesItsLeaseAndTheOtherSendsTheWholeStudyAgain() throws Exception {
        try (StoreScpProcess router = router("--sleep-during", "1", "+xa")) {
            String id = a.submit("ACCKILL1");
            router.awaitCount("Received Store Request", 2, Duration.ofSeconds(60));
            a.gw.process.destroyForcibly(); // SIGKILL: no drain, no hand-back, the lease just runs out
            assertThat(a.gw.process.waitFor(10, TimeUnit.SECONDS)).isTrue();

            assertThat(awaitEnd(b, id, Duration.ofSeconds(120))).as(() -> diagnosis(id)).isEqualTo("SUCCEEDED");
            assertThat(storedAttempts(id, Duration.ofSeconds(30))).as("the job's history").containsExactly("LEASE_EXPIRED", "SUCCEEDED");
            RouterLog seen = awaitStoringEnded(router, 2, Duration.ofSeconds(20));
            assertThat(seen.storing(RouterLog.End.RELEASED)).as("only B's association was released:%n%s", router.log())
                    .singleElement().satisfies(released -> {
                        assertThat(released.stores()).as("the whole study again").isEqualTo(INSTANCES);
                        assertThat(RouterLog.accessions(released)).containsOnly("ACCKILL1");
                    });
            assertThat(seen.storing()).as("A's part and B's whole study").hasSize(2);
        }
    }

    @Test
    @Order(5)
    void bothReplicasRestartedStillAnswerForTheHistory() throws Exception {
        b.stop();
        a.stop(); // killed by the test before
        startBoth();
        assertThat(MADE).as("jobs made by the tests before").isNotEmpty();
        for (String id : MADE) {
            JsonNode job = (id.hashCode() % 2 == 0 ? a : b).get("/api/jobs/" + id);
            assertThat(job.path("state").asText()).as("job %s after both restarted", id).isEqualTo("SUCCEEDED");
            assertThat(job.path("storedInstances").asInt()).as("job %s", id).isEqualTo(INSTANCES);
        }
        List<String> listed = new ArrayList<>();
        b.get("/api/jobs?limit=1000").forEach(j -> listed.add(j.path("id").asText()));
        assertThat(listed).containsAll(MADE);
    }

    /** Each Accession Number reached the router in exactly one association, released, with the whole study. */
    private static void assertEachOnceReleased(StoreScpProcess router, Collection<String> accessions) throws Exception {
        RouterLog seen = awaitStoringEnded(router, accessions.size(), Duration.ofSeconds(20));
        assertThat(seen.storing()).as("one association per study:%n%s", router.log()).hasSize(accessions.size())
                .allSatisfy(s -> {
                    assertThat(s.end()).isEqualTo(RouterLog.End.RELEASED);
                    assertThat(s.stores()).isEqualTo(INSTANCES);
                });
        List<String> byAssociation = new ArrayList<>();
        for (RouterLog.Association s : seen.storing()) {
            List<String> inIt = RouterLog.accessions(s);
            assertThat(inIt).as("one study per association").hasSize(INSTANCES).containsOnly(inIt.get(0));
            byAssociation.add(inIt.get(0));
        }
        assertThat(byAssociation).as("each study once").containsExactlyInAnyOrderElementsOf(accessions);
    }

    /** The router's log once {@code storing} associations stored something and all of them ended. */
    private static RouterLog awaitStoringEnded(StoreScpProcess router, int storing, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        RouterLog seen = RouterLog.of(router);
        while ((seen.storing().size() < storing || seen.storing().stream().anyMatch(s -> s.end() == RouterLog.End.OPEN))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            seen = RouterLog.of(router);
        }
        return seen;
    }

    /** storescp on the router port; {@code +uf}: a study sent twice keeps both copies, so the test can see it. */
    private static StoreScpProcess router(String... options) throws IOException {
        List<String> all = new ArrayList<>(List.of(options));
        all.add("+uf");
        return StoreScpProcess.startOn(routerPort, all.toArray(String[]::new));
    }

    private static String awaitEnd(Gateway g, String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String state = null;
        while (System.nanoTime() < deadline) {
            state = g.get("/api/jobs/" + id).path("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("PARTLY_FAILED") || state.equals("CANCELLED")) {
                return state;
            }
            Thread.sleep(250);
        }
        return state;
    }

    /**
     * What a failed wait for job {@code id} prints: the job as B answers for it, its attempts in the store, and what
     * each replica logged of it (a job that never ends in CI must say where it stopped).
     */
    private static String diagnosis(String id) {
        StringBuilder out = new StringBuilder("job ").append(id);
        try {
            out.append("\non B: ").append(b.get("/api/jobs/" + id)).append("\nattempts: ").append(attempts(id));
        } catch (Exception | AssertionError e) {
            out.append("\n(could not read it: ").append(e).append(')');
        }
        for (Gateway g : new Gateway[] {a, b}) {
            out.append("\n--- ").append(g.gw.name).append(" (").append(g.gw.process.isAlive() ? "running" : "stopped").append(")");
            try {
                List<String> lines = java.nio.file.Files.readAllLines(g.gw.log);
                lines.stream().filter(l -> l.contains(id)).forEach(l -> out.append('\n').append(l));
                out.append("\n--- last lines of ").append(g.gw.name);
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> out.append('\n').append(l));
            } catch (IOException e) {
                out.append("\n(no log: ").append(e).append(')');
            }
        }
        return out.toString();
    }

    /** {@link #attempts} once none is open any more (an outcome in each), or as it is at the deadline. */
    private static List<String> storedAttempts(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> out = attempts(id);
        while (out.contains(null) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            out = attempts(id);
        }
        return out;
    }

    /** The outcome of each attempt of the job, oldest first, as the store has them. */
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

    /** One replica: the packaged gateway on the shared PostgreSQL, with what the tests ask of it. */
    private record Gateway(PackagedGateway gw) {

        /** Starts the process; {@link PackagedGateway#awaitListening} waits until it listens. */
        static PackagedGateway launch(String name) throws IOException {
            Map<String, String> env = new java.util.HashMap<>();
            env.put("PACS_DICOMWEB_URL", pacs.get("gateway.pacs.dicomweb-url"));
            env.put("PACS_WADO_URI_URL", pacs.get("gateway.pacs.wado-uri-url"));
            env.put("ROUTER_IP", "127.0.0.1");
            env.put("ROUTER_PORT", Integer.toString(routerPort));
            env.put("ROUTER_AET", StoreScpProcess.AE_TITLE);
            env.put("GATEWAY_DB_URL", dbUrl);
            env.put("GATEWAY_DB_USER", PostgresProcess.USER);
            env.put("GATEWAY_DB_PASSWORD", pg.password());
            // Two JVMs starting at once on a loaded 2-core machine: a first connection took longer than the 5 s the
            // pool waits (Flyway at start failed "Acquisition timeout"); in a cluster the pod would just restart.
            env.put("QUARKUS_DATASOURCE_POSTGRESQL_JDBC_ACQUISITION_TIMEOUT", "30s");
            // Short enough for the kill test to be quick, longer than a lease renewal (lease/3) plus PostgreSQL's
            // restart, so the restart takes no job from the replica sending it.
            env.put("GATEWAY_STORE_LEASE", "8s");
            // The router-down test: tried again after 1 s, 2 s, then every 4 s, for as long as it is down.
            env.put("GATEWAY_RETRY_INITIAL_DELAY", "1s");
            env.put("GATEWAY_RETRY_MAX_DELAY", "4s");
            env.put("GATEWAY_RETRY_MAX_ATTEMPTS", "30");
            env.put("GATEWAY_AUTH", "none"); // written before sign-in existed; the store, not the roles, is under test
            env.put("GATEWAY_JOBS_POLL", "200ms");
            env.put("HOSTNAME", "replica-" + name);
            env.put("SATUSEHAT_URL", null);
            return PackagedGateway.launch("replica-" + name, env);
        }

        String url(String path) {
            return gw.url(path);
        }

        int managementStatus(String path) throws Exception {
            return gw.managementStatus(path);
        }

        String submit(String acsn) throws Exception {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url("/api/dicom/process?async=true")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"study\":\"" + OrthancResource.STUDY_MR3
                            + "\",\"patientid\":\"PID-TWO\",\"acc\":\"" + acsn + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
            String id = JSON.readTree(r.body()).path("jobId").asText();
            MADE.add(id);
            return id;
        }

        String submitUnchecked(String acsn) {
            try {
                return submit(acsn);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        JsonNode get(String path) throws Exception {
            return gw.get(path);
        }

        int status(String path) throws Exception {
            return gw.status(path);
        }

        void stop() throws InterruptedException {
            gw.stop();
        }
    }
}
