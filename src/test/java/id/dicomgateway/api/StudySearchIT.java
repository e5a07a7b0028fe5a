package id.dicomgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.dicomgateway.satusehat.SatusehatWireMock.SYSTEM;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.testing.LogCapture;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The study search against a real PACS: Orthanc loaded with 32 generated studies (six patients,
 * five modalities, dates over two months, ACSNs with a few left empty). Every search the gateway
 * answers must equal Orthanc's own QIDO-RS answer to the same query; paging must cover every study
 * once; bad parameters are 400s naming the parameter. Then the per-study status against SATUSEHAT
 * (WireMock): verdicts, the cache by ACSN and the gateway's last job.
 */
@QuarkusTest
@WithTestResource(OrthancResource.Own.class) // its searches count every study: an Orthanc of its own
@WithTestResource(SatusehatWireMock.class)
// Never sends (the one process it makes is refused before the router) nor confirms: the router and FastConfirmation are
// there so that this class shares SatusehatChecksIT's application (issue 22 step 5).
@WithTestResource(RouterResource.class)
@WithTestResource(FastConfirmation.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class StudySearchIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int STUDIES = 32;
    private static final String TOKEN = "token-search";
    /** uid -> ACSN of the generated studies, in generation order (k = 0 … 31). */
    private static final Map<String, String> GENERATED = new LinkedHashMap<>();

    @InjectSatusehat
    WireMockServer satusehat;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void loadOnce() throws Exception {
        SatusehatWireMock.reset(satusehat, TOKEN, "14399");
        synchronized (GENERATED) {
            if (!GENERATED.isEmpty()) {
                return;
            }
            Path dir = Files.createTempDirectory("search-studies-");
            Process gen = new ProcessBuilder("/usr/bin/python3", script().toString(), OrthancResource.corpus().toString(),
                    dir.toString(), String.valueOf(STUDIES)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(gen.waitFor()).as("make_studies.py").isZero();
            for (String line : out.strip().split("\n")) {
                String[] cols = line.split("\t", -1);
                GENERATED.put(cols[0], cols[1]);
            }
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.sorted().toList()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthanc() + "/instances"))
                            .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as("Orthanc stores " + f).isEqualTo(200);
                    Files.delete(f);
                }
            }
            Files.delete(dir);
        }
    }

    @Test
    void everySearchEqualsOrthancsOwnAnswer() throws Exception {
        List<Map<String, String>> queries = List.of(
                Map.of(),
                Map.of("PatientID", "P00000000001"),
                Map.of("PatientName", "SANTOS*"),
                Map.of("PatientName", "santoso^budi"),
                Map.of("PatientName", "WULANDARI?SITI"),
                Map.of("AccessionNumber", "ACC001*"),
                Map.of("AccessionNumber", "ACC0007"),
                Map.of("StudyDate", "20261101-20261115"),
                Map.of("StudyDate", "20261201-"),
                Map.of("StudyDate", "-20261110"),
                Map.of("StudyDate", "20261108"),
                Map.of("ModalitiesInStudy", "CT"),
                Map.of("ModalitiesInStudy", "CT,MR"),
                Map.of("StudyDescription", "THORAX*"),
                Map.of("PatientName", "SANTOS*", "ModalitiesInStudy", "CR,CT,DX", "StudyDate", "20261101-20261130"),
                Map.of("PatientID", "MRN-0004", "StudyDescription", "*KONTRAS*"));
        Set<Integer> sizes = new HashSet<>();
        for (Map<String, String> query : queries) {
            List<Map<String, Object>> expected = orthancStudies(query, "&limit=200");
            JsonPath page = searchOk(query, Map.of("limit", "200"));
            List<Map<String, Object>> got = page.getList("studies");
            assertThat(got).as("search " + query).hasSize(expected.size());
            for (int i = 0; i < got.size(); i++) {
                assertThat(shown(got.get(i))).as("study " + i + " of " + query).isEqualTo(expected.get(i));
            }
            assertThat(page.getInt("total")).as("total of " + query).isEqualTo(expected.size());
            assertThat(page.getBoolean("more")).isFalse();
            sizes.add(expected.size());
        }
        // The filters must actually filter: a search that always answered everything would pass the loop above.
        assertThat(sizes).as("result sizes").hasSizeGreaterThan(6);
        List<Map<String, Object>> mine = searchOk(Map.of("PatientID", "P00000000001"), Map.of("limit", "200")).getList("studies");
        List<String> generatedForP1 = new ArrayList<>(GENERATED.keySet()).stream().filter(uid -> indexOf(uid) % 6 == 0).toList();
        assertThat(mine.stream().map(s -> (String) s.get("studyInstanceUid")).toList()).containsExactlyInAnyOrderElementsOf(generatedForP1);
    }

    @Test
    void pagingCoversEveryStudyOnce() throws Exception {
        Set<String> all = new HashSet<>();
        orthancStudies(Map.of(), "&limit=1000").forEach(s -> all.add((String) s.get("studyInstanceUid")));
        assertThat(all).hasSizeGreaterThanOrEqualTo(STUDIES);
        List<String> seen = new ArrayList<>();
        int offset = 0;
        int pages = 0;
        while (true) {
            JsonPath page = searchOk(Map.of(), Map.of("limit", "7", "offset", String.valueOf(offset)));
            List<String> uids = page.getList("studies.studyInstanceUid");
            seen.addAll(uids);
            pages++;
            assertThat(page.getInt("offset")).isEqualTo(offset);
            if (!page.getBoolean("more")) {
                assertThat(page.getInt("total")).as("the last page knows the total").isEqualTo(all.size());
                break;
            }
            assertThat(uids).hasSize(7);
            assertThat(pages).as("pages").isLessThan(100);
            offset += 7;
        }
        assertThat(seen).as("every study once").doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(all);

        JsonPath filtered = searchOk(Map.of("PatientName", "SANTOS*"), Map.of("limit", "5", "offset", "5"));
        assertThat(filtered.getList("studies.studyInstanceUid")).isEqualTo(
                orthancStudies(Map.of("PatientName", "SANTOS*"), "&limit=5&offset=5").stream().map(s -> s.get("studyInstanceUid")).toList());
    }

    @Test
    void badParametersAre400sNamingTheParameter() {
        Map<String, String[]> bad = new LinkedHashMap<>();
        bad.put("StudyDate=20261131", new String[] {"StudyDate", "calendar date"});
        bad.put("StudyDate=20261130-20261101", new String[] {"StudyDate", "ends before"});
        bad.put("StudyDate=2026-11-01", new String[] {"StudyDate"});
        bad.put("StudyDate=-", new String[] {"StudyDate"});
        bad.put("limit=0", new String[] {"limit"});
        bad.put("limit=abc", new String[] {"limit"});
        bad.put("limit=201", new String[] {"limit"});
        bad.put("offset=-1", new String[] {"offset"});
        bad.put("PatientID=A%5CB", new String[] {"PatientID", "backslash"});
        bad.put("AccessionNumber=ACC45678901234567", new String[] {"AccessionNumber", "16"});
        bad.put("PatientName=A%01B", new String[] {"PatientName", "control"});
        bad.put("ModalitiesInStudy=C-T", new String[] {"ModalitiesInStudy"});
        bad.put("ModalitiesInStudy=CT,", new String[] {"ModalitiesInStudy"});
        bad.put("StudyInstanceUID=1.02.3", new String[] {"StudyInstanceUID"});
        bad.put("patientid=P1", new String[] {"patientid", "PatientID"});
        bad.put("includefield=all", new String[] {"includefield"});
        bad.put("PatientID=A&PatientID=B", new String[] {"PatientID", "once"});
        bad.forEach((query, words) -> {
            JsonPath error = given().urlEncodingEnabled(false).when().get("/api/pacs/studies?" + query)
                    .then().statusCode(400).contentType(ContentType.JSON).extract().jsonPath();
            assertThat(error.getString("code")).as(query).isEqualTo("INVALID_REQUEST");
            assertThat(error.getString("message")).as(query).contains(words);
        });
    }

    @Test
    void statusTellsOrderImagingStudyAndLastJob() throws Exception {
        List<String> uids = new ArrayList<>(GENERATED.keySet());
        // ACC0001: an order, no ImagingStudy. ACC0002 (2 instances): an ImagingStudy of 2. ACC0003 (3): one of 1.
        order("ACC0001");
        order("ACC0002");
        imagingStudy("ACC0002", 2);
        order("ACC0003");
        imagingStudy("ACC0003", 1);
        satusehat.stubFor(search("ServiceRequest", TOKEN).atPriority(2)
                .withQueryParam("identifier", equalTo(SYSTEM + "|ACC0005")).willReturn(fhir(503, "{}")));

        JsonPath ready = status(uids.get(0), null);
        assertThat(ready.getString("verdict")).isEqualTo("READY");
        assertThat(ready.getString("serviceRequest.state")).isEqualTo("FOUND");
        assertThat(ready.getString("serviceRequest.id")).isEqualTo("sr-ACC0001");
        assertThat(ready.getString("imagingStudy.state")).isEqualTo("NONE");
        assertThat(ready.getInt("pacsInstances")).isEqualTo(1);
        assertThat(ready.getString("checkedAt")).isNotNull();

        JsonPath sent = status(uids.get(1), null);
        assertThat(sent.getString("verdict")).isEqualTo("SENT");
        assertThat(sent.getInt("imagingStudy.numberOfInstances")).isEqualTo(2);
        assertThat(sent.getInt("pacsInstances")).isEqualTo(2);

        JsonPath partial = status(uids.get(2), null);
        assertThat(partial.getString("verdict")).isEqualTo("PARTIAL");
        assertThat(partial.getInt("pacsInstances")).isEqualTo(3);
        assertThat(partial.getInt("imagingStudy.numberOfInstances")).isEqualTo(1);

        assertThat(status(uids.get(3), null).getString("verdict")).isEqualTo("NO_ORDER");
        JsonPath unknown = status(uids.get(4), null);
        assertThat(unknown.getString("verdict")).isEqualTo("UNKNOWN");
        assertThat(unknown.getString("serviceRequest.state")).isEqualTo("FAILED");
        assertThat(unknown.getString("serviceRequest.code")).isEqualTo("SATUSEHAT_UNAVAILABLE");

        // The row's ACSN edited to ACC0001: that order is found, and SATUSEHAT was asked once for ACC0001 in all.
        JsonPath edited = status(uids.get(3), "ACC0001");
        assertThat(edited.getString("accessionNumber")).isEqualTo("ACC0001");
        assertThat(edited.getString("verdict")).isEqualTo("READY");
        status(uids.get(0), null);
        satusehat.verify(1, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ServiceRequest"))
                .withQueryParam("identifier", equalTo(SYSTEM + "|ACC0001")));
        satusehat.verify(1, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy"))
                .withQueryParam("identifier", equalTo(SYSTEM + "|ACC0001")));
        // A failure is not cached: asked again.
        status(uids.get(4), null);
        satusehat.verify(2, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ServiceRequest"))
                .withQueryParam("identifier", equalTo(SYSTEM + "|ACC0005")));

        // k = 10 has no ACSN: nothing to look up, and a process without 'acc' fails ROUTER_WOULD_DROP: its last job says so.
        String noAcsn = uids.get(10);
        assertThat(GENERATED.get(noAcsn)).isEmpty();
        JsonPath before = status(noAcsn, null);
        assertThat(before.getString("verdict")).isEqualTo("NO_ACCESSION");
        assertThat(before.getString("lastJob")).isNull();
        given().contentType(ContentType.JSON).body("{\"study\":\"" + noAcsn + "\"}").when().post("/api/dicom/process")
                .then().statusCode(422);
        // The job history is read at most every 2 s for all rows: the new job shows within that.
        JsonPath after = status(noAcsn, null);
        for (int i = 0; i < 50 && after.getString("lastJob.state") == null; i++) {
            Thread.sleep(100);
            after = status(noAcsn, null);
        }
        assertThat(after.getString("lastJob.state")).isEqualTo("FAILED");
        assertThat(after.getString("lastJob.errorCode")).isEqualTo("ROUTER_WOULD_DROP");
        assertThat(after.getString("lastJob.kind")).isEqualTo("PROCESS");

        given().when().get("/api/pacs/studies/1.2.3.999/status").then().statusCode(404).body("code", org.hamcrest.Matchers.equalTo("STUDY_NOT_FOUND"));
        given().when().get("/api/pacs/studies/1.02/status").then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_UID"));
        given().queryParam("AccessionNumber", "ACC45678901234567").when().get("/api/pacs/studies/" + uids.get(0) + "/status")
                .then().statusCode(400).body("code", org.hamcrest.Matchers.equalTo("INVALID_VALUE"));
    }

    @Test
    void patientNamesAreNeverLogged() {
        try (LogCapture log = LogCapture.install()) {
            List<String> names = searchOk(Map.of("PatientName", "WULANDARI*"), Map.of()).getList("studies.patientName");
            assertThat(names).isNotEmpty().allSatisfy(n -> assertThat(n).isEqualTo("WULANDARI^SITI"));
            status(new ArrayList<>(GENERATED.keySet()).get(20), null); // an ACSN no other test looks up: answers are cached
            given().when().get("/api/pacs/studies?PatientName=WULANDARI*&StudyDate=20269999").then().statusCode(400);
            assertThat(log.lines()).isNotEmpty().noneMatch(l -> l.toUpperCase().contains("WULANDARI"));
        }
    }

    // ---- helpers --------------------------------------------------------------------------

    private static int indexOf(String uid) {
        return new ArrayList<>(GENERATED.keySet()).indexOf(uid);
    }

    private void order(String acsn) {
        satusehat.stubFor(search("ServiceRequest", TOKEN).atPriority(3).withQueryParam("identifier", equalTo(SYSTEM + "|" + acsn))
                .willReturn(fhir(200, """
                        {"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"resource":{"resourceType":"ServiceRequest",
                        "id":"sr-%s","status":"active","subject":{"reference":"Patient/P00000000001"}}}]}""".formatted(acsn))));
    }

    private void imagingStudy(String acsn, int instances) {
        satusehat.stubFor(search("ImagingStudy", TOKEN).atPriority(3).withQueryParam("identifier", equalTo(SYSTEM + "|" + acsn))
                .willReturn(fhir(200, """
                        {"resourceType":"Bundle","type":"searchset","total":1,"entry":[{"resource":{"resourceType":"ImagingStudy",
                        "id":"is-%s","numberOfInstances":%d,"subject":{"reference":"Patient/P00000000001"}}}]}""".formatted(acsn, instances))));
    }

    private static JsonPath status(String uid, String acsn) {
        var request = given();
        if (acsn != null) {
            request = request.queryParam("AccessionNumber", acsn);
        }
        return request.when().get("/api/pacs/studies/" + uid + "/status").then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath searchOk(Map<String, String> query, Map<String, String> paging) {
        var request = given();
        for (var e : query.entrySet()) {
            request = request.queryParam(e.getKey(), e.getValue());
        }
        for (var e : paging.entrySet()) {
            request = request.queryParam(e.getKey(), e.getValue());
        }
        return request.when().get("/api/pacs/studies").then().statusCode(200).contentType(ContentType.JSON).extract().jsonPath();
    }

    /** A gateway study with the fields Orthanc's answer is read into, absent ones as null. */
    private static Map<String, Object> shown(Map<String, Object> s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String key : List.of("studyInstanceUid", "studyDate", "studyTime", "patientId", "patientName", "accessionNumber",
                "modalitiesInStudy", "studyDescription", "numberOfSeries", "numberOfInstances")) {
            m.put(key, s.get(key));
        }
        return m;
    }

    /** Orthanc's own QIDO-RS answer to the query, read independently of the gateway's parser. */
    private List<Map<String, Object>> orthancStudies(Map<String, String> query, String paging) throws IOException, InterruptedException {
        StringBuilder url = new StringBuilder(orthanc() + "/dicom-web/studies?includefield=00081030,00080061,00201206,00201208");
        query.forEach((k, v) -> url.append('&').append(k).append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8).replace("%2C", ",")));
        url.append(paging);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url.toString())).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(url.toString()).isEqualTo(200);
        List<Map<String, Object>> studies = new ArrayList<>();
        for (JsonNode s : JSON.readTree(r.body())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("studyInstanceUid", text(s, "0020000D"));
            m.put("studyDate", text(s, "00080020"));
            m.put("studyTime", text(s, "00080030"));
            m.put("patientId", text(s, "00100020"));
            JsonNode name = s.path("00100010").path("Value").path(0).path("Alphabetic");
            m.put("patientName", name.isMissingNode() ? null : name.asText());
            m.put("accessionNumber", text(s, "00080050"));
            List<String> modalities = new ArrayList<>();
            s.path("00080061").path("Value").forEach(v -> modalities.add(v.asText()));
            m.put("modalitiesInStudy", modalities);
            m.put("studyDescription", text(s, "00081030"));
            m.put("numberOfSeries", number(s, "00201206"));
            m.put("numberOfInstances", number(s, "00201208"));
            studies.add(m);
        }
        return studies;
    }

    private static String text(JsonNode s, String tag) {
        JsonNode v = s.path(tag).path("Value").path(0);
        return v.isMissingNode() || v.isNull() || v.asText().isBlank() ? null : v.asText();
    }

    private static Integer number(JsonNode s, String tag) {
        JsonNode v = s.path(tag).path("Value").path(0);
        return v.isMissingNode() || v.isNull() ? null : Integer.valueOf(v.asText().strip());
    }

    private static String orthanc() {
        return ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
    }

    private static Path script() {
        return Path.of("src/test/resources/search/make_studies.py").toAbsolutePath();
    }
}
