package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every process, direct-dcm and upload is a job (issue 5), against Orthanc and storescp. SATUSEHAT
 * is not configured here: the checks before and after sending are recorded as skipped.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class RelayJobsIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;
    private static final String PROCESS = "{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-JOB\",\"acc\":\"ACCJOB1\"}";

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    @Test
    void aSynchronousProcessNamesItsJobWhichShowsEveryInstance() throws Exception {
        String id = given().contentType(ContentType.JSON).body(PROCESS)
                .when().post("/api/dicom/process")
                .then().statusCode(200).body("status", equalTo("success")).body("sent", equalTo(11)).body("jobId", notNullValue())
                .extract().path("jobId");
        JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("kind")).isEqualTo("PROCESS");
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("studyUid")).isEqualTo(STUDY);
        assertThat(job.getString("accessionNumber")).isEqualTo("ACCJOB1");
        assertThat(job.getInt("totalInstances")).isEqualTo(11);
        assertThat(job.getInt("storedInstances")).isEqualTo(11);
        assertThat(job.getInt("failedInstances")).isZero();
        assertThat(job.getInt("percent")).isEqualTo(100);
        assertThat(job.getLong("totalBytes")).isPositive();
        assertThat(job.getLong("sentBytes")).isPositive();
        assertThat(job.getString("startedAt")).isNotNull();
        // Not configured: both SATUSEHAT checks say so instead of staying silent.
        assertThat(job.getString("checks.find { it.name == 'satusehat.serviceRequest' }.status")).isEqualTo("SKIPPED");
        assertThat(job.getString("checks.find { it.name == 'satusehat.imagingStudy' }.status")).isEqualTo("SKIPPED");
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void directDcmIsADirectJob() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"study\":\"" + STUDY + "\",\"verify\":false}")
                .when().post("/api/dicom/direct-dcm")
                .then().statusCode(200).body("sent", equalTo(11)).extract().path("jobId");
        JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("kind")).isEqualTo("DIRECT");
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getInt("storedInstances")).isEqualTo(11);
        assertThat(job.getString("checks.find { it.name == 'satusehat.imagingStudy' }.detail")).contains("verify=false");
    }

    @Test
    void asyncProcessAnswers202WithLocationAndTheJobRunsToTheEnd() throws Exception {
        int before = Router.associations();
        Response accepted = given().contentType(ContentType.JSON).body(PROCESS)
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(202).body("status", equalTo("accepted")).extract().response();
        String id = accepted.path("jobId");
        assertThat(accepted.header("Location")).endsWith("/api/jobs/" + id);

        // The events of the job end with it, at 100%, whether the stream catches it running or finished.
        List<String> events = events(id);
        assertThat(events).isNotEmpty();
        assertThat(events.get(events.size() - 1)).contains("\"type\":\"FINISHED\"").contains("\"state\":\"SUCCEEDED\"")
                .contains("\"percent\":100");

        JsonPath job = awaitEnd(id);
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getInt("storedInstances")).isEqualTo(11);
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(11);
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void asyncStillAnswersBadInputAt400AndCreatesNoJob() {
        int jobs = given().get("/api/jobs?limit=1000").then().statusCode(200).extract().jsonPath().getList("$").size();
        given().contentType(ContentType.JSON).body("{\"study\":\"1.2.03\"}")
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(400).body("code", equalTo("INVALID_UID"));
        assertThat(given().get("/api/jobs?limit=1000").then().statusCode(200).extract().jsonPath().getList("$")).hasSize(jobs);
    }

    @Test
    void anUploadWithoutAccessionNumberAnywhereIsRefusedAndNothingIsSent() throws Exception {
        int before = Router.associations();
        Path corpus = OrthancResource.corpus();
        // study-mr3 carries AccessionNumber "2"; CT_small has none: the whole upload is refused.
        given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("file", corpus.resolve("files/CT_small.dcm").toFile())
                .when().post("/api/dicom/upload")
                .then().statusCode(422).body("code", equalTo("ROUTER_WOULD_DROP"))
                .body("message", org.hamcrest.Matchers.containsString("Accession Number"));
        assertThat(Router.associations()).isEqualTo(before);
        assertThat(Router.files()).isEmpty();
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void anUploadWithABadForceFieldIs400() throws Exception {
        given().multiPart("file", OrthancResource.corpus().resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("force", "yes")
                .when().post("/api/dicom/upload")
                .then().statusCode(400).body("code", equalTo("INVALID_VALUE")).body("message", org.hamcrest.Matchers.containsString("force"));
        assertThat(Router.files()).isEmpty();
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void anAsyncUploadIsAnUploadJob() throws Exception {
        int before = Router.associations();
        Path corpus = OrthancResource.corpus();
        Response accepted = given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("file", corpus.resolve("study-mr3/IM02.dcm").toFile())
                .multiPart("acc", "ACCUPJOB")
                .when().post("/api/dicom/upload?async=true")
                .then().statusCode(202).extract().response();
        String id = accepted.path("jobId");
        assertThat(accepted.header("Location")).endsWith("/api/jobs/" + id);
        JsonPath job = awaitEnd(id);
        assertThat(job.getString("kind")).isEqualTo("UPLOAD");
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("accessionNumber")).isEqualTo("ACCUPJOB");
        assertThat(job.getInt("totalInstances")).isEqualTo(2);
        assertThat(job.getInt("storedInstances")).isEqualTo(2);
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(2);
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void aSynchronousUploadNamesItsJob() {
        String id = given().multiPart("file", OrthancResource.corpus().resolve("study-mr3/IM03.dcm").toFile())
                .when().post("/api/dicom/upload")
                .then().statusCode(200).body("sent", equalTo(1)).extract().path("jobId");
        given().get("/api/jobs/" + id).then().statusCode(200).body("state", equalTo("SUCCEEDED")).body("storedInstances", equalTo(1));
    }

    @Test
    void openApiDocumentsAsyncThe202AndTheChecks() {
        JsonPath doc = given().get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        for (String path : List.of("/api/dicom/process", "/api/dicom/direct-dcm", "/api/dicom/upload")) {
            String op = "paths.'" + path + "'.post";
            assertThat(doc.getList(op + ".parameters.name", String.class)).as(path).contains("async");
            assertThat(doc.getString(op + ".responses.'202'.content.'application/json'.schema.'$ref'")).as(path).endsWith("/JobAccepted");
            assertThat(doc.getString(op + ".responses.'202'.headers.Location")).as(path).isNotNull();
            assertThat(doc.getString(op + ".responses.'422'.description")).as(path).contains("ROUTER_WOULD_DROP").contains("NO_SERVICE_REQUEST");
        }
        assertThat(doc.getMap("components.schemas.ProcessRequest.properties")).containsKeys("force", "verify");
        assertThat(doc.getMap("components.schemas.DirectRequest.properties")).containsKeys("force", "verify");
        assertThat(doc.getMap("components.schemas.UploadForm.properties")).containsKeys("force", "verify");
        assertThat(doc.getMap("components.schemas.RelayResponse.properties")).containsKey("jobId");
        assertThat(doc.getMap("components.schemas.RouterError.properties")).containsKey("jobId");
    }

    static JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
            String state = job.getString("state");
            if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
                return job;
            }
            assertThat(System.nanoTime()).as("job " + id + " still " + state).isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private List<String> events(String id) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs/" + id + "/events"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            List<String> data = new ArrayList<>();
            try {
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("data:")) {
                        data.add(line.substring(5).trim());
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return data;
        }).get(60, TimeUnit.SECONDS);
    }
}
