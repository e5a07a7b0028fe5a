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

    /** Once any value but "true" meant false: ?async=yes waited for the whole send without a word. */
    @Test
    void anAsyncThatIsNeitherTrueNorFalseIsA400BeforeAnythingIsHeld() throws Exception {
        given().contentType(ContentType.JSON).body("{\"study\":\"" + TestCorpus.STUDY_MR3 + "\",\"acc\":\"A1\"}")
                .when().post("/api/dicom/process?async=yes")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("async must be true or false, not \"yes\""));
        given().contentType(ContentType.JSON).body("{\"study\":\"" + TestCorpus.STUDY_MR3 + "\"}")
                .when().post("/api/dicom/direct-dcm?async=1")
                .then().statusCode(400).body("message", equalTo("async must be true or false, not \"1\""));
        given().multiPart("file", "a.dcm", new byte[] {1, 2, 3}).multiPart("acc", "A1")
                .when().post("/api/dicom/upload?async=on")
                .then().statusCode(400).body("message", equalTo("async must be true or false, not \"on\""));
        // The form's own flags are read by the same rule: the words true and false, nothing else.
        given().multiPart("file", "a.dcm", new byte[] {1, 2, 3}).multiPart("acc", "A1").multiPart("force", "yes")
                .when().post("/api/dicom/upload")
                .then().statusCode(400).body("code", equalTo("INVALID_VALUE"))
                .body("message", equalTo("Form field 'force' must be true or false"));
        assertThat(router.received).as("instances that reached the router").isEmpty();
        TempAreas.assertNoRequestDirectoryLeft();
    }
}
