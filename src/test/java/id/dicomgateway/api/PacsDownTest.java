package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import id.dicomgateway.testing.FakeScp;
import id.dicomgateway.testing.TempAreas;
import id.dicomgateway.testing.TestCorpus;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/** The PACS is not there: 500 PACS_UNREACHABLE on every PACS-backed endpoint, nothing sent, temp area clean. */
@QuarkusTest
@TestProfile(NoPacsProfile.class)
class PacsDownTest {

    /** The router: a {@link FakeScp} (JDK only) that records what reaches it (the readiness probe's C-ECHO may). */
    static final FakeScp router = NoPacsProfile.ROUTER;

    @Test
    void everyPacsBackedEndpointSaysThePacsIsUnreachable() throws Exception {
        given().contentType(ContentType.JSON).body("{\"study\":\"" + TestCorpus.STUDY_MR3 + "\",\"acc\":\"A1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(500).body("status", equalTo("error")).body("code", equalTo("PACS_UNREACHABLE"))
                .body("message", containsString("could not be reached"));
        given().contentType(ContentType.JSON).body("{\"study\":\"" + TestCorpus.STUDY_MR3 + "\"}")
                .when().post("/api/dicom/direct-dcm")
                .then().statusCode(500).body("code", equalTo("PACS_UNREACHABLE"));
        given().when().get("/api/dicom/download/" + TestCorpus.STUDY_MR3)
                .then().statusCode(500).body("code", equalTo("PACS_UNREACHABLE"));
        assertThat(router.received).as("instances that reached the router").isEmpty();
        TempAreas.assertNoRequestDirectoryLeft();
    }
}
