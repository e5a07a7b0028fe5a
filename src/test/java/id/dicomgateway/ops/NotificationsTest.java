package id.dicomgateway.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import id.dicomgateway.faults.FaultPeers;
import id.dicomgateway.job.JobState;
import id.dicomgateway.notify.Deliveries;
import id.dicomgateway.store.AttemptEnd;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.testing.LogCapture;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * GATEWAY_NOTIFY_URL (issue 25 item 5) with two receivers ({@link NotifyReceivers}): WireMock, and a port nobody
 * listens on. A job that fails for good reaches WireMock within seconds with its id, study, ACSN, code, message and
 * link, and no patient ID or name; receivers that are down or hang delay nothing, and are tried again; a job waiting
 * for its order is told once; a router that stops answering is told, and told again when it is back.
 */
@QuarkusTest
@TestProfile(OpsProfile.class)
class NotificationsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static boolean warmedUp;

    FaultPeers peers;
    NotifyReceivers receivers;

    @Inject
    JobStore store;

    @Inject
    Deliveries deliveries;

    @BeforeEach
    void warmUp() throws Exception {
        peers.reset();
        if (!warmedUp) {
            // The first run of a fresh application probes the router and compiles much: not what is timed below.
            given().contentType(ContentType.JSON).body("{\"study\":\"" + peers.study() + "\",\"force\":true,\"verify\":false}")
                    .when().post("/api/dicom/direct-dcm").then().statusCode(200);
            warmedUp = true;
        }
        receivers.answering();
    }

    @AfterEach
    void healthy() throws Exception {
        peers.reset();
    }

    @Test
    void aJobThatFailsForGoodIsToldWithinSecondsWithoutThePatient() throws Exception {
        peers.pacs().retrieveStatus(404);
        long asked = System.nanoTime();
        String id = failingJob("ACSN-NOTIFY-1", "P-NOTIFY-1");
        JsonNode notice = awaitNotice(n -> n.path("event").asText().equals("JOB_FAILED") && n.path("jobId").asText().equals(id),
                Duration.ofSeconds(5));
        long toldMs = (System.nanoTime() - asked) / 1_000_000;
        assertThat(toldMs).as("told within seconds of asking for the job").isLessThan(5_000);
        assertThat(notice.path("state").asText()).isEqualTo("FAILED");
        assertThat(notice.path("code").asText()).isEqualTo("STUDY_NOT_FOUND");
        assertThat(notice.path("studyUid").asText()).isEqualTo(peers.study());
        assertThat(notice.path("accessionNumber").asText()).isEqualTo("ACSN-NOTIFY-1");
        assertThat(notice.path("message").asText()).isNotBlank();
        assertThat(notice.path("link").asText()).isEqualTo("https://gateway.hospital/api/jobs/" + id);
        assertThat(notice.path("replica").asText()).isNotBlank();
        assertThat(notice.path("text").asText()).contains(id).contains("STUDY_NOT_FOUND");
        String raw = notice.toString();
        assertThat(raw).as("no patient ID, no patient name").doesNotContain("P-NOTIFY-1").doesNotContainIgnoringCase("patient");
        assertThat(receivedFor(id)).as("told once").hasSize(1);
    }

    @Test
    void aReceiverThatIsDownOrHangsDelaysNothingAndIsTriedAgain() throws Exception {
        peers.pacs().retrieveStatus(404);
        try (LogCapture log = LogCapture.install()) {
            // Two failing jobs in a row. Each is told to a receiver that refuses and to one that takes the connection and
            // never answers (its POSTs fail after 20 s). Were telling in a job's way, each end (on the job, then in the
            // store, which the job journal writes after telling) would wait for those 20 s.
            List<String> ids = new ArrayList<>();
            for (String acsn : List.of("ACSN-NOTIFY-2", "ACSN-NOTIFY-3")) {
                long asked = System.nanoTime();
                String id = failingJob(acsn, "P-NOTIFY-2");
                awaitStored(id, JobState.FAILED, Duration.ofSeconds(10));
                long endedMs = (System.nanoTime() - asked) / 1_000_000;
                assertThat(endedMs).as("job %s ended and stored, with receivers down and hanging", id).isLessThan(10_000);
                ids.add(id);
            }
            for (String id : ids) {
                awaitNotice(n -> n.path("jobId").asText().equals(id), Duration.ofSeconds(5)); // the good receiver is not held up
            }
            assertThat(receivers.silentConnections()).as("the receiver that hangs was asked").isPositive();
            String dead = "127.0.0.1:" + receivers.deadPort();
            String first = ids.get(0);
            awaitLine(log, l -> l.contains(first) && l.contains(dead) && l.contains("failed 3 times"), Duration.ofSeconds(20));
            List<String> about = log.lines().stream().filter(l -> l.contains(first) && l.contains(dead)).toList();
            assertThat(about).as("tried again after 1 s and 3 s, then given up").anyMatch(l -> l.contains("try 2 of 3"))
                    .anyMatch(l -> l.contains("try 3 of 3"));
            assertThat(String.join("\n", log.lines())).as("the URL's secret is never logged").doesNotContain(NotifyReceivers.SECRET);
        }
    }

    private void awaitStored(String id, JobState state, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (store.get(id).map(JobRecord::state).orElse(null) != state) {
            assertThat(System.nanoTime()).as("job %s %s in the store within %s", id, state, within).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void aJobWaitingForItsOrderIsToldOnce() throws Exception {
        JobRecord job = store.create(new NewJob("PROCESS", "1.2.826.0.1.3680043.2.1125.9.1", null, "P-WAIT-1", "ACSN-WAIT-1", false,
                false, "notify-test"));
        try {
            JobRecord waiting = store.endAttempt(job.id(), "notify-test", AttemptEnd.waitForOrder("NO_SERVICE_REQUEST",
                    "SATUSEHAT has no ServiceRequest for ACSN-WAIT-1")).orElseThrow();
            assertThat(waiting.state()).isEqualTo(JobState.WAITING_FOR_ORDER);
            JsonNode notice = awaitNotice(n -> n.path("event").asText().equals("JOB_WAITING_FOR_ORDER")
                    && n.path("jobId").asText().equals(job.id()), Duration.ofSeconds(10));
            assertThat(notice.path("accessionNumber").asText()).isEqualTo("ACSN-WAIT-1");
            assertThat(notice.path("code").asText()).isEqualTo("NO_SERVICE_REQUEST");
            assertThat(notice.path("since").asText()).isNotBlank();
            assertThat(notice.toString()).doesNotContain("P-WAIT-1");
            Thread.sleep(2_500); // two more looks
            assertThat(receivedFor(job.id())).as("once per job").hasSize(1);
            assertThat(store.claimWaitingNotices(Instant.now(), 100)).as("claimed already: no replica gets it again")
                    .noneMatch(r -> r.id().equals(job.id()));
        } finally {
            store.cancel(job.id(), "test over");
        }
    }

    @Test
    void aRouterThatStopsAnsweringIsToldAndSoIsItsReturn() throws Exception {
        peers.routerDown();
        JsonNode down = awaitNotice(n -> n.path("event").asText().equals("PEER_DOWN") && n.path("peer").asText().equals("router"),
                Duration.ofSeconds(15));
        assertThat(down.path("since").asText()).isNotBlank();
        assertThat(down.path("text").asText()).contains("router");
        peers.reset();
        awaitNotice(n -> n.path("event").asText().equals("PEER_RECOVERED") && n.path("peer").asText().equals("router"),
                Duration.ofSeconds(15));
    }

    /** An async process job that fails for good (one attempt in tests); its id once it ended. */
    private String failingJob(String acsn, String patientId) throws InterruptedException {
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + peers.study() + "\",\"acc\":\"" + acsn + "\",\"pid\":\"" + patientId + "\",\"verify\":false}")
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(202).extract().path("jobId");
        JsonPath end = OpsJobs.awaitEnd(id);
        assertThat(end.getString("state")).isEqualTo("FAILED");
        return id;
    }

    private List<JsonNode> received() throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (ServeEvent e : receivers.receiver().getAllServeEvents()) {
            assertThat(e.getRequest().getHeader("Content-Type")).startsWith("application/json");
            out.add(JSON.readTree(e.getRequest().getBodyAsString()));
        }
        return out;
    }

    private List<JsonNode> receivedFor(String jobId) throws Exception {
        return received().stream().filter(n -> n.path("jobId").asText().equals(jobId)).toList();
    }

    private JsonNode awaitNotice(Predicate<JsonNode> which, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (true) {
            for (JsonNode n : received()) {
                if (which.test(n)) {
                    return n;
                }
            }
            assertThat(System.nanoTime()).as("a notice within %s; got %s", within, received()).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private static void awaitLine(LogCapture log, Predicate<String> which, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (log.lines().stream().noneMatch(which)) {
            assertThat(System.nanoTime()).as("a log line within %s", within).isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
