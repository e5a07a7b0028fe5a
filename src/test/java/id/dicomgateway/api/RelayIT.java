package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import id.dicomgateway.testing.TempAreas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** process and direct-dcm against a real PACS (Orthanc) and a real router (storescp). */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class RelayIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    static void assertTempAreaEmpty() throws Exception {
        TempAreas.assertNoRequestDirectoryLeft();
    }

    @Test
    void processSendsAllElevenInstancesInOneAssociationWithTheEdits() throws Exception {
        int before = Router.associations();
        given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-0042\",\"acc\":\"ACC123456\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("study", equalTo(STUDY))
                .body("instances", equalTo(11))
                .body("sent", equalTo(11))
                .body("failures.size()", equalTo(0));
        Router.awaitEnded(before + 1);
        assertThat(Router.associations() - before).as("associations for one study").isEqualTo(1);
        assertThat(Router.files()).hasSize(11);
        assertThat(Pydicom.idsAndAccessions(Router.received())).hasSize(11).containsOnly("PID-0042|ACC123456");
        assertThat(Pydicom.studyUids(Router.received())).containsOnly(STUDY);
        assertTempAreaEmpty();
    }

    @Test
    void processTakesTheOldSpellingAccesionnum() throws Exception {
        int before = Router.associations();
        given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"accesionnum\":\"OLDSPELL1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(200).body("sent", equalTo(11));
        Router.awaitEnded(before + 1);
        // PatientID not given: left as the PACS has it.
        assertThat(Pydicom.idsAndAccessions(Router.received())).hasSize(11).allMatch(s -> s.endsWith("|OLDSPELL1")).noneMatch(s -> s.startsWith("|"));
        assertTempAreaEmpty();
    }

    @Test
    void directRelaysAllElevenInstancesUnchangedInOneAssociation() throws Exception {
        int before = Router.associations();
        given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\"}")
                .when().post("/api/dicom/direct-dcm")
                .then().statusCode(200).body("status", equalTo("success")).body("sent", equalTo(11));
        Router.awaitEnded(before + 1);
        assertThat(Router.associations() - before).isEqualTo(1);
        assertThat(Router.files()).hasSize(11);
        Path originals = OrthancResource.corpus().resolve("study-mr3");
        assertThat(Pydicom.idsAndAccessions(Router.received())).containsExactlyInAnyOrderElementsOf(Pydicom.idsAndAccessions(originals));
        assertTempAreaEmpty();
    }

    @Test
    void anUnknownStudyIs404AndNothingIsSent() throws Exception {
        int before = Router.associations();
        given().contentType(ContentType.JSON).body("{\"study\":\"1.2.3.4.5.6.7.8.9.10\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(404).body("code", equalTo("STUDY_NOT_FOUND"));
        assertThat(Router.associations()).isEqualTo(before);
        assertTempAreaEmpty();
    }

    @Test
    void metricsCountStudiesInstancesAndBytes() {
        given().contentType(ContentType.JSON).body("{\"study\":\"" + STUDY + "\"}")
                .when().post("/api/dicom/direct-dcm").then().statusCode(200);
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics)
                .containsPattern("gateway_studies_total\\{[^}]*operation=\"direct-dcm\"[^}]*outcome=\"success\"[^}]*\\} [1-9]")
                .containsPattern("gateway_instances_sent_total\\{[^}]*operation=\"direct-dcm\"[^}]*\\} [1-9]")
                .containsPattern("gateway_bytes_sent_bytes_total\\{[^}]*operation=\"direct-dcm\"[^}]*\\} [1-9]")
                .containsPattern("gateway_request_duration_seconds_count\\{[^}]*operation=\"direct-dcm\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
    }

    @Test
    void theOpenApiDocumentDescribesEveryRelayOperationAndItsErrors() {
        String doc = given().when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        assertThat(doc).contains("\"processStudy\"", "\"relayStudy\"", "\"uploadDicom\"", "\"downloadStudy\"", "\"purgeTemp\"")
                .contains("\"RouterError\"", "\"RelayResponse\"", "\"UploadResponse\"", "\"UploadForm\"", "\"TempResponse\"")
                .contains("INVALID_UID", "STUDY_NOT_FOUND", "ROUTER_REJECTED", "TRUNCATED_DICOM", "TOO_LARGE");
    }
}
