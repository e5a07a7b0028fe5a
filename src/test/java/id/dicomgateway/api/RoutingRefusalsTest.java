package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * The refusals JAX-RS makes before any resource runs say what was asked and what is taken, in the error body every
 * other refusal has: once "Unable to find matching target resource method", "HTTP 405 Method Not Allowed" and "The
 * content-type header value did not match the value in @Consumes".
 */
@QuarkusTest
class RoutingRefusalsTest {

    @Test
    void anUnknownPathNamesItselfAndTheList() {
        given().get("/api/jbos").then().statusCode(404).body("code", equalTo("NOT_FOUND"))
                .body("message", equalTo("No endpoint GET \"/api/jbos\": the API's endpoints are listed at /docs"));
    }

    @Test
    void aMethodThePathDoesNotTakeSaysWhichItTakes() {
        given().put("/api/jobs").then().statusCode(405).body("code", equalTo("METHOD_NOT_ALLOWED"))
                .body("message", equalTo("The path of PUT \"/api/jobs\" takes other methods: /docs lists them"));
    }

    @Test
    void aBodyOfAnotherTypeSaysWhatCame() {
        given().contentType("text/plain").body("{}").post("/api/dicom/process").then().statusCode(415)
                .body("code", equalTo("UNSUPPORTED_MEDIA_TYPE"))
                .body("message", startsWith("POST \"/api/dicom/process\" does not take Content-Type \"text/plain"));
    }
}
