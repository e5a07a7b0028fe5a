package id.dicomgateway;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.PacsStub;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway as a hospital runs it (issue 25 items 4 and 5), with JDK-only peers: a PACS stub, a fake
 * router and a WireMock notification receiver. With GATEWAY_LOG_FORMAT=json every line of its console is one JSON
 * object, and every line the relay, the PACS client and dimse log while a job runs names the job in {@code mdc};
 * a job that fails for good reaches GATEWAY_NOTIFY_URL within seconds.
 */
class JsonLogsAndNotificationsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> OF_A_JOB = List.of("id.dicomgateway.dimse", "id.dicomgateway.pacs", "id.dicomgateway.relay");

    @Test
    void jsonConsoleWithTheJobOnEveryLineOfItsRunAndAFailureToldWithinSeconds() throws Exception {
        WireMockServer receiver = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        receiver.start();
        receiver.stubFor(post(urlPathEqualTo("/hook")).willReturn(aResponse().withStatus(204)));
        PackagedGateway gw = null;
        try (PacsStub pacs = new PacsStub(); FakeScp router = new FakeScp()) {
            List<Path> files;
            try (Stream<Path> s = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
                files = s.sorted().toList();
            }
            String study = pacs.addStudy(files);
            Map<String, String> env = new HashMap<>();
            env.put("GATEWAY_LOG_FORMAT", "json");
            env.put("QUARKUS_LOG_CATEGORY__ID_DICOMGATEWAY_DIMSE__LEVEL", "DEBUG");
            env.put("QUARKUS_LOG_CATEGORY__ID_DICOMGATEWAY_PACS__LEVEL", "DEBUG");
            env.put("PACS_DICOMWEB_URL", pacs.dicomwebUrl());
            env.put("PACS_WADO_URI_URL", pacs.wadoUriUrl());
            env.put("ROUTER_IP", "127.0.0.1");
            env.put("ROUTER_PORT", Integer.toString(router.port()));
            env.put("ROUTER_AET", FakeScp.AE_TITLE);
            env.put("GATEWAY_NOTIFY_URL", receiver.baseUrl() + "/hook");
            env.put("GATEWAY_PUBLIC_URL", "https://gateway.hospital");
            env.put("GATEWAY_RETRY_MAX_ATTEMPTS", "1");
            env.put("GATEWAY_AUTH", "none"); // the logs and notices, not the roles, are under test
            env.put("GATEWAY_DB_URL", null);
            env.put("SATUSEHAT_URL", null);
            gw = PackagedGateway.launch("json-logs", env).awaitListening();

            String sent = submit(gw, study, "ACSN-IT-OK");
            assertThat(awaitEnd(gw, sent)).isEqualTo("SUCCEEDED");
            assertThat(router.stored).hasSize(files.size());

            pacs.retrieveStatus(404);
            long asked = System.nanoTime();
            String failed = submit(gw, study, "ACSN-IT-404");
            assertThat(awaitEnd(gw, failed)).isEqualTo("FAILED");
            JsonNode notice = awaitNotice(receiver, failed, Duration.ofSeconds(10));
            assertThat((System.nanoTime() - asked) / 1_000_000).as("told within seconds").isLessThan(10_000);
            assertThat(notice.path("event").asText()).isEqualTo("JOB_FAILED");
            assertThat(notice.path("code").asText()).isEqualTo("STUDY_NOT_FOUND");
            assertThat(notice.path("accessionNumber").asText()).isEqualTo("ACSN-IT-404");
            assertThat(notice.path("link").asText()).isEqualTo("https://gateway.hospital/api/jobs/" + failed);
            assertThat(notice.toString()).doesNotContain("P-IT-1");
            Thread.sleep(500); // the last lines of the second job
            gw.stop();

            List<String> lines = Files.readAllLines(gw.log);
            List<JsonNode> parsed = new ArrayList<>();
            for (String line : lines) {
                assertThat(line).as("every console line is a JSON object").startsWith("{");
                parsed.add(JSON.readTree(line));
            }
            for (String job : List.of(sent, failed)) {
                List<JsonNode> ofJob = parsed.stream().filter(n -> job.equals(n.path("mdc").path("jobId").asText())).toList();
                assertThat(ofJob).as("lines of job %s", job)
                        .anyMatch(n -> n.path("loggerName").asText().startsWith("id.dicomgateway.relay"));
                // Every line of the relay, the PACS client or dimse from the job's first line to its last names it.
                long first = ofJob.get(0).path("sequence").asLong();
                long last = ofJob.get(ofJob.size() - 1).path("sequence").asLong();
                List<JsonNode> during = parsed.stream().filter(n -> n.path("sequence").asLong() >= first
                        && n.path("sequence").asLong() <= last && OF_A_JOB.stream().anyMatch(n.path("loggerName").asText()::startsWith)).toList();
                // Background work of no job that ran meanwhile (readiness, learning the router's syntaxes) names its task.
                List<JsonNode> tasks = during.stream().filter(n -> n.path("mdc").has("task")).toList();
                assertThat(tasks).as("lines of a task while job %s ran", job)
                        .allMatch(n -> !n.path("mdc").path("task").asText().isBlank() && !n.path("mdc").has("jobId"));
                assertThat(during.stream().filter(n -> !n.path("mdc").has("task")).toList())
                        .as("lines of relay, pacs and dimse while job %s ran", job)
                        .allMatch(n -> job.equals(n.path("mdc").path("jobId").asText()))
                        .allMatch(n -> study.equals(n.path("mdc").path("studyUid").asText()));
            }
            assertThat(parsed).as("the association of the job that was sent, on the event loop")
                    .anyMatch(n -> sent.equals(n.path("mdc").path("jobId").asText())
                            && n.path("loggerName").asText().startsWith("id.dicomgateway.dimse"));
            assertThat(String.join("\n", lines)).as("no patient ID in any line").doesNotContain("P-IT-1");
        } finally {
            if (gw != null) {
                gw.stop();
            }
            receiver.stop();
        }
    }

    private static String submit(PackagedGateway gw, String study, String acsn) throws Exception {
        HttpResponse<String> r = gw.post("/api/dicom/process?async=true",
                "{\"study\":\"" + study + "\",\"acc\":\"" + acsn + "\",\"pid\":\"P-IT-1\",\"force\":true,\"verify\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        return JSON.readTree(r.body()).path("jobId").asText();
    }

    private static String awaitEnd(PackagedGateway gw, String id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            String state = gw.get("/api/jobs/" + id).path("state").asText();
            if (!List.of("QUEUED", "RUNNING").contains(state) || System.nanoTime() > deadline) {
                return state;
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode awaitNotice(WireMockServer receiver, String jobId, Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (ServeEvent e : receiver.getAllServeEvents()) {
                JsonNode n = JSON.readTree(e.getRequest().getBodyAsString());
                if (jobId.equals(n.path("jobId").asText())) {
                    return n;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no notice of job " + jobId + " within " + within);
    }
}
