package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.testing.DemoProfile;
import id.dicomgateway.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Demo mode with nothing configured but the receiver's port: the sample study goes through the real
 * upload path to the embedded receiver, which records it as received; PACS endpoints say what to
 * set; readiness is honest about what is not configured.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DemoModeApiIT {

    @Test
    void theSampleStudyIsSyntheticWithAnEmptyAccessionNumber() throws Exception {
        byte[] zip = given().when().get("/api/demo/sample.zip").then().statusCode(200)
                .contentType("application/zip").header("Content-Disposition", containsString("sample-study.zip"))
                .extract().asByteArray();
        assertThat(zip.length).isBetween(50_000, 1_000_000);
        Path dir = Files.createTempDirectory("demo-sample");
        Set<String> studies = new HashSet<>();
        Set<String> series = new HashSet<>();
        int files = 0;
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                Path f = dir.resolve("f" + files++ + ".dcm");
                Files.copy(in, f);
                DicomFiles.scan(f); // whole and storable, by our own reader
                Map<Integer, String> v = DicomFiles.topLevelText(f, Tag.ACCESSION_NUMBER, Tag.PATIENT_ID, Tag.STUDY_INSTANCE_UID,
                        Tag.SERIES_INSTANCE_UID);
                assertThat(v).containsEntry(Tag.ACCESSION_NUMBER, "").containsEntry(Tag.PATIENT_ID, "SAMPLE-0001");
                studies.add(v.get(Tag.STUDY_INSTANCE_UID));
                series.add(v.get(Tag.SERIES_INSTANCE_UID));
            }
        }
        assertThat(files).isEqualTo(10);
        assertThat(studies).hasSize(1);
        assertThat(series).hasSize(3);
        // and by an independent one
        assertThat(Pydicom.idsAndAccessions(dir)).hasSize(10).containsOnly("SAMPLE-0001|");
    }

    @Test
    void pacsEndpointsAnswer503NamingTheVariablesToSet() {
        String study = "{\"study\":\"1.2.840.113619.2.55.3\",\"patientid\":\"P1\",\"acc\":\"A1\"}";
        given().contentType(ContentType.JSON).body(study).when().post("/api/dicom/process").then().statusCode(503)
                .body("code", equalTo("PACS_NOT_CONFIGURED")).body("message", containsString("DCM4CHEE_URL"))
                .body("message", containsString("PACS_DICOMWEB_URL"));
        given().contentType(ContentType.JSON).body(study).when().post("/api/dicom/direct-dcm?async=true").then().statusCode(503)
                .body("code", equalTo("PACS_NOT_CONFIGURED"));
        given().when().get("/api/dicom/download/1.2.840.113619.2.55.3").then().statusCode(503)
                .body("code", equalTo("PACS_NOT_CONFIGURED")).body("status", equalTo("error"));
    }

    @Test
    void readinessShowsThePacsAsNotConfiguredAndSatusehatChecksAsSkipped() {
        Management.given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'pacs' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'pacs' }.data.configured", equalTo(false))
                .body("checks.find { it.name == 'pacs' }.data.note", containsString("DCM4CHEE_URL"))
                .body("checks.find { it.name == 'satusehat' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'satusehat' }.data.configured", equalTo(false))
                .body("checks.find { it.name == 'satusehat' }.data.checks", containsString("skipped"));
    }

    @Test
    void theRouterCheckIsTheEmbeddedReceiverAndItIsUp() {
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'router' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'router' }.data.receiver", containsString("embedded"));
        // the probe's C-ECHO is counted, not listed among the studies
        given().when().get("/api/demo/router").then().statusCode(200)
                .body("enabled", equalTo(true)).body("receiver.listening", equalTo(true))
                .body("verifications", greaterThan(0));
    }

    @Test
    void theSampleUploadedWithNewValuesArrivesWithThemAtTheReceiver() throws Exception {
        byte[] zip = given().when().get("/api/demo/sample.zip").then().statusCode(200).extract().asByteArray();
        // As shipped (empty AccessionNumber) the router would drop it: refused before sending.
        given().multiPart("file", "sample.zip", zip, "application/zip").multiPart("patientid", "P-DEMO-42")
                .when().post("/api/dicom/upload").then().statusCode(422).body("code", equalTo("ROUTER_WOULD_DROP"));

        given().multiPart("file", "sample.zip", zip, "application/zip").multiPart("patientid", "P-DEMO-42")
                .multiPart("acc", "ACC-DEMO-42")
                .when().post("/api/dicom/upload").then().statusCode(200).body("status", equalTo("success")).body("sent", equalTo(10));

        JsonPath record = given().when().get("/api/demo/router?limit=5").then().statusCode(200).extract().jsonPath();
        assertThat(record.getString("associations[0].callingAeTitle")).isEqualTo("DICOMGW");
        assertThat(record.getString("associations[0].calledAeTitle")).isEqualTo(record.getString("receiver.aeTitle"));
        assertThat(record.getString("associations[0].state")).isEqualTo("RELEASED");
        assertThat(record.getInt("associations[0].instances")).isEqualTo(10);
        assertThat(record.getList("associations[0].studies")).hasSize(1);
        assertThat(record.getList("associations[0].studies[0].patientIds")).containsExactly("P-DEMO-42");
        assertThat(record.getList("associations[0].studies[0].accessionNumbers")).containsExactly("ACC-DEMO-42");
        List<String> series = record.getList("associations[0].studies[0].instances.seriesInstanceUid");
        assertThat(series).hasSize(10);
        assertThat(new HashSet<>(series)).hasSize(3);
        // The files it kept, read by pydicom: the values the gateway wrote, not the sample's own.
        Path kept = Path.of(record.getString("receiver.storeDir")).resolve(record.getString("associations[0].id"));
        assertThat(Pydicom.idsAndAccessions(kept)).hasSize(10).containsOnly("P-DEMO-42|ACC-DEMO-42");
    }

    @Test
    void theRecordLimitIsBounded() {
        given().when().get("/api/demo/router?limit=0").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().when().get("/api/demo/router?limit=51").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"));
        given().when().get("/api/demo/router?limit=all").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("limit must be a whole number from 1 to 50, not \"all\""));
    }
}
