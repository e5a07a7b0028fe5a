package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Batches through the API with Orthanc (30 generated studies) as the PACS and storescp as the
 * router: a batch of 30 rows gives 30 released associations carrying each row's values; a CSV
 * with one bad row is refused whole and queues nothing; the preview names every refused row.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class BatchIT {
    private static final Pattern RELEASED = Pattern.compile("(?m)^I: Association Release");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aBatchOfThirtyRowsIsThirtyReleasedAssociationsWithTheRowsValues() throws Exception {
        List<String> studies = load(30);
        Router.clear();
        int releasedBefore = released();
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; i < studies.size(); i++) {
            json.append(i == 0 ? "" : ",").append("{\"study\":\"").append(studies.get(i)).append("\",\"operation\":\"process\",")
                    .append("\"acc\":\"BATCH").append(String.format("%02d", i)).append("\",\"patientid\":\"PB").append(String.format("%02d", i)).append("\"}");
        }
        json.append("]");
        JsonPath accepted = given().contentType(ContentType.JSON).body(json.toString()).when().post("/api/batches")
                .then().statusCode(202).extract().jsonPath();
        String id = accepted.getString("id");
        assertThat(accepted.getInt("total")).isEqualTo(30);
        JsonPath done = awaitDone(id);
        assertThat(done.getInt("counts.SUCCEEDED")).as(done.prettify()).isEqualTo(30);
        assertThat(done.getList("failures")).isEmpty();
        assertThat(released() - releasedBefore).as("released associations at the router").isEqualTo(30);
        assertThat(given().get("/api/batches?limit=1").then().statusCode(200).extract().jsonPath().getString("[0].id"))
                .as("the newest batch first").isEqualTo(id);

        Map<String, String[]> received = dump(Router.received());
        Map<String, Integer> perStudy = new HashMap<>();
        for (String[] values : received.values()) {
            int row = studies.indexOf(values[0]);
            assertThat(row).as("a study of the batch: " + values[0]).isNotNegative();
            assertThat(values[1]).isEqualTo(String.format("BATCH%02d", row));
            assertThat(values[2]).isEqualTo(String.format("PB%02d", row));
            perStudy.merge(values[0], 1, Integer::sum);
        }
        assertThat(perStudy).as("every study reached the router").hasSize(30);
        // make_studies.py gives study k 1 + k % 3 instances
        perStudy.forEach((study, n) -> assertThat(n).as(study).isEqualTo(1 + index(study) % 3));
    }

    @Test
    void aCsvWithOneBadRowIsRefusedWholeAndQueuesNothing() throws Exception {
        List<String> studies = load(4);
        int before = Router.associations();
        String csv = "\uFEFFstudy,acc,patientid\r\n" + studies.get(0) + ",OK1,P1\r\n" + studies.get(1) + ",\"ACC-TOO-LONG-FOR-SH\",P2\r\n"
                + studies.get(2) + ",OK3,P3\r\n";
        JsonPath error = given().contentType("text/csv").body(csv.getBytes(StandardCharsets.UTF_8)).when().post("/api/batches")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST")).extract().jsonPath();
        assertThat(error.getString("message")).contains("Row 2", "'acc'", "nothing was queued");
        assertThat(error.getList("rows")).hasSize(1);
        assertThat(error.getInt("rows[0].row")).isEqualTo(2);
        assertThat(error.getString("rows[0].field")).isEqualTo("acc");
        assertThat(error.getString("rows[0].code")).isEqualTo("INVALID_VALUE");
        Thread.sleep(300);
        assertThat(Router.associations()).as("nothing sent").isEqualTo(before);

        // The preview: every row read, the first ones, and every refused one (here two: a bad UID, a repeated study).
        String bad = "study,acc,patientid\n" + studies.get(0) + ",A1,P1\n1.02.3,A2,P2\n" + studies.get(0) + ",A3,P3\n" + studies.get(3) + ",,\n";
        JsonPath preview = given().contentType("text/csv").body(bad).when().post("/api/batches/validate").then().statusCode(200).extract().jsonPath();
        assertThat(preview.getInt("rows")).isEqualTo(4);
        assertThat(preview.getList("first")).hasSize(4);
        assertThat(preview.getString("first[0].acc")).isEqualTo("A1");
        assertThat(preview.getList("refused.row")).containsExactly(2, 3);
        assertThat(preview.getList("refused.code")).containsExactly("INVALID_UID", "INVALID_REQUEST");
        assertThat(Router.associations()).isEqualTo(before);
    }

    @Test
    void badBatchBodiesAre400s() {
        given().contentType("text/csv").body("acc,patientid\nA,B\n").post("/api/batches").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("'study' column"));
        given().contentType("text/csv").body("study,color\n1.2.3,red\n").post("/api/batches").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("unknown column"));
        given().contentType("text/csv").body(new byte[] {'s', 't', 'u', 'd', 'y', '\n', (byte) 0xC3, '(', '\n'}).post("/api/batches")
                .then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("UTF-8"));
        given().contentType("text/csv").body("study\n\"1.2.3\n").post("/api/batches").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("quoted"));
        given().contentType(ContentType.JSON).body("[]").post("/api/batches").then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("no rows"));
        given().contentType(ContentType.JSON).body("[{\"study\":\"1.2.3\",\"operation\":\"delete\"}]").post("/api/batches").then().statusCode(400)
                .body("rows[0].field", equalTo("operation"));
        given().contentType(ContentType.JSON).body("[{\"study\":\"1.2.3\",\"operation\":\"direct\",\"acc\":\"A\"}]").post("/api/batches").then().statusCode(400)
                .body("rows[0].field", equalTo("acc"));
        given().contentType(ContentType.JSON).body("[{\"study\":123}]").post("/api/batches").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        StringBuilder many = new StringBuilder("study\n");
        for (int i = 0; i <= 10_000; i++) {
            many.append("1.2.").append(i).append('\n');
        }
        given().contentType("text/csv").body(many.toString()).post("/api/batches").then().statusCode(400)
                .body("message", org.hamcrest.Matchers.containsString("at most 10000"));
        given().get("/api/batches/nope").then().statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
        given().get("/api/batches?limit=0").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().get("/api/batches?limit=x").then().statusCode(400).body("message", org.hamcrest.Matchers.containsString("1 to 50"));
    }

    @Test
    void failedRowsCarryTheirCodeAndCanBeRetriedAndABatchCanBeCancelled() throws Exception {
        List<String> studies = load(12);
        // Row 2 names a study the PACS does not have: it fails with STUDY_NOT_FOUND, the others succeed.
        String json = "[{\"study\":\"" + studies.get(0) + "\",\"acc\":\"R1\",\"patientid\":\"P1\"},"
                + "{\"study\":\"1.2.3.4.5.6.7.8.9\",\"acc\":\"R2\",\"patientid\":\"P2\"},"
                + "{\"study\":\"" + studies.get(1) + "\",\"operation\":\"direct\"}]";
        String id = given().contentType(ContentType.JSON).body(json).post("/api/batches").then().statusCode(202)
                .header("Location", org.hamcrest.Matchers.containsString("/api/batches/")).extract().jsonPath().getString("id");
        JsonPath done = awaitDone(id);
        assertThat(done.getString("state")).isEqualTo("DONE");
        assertThat(done.getInt("counts.SUCCEEDED")).isEqualTo(2);
        assertThat(done.getInt("counts.FAILED")).as(done.prettify()).isEqualTo(1);
        assertThat(done.getList("failures.row")).containsExactly(2);
        assertThat(done.getString("failures.find { it.row == 2 }.code")).isEqualTo("STUDY_NOT_FOUND");
        JsonPath retried = given().post("/api/batches/" + id + "/retry").then().statusCode(200).extract().jsonPath();
        assertThat(retried.getInt("counts.FAILED") + retried.getInt("counts.QUEUED") + retried.getInt("counts.RUNNING")).isEqualTo(1);
        assertThat(retried.getInt("counts.SUCCEEDED")).as("succeeded rows are not sent again").isEqualTo(2);
        assertThat(awaitDone(id).getString("failures.find { it.row == 2 }.code")).isEqualTo("STUDY_NOT_FOUND");

        // Cancelled at once: rows still queued never start; a row sending is stopped, its association
        // aborted, so the router files nothing of it: only the rows that succeeded were released.
        int before = released();
        StringBuilder rows = new StringBuilder("[");
        for (int i = 2; i < 12; i++) {
            rows.append(i == 2 ? "" : ",").append("{\"study\":\"").append(studies.get(i)).append("\",\"acc\":\"C").append(i).append("\",\"patientid\":\"P\"}");
        }
        String cancelled = given().contentType(ContentType.JSON).body(rows.append("]").toString()).post("/api/batches").then().statusCode(202)
                .extract().jsonPath().getString("id");
        given().post("/api/batches/" + cancelled + "/cancel").then().statusCode(200);
        JsonPath end = awaitDone(cancelled);
        assertThat(end.getString("state")).isEqualTo("CANCELLED");
        assertThat(end.getInt("counts.CANCELLED")).as("rows not ended when the cancel came").isPositive();
        assertThat(end.getInt("counts.CANCELLED") + end.getInt("counts.SUCCEEDED")).isEqualTo(10);
        Thread.sleep(300);
        // Rows not started when the cancel came never reach the router. A row sending then is stopped
        // and its association aborted; one whose release had begun is not cancelled (the router files
        // it) and ends SUCCEEDED: the released studies are exactly the succeeded rows.
        assertThat(released() - before).as("released studies: the succeeded rows").isEqualTo(end.getInt("counts.SUCCEEDED"));
        given().post("/api/batches/nope/cancel").then().statusCode(404);
    }

    @Test
    void searchAndBatchesAreInTheOpenApiDocument() {
        JsonPath spec = given().queryParam("format", "json").get("/q/openapi").then().statusCode(200).extract().jsonPath();
        assertThat(spec.getList("paths.'/api/pacs/studies'.get.parameters.name")).contains("PatientID", "PatientName", "AccessionNumber",
                "StudyDate", "ModalitiesInStudy", "StudyDescription", "limit", "offset");
        assertThat(spec.getString("paths.'/api/pacs/studies'.get.operationId")).isEqualTo("searchStudies");
        assertThat(spec.getString("paths.'/api/pacs/studies/{uid}/status'.get.operationId")).isEqualTo("getStudyStatus");
        assertThat(spec.getMap("paths.'/api/batches'.post.requestBody.content")).containsKeys("application/json", "text/csv");
        assertThat(spec.getMap("paths.'/api/batches/{id}'.get.responses")).containsKeys("200", "404");
        assertThat(spec.getString("paths.'/api/batches'.get.operationId")).isEqualTo("listBatches");
        assertThat(spec.getMap("paths.'/api/batches/{id}/cancel'.post.responses")).containsKey("200");
        assertThat(spec.getMap("paths.'/api/batches/{id}/retry'.post.responses")).containsKey("200");
        assertThat(spec.getMap("components.schemas.StudyStatus.properties")).containsKeys("verdict", "serviceRequest", "imagingStudy", "lastJob");
    }

    // ---- helpers ----------------------------------------------------------------------------

    private static final List<String> LOADED = new ArrayList<>();

    private static int index(String study) {
        return LOADED.indexOf(study);
    }

    /** Generates and stores {@code n} studies in Orthanc; answers their UIDs in generation order. */
    private static synchronized List<String> load(int n) throws Exception {
        Path dir = Files.createTempDirectory("batch-studies-");
        Process gen = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/resources/search/make_studies.py").toAbsolutePath().toString(),
                OrthancResource.corpus().toString(), dir.toString(), String.valueOf(n), String.valueOf(System.nanoTime() % 1000))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gen.waitFor()).isZero();
        List<String> uids = out.strip().lines().map(l -> l.split("\t", -1)[0]).toList();
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(orthanc + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                Files.delete(f);
            }
        }
        Files.delete(dir);
        LOADED.clear();
        LOADED.addAll(uids);
        return uids;
    }

    private static JsonPath awaitDone(String id) throws InterruptedException {
        long deadline = System.nanoTime() + 180_000_000_000L;
        while (true) {
            JsonPath batch = given().get("/api/batches/" + id).then().statusCode(200).extract().jsonPath();
            if (!batch.getString("state").equals("RUNNING")) {
                return batch;
            }
            assertThat(System.nanoTime()).as("batch done in 180 s: " + batch.prettify()).isLessThan(deadline);
            Thread.sleep(250);
        }
    }

    /**
     * Released associations that stored something: the router probe (ReceiverSyntaxes, at start and
     * when a pair is first met) proposes contexts only and is released with no C-STORE.
     */
    private static int released() throws Exception {
        String log = Files.readString(Path.of(ConfigProvider.getConfig().getValue("test.router.log", String.class)), StandardCharsets.ISO_8859_1);
        int n = 0;
        int stores = 0;
        for (String line : log.split("\n")) {
            if (line.startsWith("I: Association Received")) {
                stores = 0;
            } else if (line.contains("Received Store Request")) {
                stores++;
            } else if (RELEASED.matcher(line).find() && stores > 0) {
                n++;
            }
        }
        return n;
    }

    /** file -> {StudyInstanceUID, AccessionNumber, PatientID}, read by pydicom, an independent reader. */
    private static Map<String, String[]> dump(Path dir) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import os, sys, pydicom
                d = sys.argv[1]
                for f in sorted(os.listdir(d)):
                    ds = pydicom.dcmread(os.path.join(d, f))
                    print(f + "\\t" + ds.StudyInstanceUID + "\\t" + str(ds.AccessionNumber) + "\\t" + str(ds.PatientID))
                """, dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        Map<String, String[]> files = new HashMap<>();
        out.lines().forEach(l -> {
            String[] c = l.split("\t", -1);
            files.put(c[0], new String[] {c[1], c[2], c[3]});
        });
        return files;
    }
}
