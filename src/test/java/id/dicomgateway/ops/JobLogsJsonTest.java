package id.dicomgateway.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.faults.FaultPeers;
import id.dicomgateway.relay.JobLogs;
import id.dicomgateway.relay.ReceiverSyntaxes;
import io.quarkus.logging.json.runtime.JsonFormatter;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
        // The PACS drops the connection in the middle of the last instance (index 10 of 11): the PACS client logs it on
        // the job's worker, dimse aborts the association (open by then) on the event loop, the job fails for good (one
        // attempt in tests). Instances before the cut may have reached the router while the rest was arriving (how many is
        // a race): FAILED or PARTLY_FAILED.
        peers.pacs().cutRetrieveIn(peers.instances().size() - 1);
        String jobId;
        List<String> lines;
        try (JsonLines capture = JsonLines.install()) {
            jobId = given().contentType(ContentType.JSON)
                    .body("{\"study\":\"" + peers.study() + "\",\"acc\":\"ACSN-LOG-1\",\"pid\":\"P-LOG-1\",\"verify\":false}")
                    .when().post("/api/dicom/process?async=true")
                    .then().statusCode(202).extract().path("jobId");
            assertThat(OpsJobs.awaitEnd(jobId).getString("state")).isIn("FAILED", "PARTLY_FAILED");
            // the association's last lines may follow the job's end
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until && capture.lines().stream().noneMatch(l -> l.contains("id.dicomgateway.dimse")
                    && l.contains(jobId))) {
                Thread.sleep(50);
            }
            Thread.sleep(100);
            lines = capture.lines();
        }
        List<JsonNode> ofTheJob = new ArrayList<>();
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
                    ofTheJob.add(node);
                }
            }
        }
        assertThat(ofTheJob).as("lines of the relay, pacs and dimse during the job").isNotEmpty();
        assertThat(ofTheJob).as("a line of dimse (the association, on the event loop)")
                .anyMatch(n -> n.path("loggerName").asText().startsWith("id.dicomgateway.dimse"));
        assertThat(ofTheJob).as("a line of the PACS client (on a worker)")
                .anyMatch(n -> n.path("loggerName").asText().startsWith("id.dicomgateway.pacs"));
        for (JsonNode n : ofTheJob) {
            JsonNode mdc = n.path("mdc");
            assertThat(mdc.path("jobId").asText()).as("jobId of %s", n).isEqualTo(jobId);
            assertThat(mdc.path("studyUid").asText()).as("studyUid of %s", n).isEqualTo(peers.study());
            assertThat(mdc.path("accessionNumber").asText()).as("accessionNumber of %s", n).isEqualTo("ACSN-LOG-1");
        }
        // The corpus study's patient name, in any field of any line: never.
        String all = String.join("\n", lines);
        assertThat(all).doesNotContainIgnoringCase("patientName").doesNotContain("^");
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
            while (System.nanoTime() < until && dimse.isEmpty()) {
                Thread.sleep(100);
                dimse = capture.lines().stream().map(JobLogsJsonTest::json)
                        .filter(n -> n.path("loggerName").asText().startsWith("id.dicomgateway.dimse")).toList();
            }
            assertThat(dimse).as("dimse's lines of the syntax probe").isNotEmpty()
                    .allMatch(n -> "router-syntaxes".equals(n.path("mdc").path(JobLogs.TASK).asText()))
                    .noneMatch(n -> n.path("mdc").has("jobId"));
        }
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
