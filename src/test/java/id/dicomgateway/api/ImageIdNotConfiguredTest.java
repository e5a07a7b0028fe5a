package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** No SATUSEHAT_* settings at all (no test resource here): the gateway still runs and says what is missing. */
@QuarkusTest
class ImageIdNotConfiguredTest {

    @Test
    void imageIdIs503NamingTheMissingSettings() {
        given().when().get("/api/dicom/imageid/{acsn}", "202512300001")
                .then().statusCode(503)
                .body("status", equalTo("error"))
                .body("code", equalTo("SATUSEHAT_NOT_CONFIGURED"))
                .body("message", containsString("SATUSEHAT_URL"))
                .body("message", containsString("SATUSEHAT_CLIENT_SECRET"));
    }

    @Test
    void badInputIsStill400() {
        given().when().get("/api/dicom/imageid/{acsn}", "12345678901234567")
                .then().statusCode(400)
                .body("code", equalTo("INVALID_VALUE"));
    }
}
