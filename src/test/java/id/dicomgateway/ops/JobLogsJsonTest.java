package id.dicomgateway.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.faults.FaultPeers;
import id.dicomgateway.relay.jobs.JobLogs;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import id.dicomgateway.testing.FakeScp;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * GATEWAY_LOG_FORMAT=json (issue 25 item 4): every line one job's work logs, from the relay, from the PACS client on
 * worker threads and from {@code dimse} on the event loop its association runs on, formatted by Quarkus's JSON
 * formatter as the console would with the format on, is one JSON object whose {@code mdc} names the job, its study
 * and its Accession Number, and never the patient's name. The PACS ({@link id.dicomgateway.testing.PacsStub}) and the
 * router ({@link id.dicomgateway.testing.FakeScp}) are JDK-only stand-ins; dimse and pacs log at DEBUG here so that
 * their lines are there to check.
 */
@QuarkusTest
@TestProfile(OpsProfile.class)
class JobLogsJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> CHECKED = List.of("id.dicomgateway.dimse", "id.dicomgateway.pacs", "id.dicomgateway.relay");

    FaultPeers peers;
    @Inject
    ReceiverSyntaxes syntaxes;

    @AfterEach
    void healthy() throws Exception {
        peers.reset();
    }

    @Test
    void everyLineOfAJobsRunIsJsonAndCarriesItsJobStudyAndAccessionNumber() throws Exception {
        warmUp();
        List<String> lines;
        Map<String, String> accessionOf = new HashMap<>();
        try (JsonLines capture = JsonLines.install()) {
            // Job 1: the PACS drops the connection in the middle of the 6th instance. The PACS client logs it on the
            // job's worker; the job fails for good (one attempt in tests), or partly when instances before the cut had
            // reached the router (a race), or before any association when the cut came first (another race).
            peers.pacs().cutRetrieveIn(6);
            String pacsCut = submit("ACSN-LOG-1");
            accessionOf.put(pacsCut, "ACSN-LOG-1");
            assertThat(OpsJobs.awaitEnd(pacsCut).getString("state")).isIn("FAILED", "PARTLY_FAILED");
            peers.reset();
            // Job 2: the router aborts the association at the 3rd instance. dimse logs it on the event loop.
            peers.router().onStore = n -> n == 3 ? new FakeScp.Abort() : FakeScp.success();
            String routerAbort = submit("ACSN-LOG-2");
            accessionOf.put(routerAbort, "ACSN-LOG-2");
            assertThat(OpsJobs.awaitEnd(routerAbort).getString("state")).isIn("FAILED", "PARTLY_FAILED");
            // the association's last lines may follow the job's end
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until && capture.lines().stream()
                    .noneMatch(l -> l.contains("id.dicomgateway.dimse") && l.contains(routerAbort))) {
                Thread.sleep(50);
            }
            Thread.sleep(100);
            lines = capture.lines();
            assertThat(lines).as("a line of dimse (the association, on the event loop) of job %s", routerAbort)
                    .anyMatch(l -> l.contains("\"loggerName\":\"id.dicomgateway.dimse") && l.contains(routerAbort));
            assertThat(lines).as("a line of the PACS client (on a worker) of job %s", pacsCut)
                    .anyMatch(l -> l.contains("\"loggerName\":\"id.dicomgateway.pacs") && l.contains(pacsCut));
        }
        List<JsonNode> ofAJob = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line); // fails the test when a line is not JSON
            assertThat(line).as("one object per line").doesNotContain("\n");
            String category = node.path("loggerName").asText();
            if (CHECKED.stream().anyMatch(category::startsWith)) {
                if (node.path("mdc").has(JobLogs.TASK)) {
                    // background work of no job (a readiness probe, a syntax probe) that ran meanwhile names its task
                    assertThat(node.path("mdc").path(JobLogs.TASK).asText()).as("task of %s", node).isNotBlank();
                    assertThat(node.path("mdc").has("jobId")).as("a task's line names no job: %s", node).isFalse();
                } else {
                    ofAJob.add(node);
                }
            }
        }
        // Every line of the relay, the PACS client or dimse while the two jobs ran names a job, its study and ACSN: one of
        // the two with exactly theirs, or a job an earlier test of this application made, whose late work (a check
        // the router's report brings, say) may log meanwhile (seen in CI: "Job ... is not one this replica runs").
        for (JsonNode n : ofAJob) {
            JsonNode mdc = n.path("mdc");
            String job = mdc.path("jobId").asText();
            assertThat(job).as("jobId of %s", n).isNotBlank();
            if (!accessionOf.containsKey(job)) {
                assertThat(mdc.path("studyUid").asText()).as("studyUid of %s", n).isNotBlank();
                assertThat(mdc.has("accessionNumber")).as("accessionNumber of %s", n).isTrue();
                continue;
            }
            assertThat(mdc.path("studyUid").asText()).as("studyUid of %s", n).isEqualTo(peers.study());
            assertThat(mdc.path("accessionNumber").asText()).as("accessionNumber of %s", n).isEqualTo(accessionOf.get(job));
        }
        assertThat(ofAJob).as("lines of the two jobs").anyMatch(n -> accessionOf.containsKey(n.path("mdc").path("jobId").asText()));
        // The corpus study's patient name, in any field of any line: never.
        String all = String.join("\n", lines);
        assertThat(all).doesNotContainIgnoringCase("patientName").doesNotContain("^");
    }

    private String submit(String accessionNumber) {
        return given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + peers.study() + "\",\"acc\":\"" + accessionNumber + "\",\"pid\":\"P-LOG-1\",\"verify\":false}")
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(202).extract().path("jobId");
    }

    @Test
    void linesOutsideAJobCarryNoJobFields() throws Exception {
        warmUp();
        try (JsonLines capture = JsonLines.install()) {
            Logger.getLogger("id.dicomgateway.relay.Outside").warning("a line no job logs");
            assertThat(capture.lines()).hasSize(1);
            assertThat(JSON.readTree(capture.lines().get(0)).path("mdc").path("jobId").isMissingNode()).isTrue();
        }
    }

    @Test
    void backgroundWorkOfNoJobNamesItsTaskOnDimsesLinesToo() throws Exception {
        warmUp();
        try (JsonLines capture = JsonLines.install()) {
            syntaxes.refreshInBackground(); // learns what the router takes: associations on the event loop, no job's
            long until = System.nanoTime() + 10_000_000_000L;
            List<JsonNode> dimse = List.of();
            while (System.nanoTime() < until && dimse.stream().noneMatch(JobLogsJsonTest::ofTheSyntaxProbe)) {
                Thread.sleep(100);
                dimse = capture.lines().stream().map(JobLogsJsonTest::json)
                        .filter(n -> n.path("loggerName").asText().startsWith("id.dicomgateway.dimse")).toList();
            }
            // Other background work may talk DICOM meanwhile (the readiness and peers-down probes of this profile):
            // each names its own task, none a job.
            assertThat(dimse).as("dimse's lines while the syntax probe ran").anyMatch(JobLogsJsonTest::ofTheSyntaxProbe)
                    .allMatch(n -> !n.path("mdc").path(JobLogs.TASK).asText().isEmpty())
                    .noneMatch(n -> n.path("mdc").has("jobId"));
        }
    }

    private static boolean ofTheSyntaxProbe(JsonNode line) {
        return "router-syntaxes".equals(line.path("mdc").path(JobLogs.TASK).asText());
    }

    private static JsonNode json(String line) {
        try {
            return JSON.readTree(line);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    private void warmUp() {
        // The first run of a fresh application probes the router and compiles much: not part of the job looked at.
        given().contentType(ContentType.JSON).body("{\"study\":\"" + peers.study() + "\",\"force\":true,\"verify\":false}")
                .when().post("/api/dicom/direct-dcm").then().statusCode(200);
        peers.router().reset();
    }

    /** Every record published while installed, formatted at once (the MDC is the logging thread's) by Quarkus's JSON formatter. */
    static final class JsonLines extends Handler implements AutoCloseable {
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final JsonFormatter formatter = new JsonFormatter();

        static JsonLines install() {
            JsonLines h = new JsonLines();
            h.setLevel(Level.ALL);
            Logger.getLogger("").addHandler(h);
            return h;
        }

        List<String> lines() {
            synchronized (lines) {
                return List.copyOf(lines);
            }
        }

        @Override
        public void publish(LogRecord record) {
            if (record instanceof ExtLogRecord ext) {
                String line = formatter.format(ext);
                lines.add(line.endsWith("\n") ? line.substring(0, line.length() - 1) : line);
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
            Logger.getLogger("").removeHandler(this);
        }
    }
}
