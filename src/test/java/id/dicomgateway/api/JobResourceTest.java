package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import id.dicomgateway.relay.jobs.InstanceOutcome;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobResourceTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.7";

    @Inject
    JobRegistry jobs;

    @TestHTTPResource("/")
    URI base;

    @Test
    void getReturnsTheJobAndListHasItNewestFirst() {
        String older = jobs.create(JobKind.DIRECT, STUDY, "OLD1", null).id();
        String id = jobs.create(JobKind.PROCESS, STUDY, "20250001", "P001").id();
        jobs.started(id, 2, 200);
        jobs.instanceDone(id, new InstanceResult("1.1", InstanceOutcome.STORED, 0, null, null, 100));

        given().get("/api/jobs/" + id).then().statusCode(200)
                .body("id", equalTo(id))
                .body("kind", equalTo("PROCESS"))
                .body("state", equalTo("RUNNING"))
                .body("accessionNumber", equalTo("20250001"))
                .body("totalInstances", equalTo(2))
                .body("doneInstances", equalTo(1))
                .body("percent", equalTo(50))
                .body("createdAt", startsWith("20"));

        List<String> ids = given().get("/api/jobs?limit=50").then().statusCode(200).extract().jsonPath().getList("id");
        assertThat(ids).contains(id, older);
        assertThat(ids.indexOf(id)).isLessThan(ids.indexOf(older));
    }

    @Test
    void unknownJobIs404WithTheErrorBody() {
        given().get("/api/jobs/00000000-0000-0000-0000-000000000000").then().statusCode(404)
                .body("status", equalTo("error"))
                .body("code", equalTo("JOB_NOT_FOUND"))
                .body("message", startsWith("No job"));
        given().get("/api/jobs/<script>/events").then().statusCode(404)
                .body("code", equalTo("JOB_NOT_FOUND"))
                .body("message", equalTo("No job this id (unknown, or dropped from the history)"));
    }

    @Test
    void badLimitIs400() {
        given().get("/api/jobs?limit=0").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
    }

    @Test
    void eventsStreamProgressAndCloseWhenTheJobEnds() throws Exception {
        String id = jobs.create(JobKind.PROCESS, STUDY, "A2", "P2").id();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));

        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        // The SNAPSHOT arrives once the server has subscribed: only then are later changes sure to be streamed.
        String first = CompletableFuture.supplyAsync(() -> nextData(reader)).get(10, TimeUnit.SECONDS);
        assertThat(first).contains("\"type\":\"SNAPSHOT\"").contains("\"state\":\"QUEUED\"");
        CompletableFuture<List<String>> lines = CompletableFuture.supplyAsync(() -> readData(reader));
        jobs.started(id, 2, 20);
        jobs.instanceDone(id, new InstanceResult("1.1", InstanceOutcome.STORED, 0, null, null, 10));
        jobs.instanceDone(id, new InstanceResult("1.2", InstanceOutcome.STORED, 0, null, null, 10));
        jobs.succeeded(id, "sent");

        List<String> data = lines.get(10, TimeUnit.SECONDS);
        assertThat(data).hasSize(4);
        assertThat(data.get(0)).contains("\"type\":\"STARTED\"");
        assertThat(data.get(2)).contains("\"percent\":100");
        assertThat(data.get(3)).contains("\"type\":\"FINISHED\"").contains("\"state\":\"SUCCEEDED\"");

        // A finished job answers with its final state and closes at once.
        HttpResponse<java.io.InputStream> again = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader againReader = new BufferedReader(new InputStreamReader(again.body(), StandardCharsets.UTF_8));
        assertThat(CompletableFuture.supplyAsync(() -> readData(againReader)).get(10, TimeUnit.SECONDS))
                .singleElement().asString().contains("\"type\":\"FINISHED\"");
    }

    @Test
    void streamOfAllJobsAnswersAtOnceEvenWithoutEvents() throws Exception {
        // Browsers wait for the headers before EventSource.onopen; a quiet gateway must not stall them.
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs/events")).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> response = client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                .get(5, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(200);
        response.body().close();
    }

    @Test
    void openApiDocumentsTheJobEndpoints() {
        given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths.'/api/jobs/{id}'.get.operationId", equalTo("getJob"))
                .body("paths.'/api/jobs/{id}/events'.get.operationId", equalTo("streamJobEvents"))
                .body("paths.'/api/jobs'.get.operationId", equalTo("listJobs"))
                .body("paths.'/api/jobs/{id}'.get.responses.'404'.content.'application/json'.schema.'$ref'",
                        equalTo("#/components/schemas/Error"))
                .body("components.schemas.ErrorCode.enum", hasItem("JOB_NOT_FOUND"));
    }

    /** The data lines of an SSE stream, until the server closes it. */
    private static List<String> readData(BufferedReader reader) {
        List<String> data = new ArrayList<>();
        String line;
        while ((line = nextData(reader)) != null) {
            data.add(line);
        }
        return data;
    }

    /** The next data line, or null at the end of the stream. */
    private static String nextData(BufferedReader reader) {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.startsWith("data:")) {
                    return line.substring(5).trim();
                }
            }
            return null;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
