package id.dicomgateway.api;

import static id.dicomgateway.satusehat.SatusehatWireMock.SYSTEM;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.fixture;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Issue 6 through the API, with SATUSEHAT (WireMock) configured, Orthanc as the PACS and storescp
 * as the router: the ServiceRequest check before sending and the ImagingStudy confirmation after.
 */
@QuarkusTest
@WithTestResource(OrthancResource.Own.class) // with StudySearchIT, one application
@WithTestResource(RouterResource.class)
// WithTestResource: SATUSEHAT configured for this class only, not for every test of the module
@WithTestResource(SatusehatWireMock.class)
@WithTestResource(FastConfirmation.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class SatusehatChecksIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    @InjectSatusehat
    WireMockServer satusehat;

    private String token;

    @BeforeEach
    void reset() throws Exception {
        Router.clear();
        token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    @Test
    void noServiceRequestIs422AndNothingIsSent() throws Exception {
        int before = Router.associations();
        JsonPath error = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-NOORDER\",\"acc\":\"NOORDER1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(422).body("status", equalTo("error")).body("code", equalTo("NO_SERVICE_REQUEST"))
                .body("message", containsString("NOORDER1")).body("message", containsString("force"))
                .extract().jsonPath();
        assertThat(error.getString("message")).contains("Nothing was sent");
        assertThat(Router.associations()).isEqualTo(before);
        assertThat(Router.files()).as("what storescp received").isEmpty();
        RelayIT.assertTempAreaEmpty();

        JsonPath job = given().get("/api/jobs?limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("[0].accessionNumber")).isEqualTo("NOORDER1");
        assertThat(job.getString("[0].state")).isEqualTo("FAILED");
        assertThat(job.getString("[0].errorCode")).isEqualTo("NO_SERVICE_REQUEST");
        assertThat(job.getInt("[0].storedInstances")).isZero();
        assertThat(job.getString("[0].checks.find { it.name == 'satusehat.serviceRequest' }.status")).isEqualTo("FAILED");
    }

    @Test
    void forceSendsAnywayAndTheJobSaysSo() throws Exception {
        int before = Router.associations();
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-FORCE\",\"acc\":\"NOORDER2\",\"force\":true,\"verify\":false}")
                .when().post("/api/dicom/process")
                .then().statusCode(200).body("sent", equalTo(11)).extract().path("jobId");
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(11);
        JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("checks.find { it.name == 'satusehat.serviceRequest' }.status")).isEqualTo("FAILED");
        assertThat(job.getString("checks.find { it.name == 'satusehat.serviceRequest' }.detail")).contains("sent anyway (force)");
        assertThat(job.getString("checks.find { it.name == 'satusehat.imagingStudy' }.status")).isEqualTo("SKIPPED");
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void uploadIsCheckedBeforeAnyStudyIsSentAndForceIsAFormField() throws Exception {
        int before = Router.associations();
        Path corpus = OrthancResource.corpus();
        given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("acc", "NOORDER3")
                .when().post("/api/dicom/upload")
                .then().statusCode(422).body("code", equalTo("NO_SERVICE_REQUEST"));
        assertThat(Router.associations()).isEqualTo(before);
        assertThat(Router.files()).isEmpty();
        RelayIT.assertTempAreaEmpty();

        given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("acc", "NOORDER3").multiPart("force", "true").multiPart("verify", "false")
                .when().post("/api/dicom/upload")
                .then().statusCode(200).body("sent", equalTo(1));
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(1);
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void aStudyWithItsServiceRequestIsSentAndConfirmedByTheImagingStudy() throws Exception {
        List<String> sops = studySopInstanceUids();
        String imagingStudyId = UUID.randomUUID().toString();
        satusehat.stubFor(search("ImagingStudy", token).atPriority(1)
                .withQueryParam("identifier", WireMock.equalTo(SYSTEM + "|" + SatusehatWireMock.ACSN))
                .willReturn(fhir(200, SatusehatWireMock.imagingStudyBundle(imagingStudyId, sops))));
        int before = Router.associations();
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"P00284578000\",\"acc\":\"" + SatusehatWireMock.ACSN + "\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(200).body("sent", equalTo(11)).extract().path("jobId");
        Router.awaitEnded(before + 1);

        JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("state")).isEqualTo("SUCCEEDED");
        assertThat(job.getString("checks.find { it.name == 'satusehat.serviceRequest' }.status")).isEqualTo("PASSED");
        // The ServiceRequest's patient is on the job, so a mismatch with the PatientID is visible.
        assertThat(job.getString("checks.find { it.name == 'satusehat.serviceRequest' }.detail")).contains(SatusehatWireMock.PATIENT_REFERENCE);

        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status;
        do {
            Thread.sleep(100);
            job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
            status = job.getString("checks.find { it.name == 'satusehat.imagingStudy' }.status");
            assertThat(System.nanoTime()).as("confirmation still " + status).isLessThan(deadline);
        } while ("PENDING".equals(status));
        assertThat(status).isEqualTo("PASSED");
        assertThat(job.getString("checks.find { it.name == 'satusehat.imagingStudy' }.detail")).startsWith("confirmed").contains(imagingStudyId);
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void directDcmIsCheckedWithTheAccessionNumberTheStudyCarries() throws Exception {
        // study-mr3 carries AccessionNumber "2", which has no ServiceRequest.
        given().contentType(ContentType.JSON).body("{\"study\":\"" + STUDY + "\"}")
                .when().post("/api/dicom/direct-dcm")
                .then().statusCode(422).body("code", equalTo("NO_SERVICE_REQUEST")).body("message", containsString("Accession Number 2"));
        assertThat(Router.files()).isEmpty();
        RelayIT.assertTempAreaEmpty();
    }

    private static List<String> studySopInstanceUids() throws Exception {
        List<String> uids = new ArrayList<>();
        try (Stream<Path> files = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            for (Path f : files.sorted().toList()) {
                uids.add(DicomFiles.scan(f).sopInstanceUid());
            }
        }
        return uids;
    }

    /** The shared example search result, made to list exactly {@code instances}. */
}
