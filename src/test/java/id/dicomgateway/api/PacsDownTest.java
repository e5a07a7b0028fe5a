package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.StoreScpProcess;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The PACS is not there: 500 PACS_UNREACHABLE on every PACS-backed endpoint, nothing sent, temp area clean. */
@QuarkusTest
@TestProfile(PacsDownTest.PacsDown.class)
class PacsDownTest {

    public static final class PacsDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                String url = "http://127.0.0.1:" + StoreScpProcess.freePort();
                return Map.of("gateway.pacs.dicomweb-url", url + "/dicom-web", "gateway.pacs.wado-uri-url", url + "/wado");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void everyPacsBackedEndpointSaysThePacsIsUnreachable() throws Exception {
        int before = Router.associations();
        given().contentType(ContentType.JSON).body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\",\"acc\":\"A1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(500).body("status", equalTo("error")).body("code", equalTo("PACS_UNREACHABLE"))
                .body("message", containsString("could not be reached"));
        given().contentType(ContentType.JSON).body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\"}")
                .when().post("/api/dicom/direct-dcm")
                .then().statusCode(500).body("code", equalTo("PACS_UNREACHABLE"));
        given().when().get("/api/dicom/download/" + OrthancResource.STUDY_MR3)
                .then().statusCode(500).body("code", equalTo("PACS_UNREACHABLE"));
        assertThat(Router.associations()).isEqualTo(before);
        RelayIT.assertTempAreaEmpty();
    }
}
