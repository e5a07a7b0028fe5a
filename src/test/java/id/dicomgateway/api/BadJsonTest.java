package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.TempAreas;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

/**
 * A JSON body of the wrong shape is answered with where the mistake is, what was expected and what came: never
 * Jackson's own words, which named Java types ("Cannot deserialize value of type `id.dicomgateway.api.send.ProcessRequest`
 * from Array value (token `JsonToken.START_ARRAY`)"). A PACS is configured (one that does not answer), so the body is read.
 */
@QuarkusTest
@TestProfile(NoPacsProfile.class)
class BadJsonTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.1";

    @Test
    void theWrongKindOfValueIsNamedWithItsPlace() throws Exception {
        refused("/api/dicom/process", "[]", "The request body must be a JSON object, not a list");
        refused("/api/dicom/process", "{\"study\": 123}", "'study' must be a JSON string, not a number");
        refused("/api/dicom/process", "{\"study\": \"" + STUDY + "\", \"force\": \"yes\"}", "'force' must be true or false, not \"yes\"");
        refused("/api/dicom/direct-dcm", "{\"study\": [\"" + STUDY + "\"]}", "'study' must be a JSON string, not a list");
        // Jackson alone read 3 as true and 0 as false: a number is a mistake, not a choice.
        refused("/api/dicom/process", "{\"study\": \"" + STUDY + "\", \"verify\": 3}", "'verify' must be true or false, not a number");
        refused("/api/dicom/direct-dcm", "{\"study\": \"" + STUDY + "\", \"force\": 0}", "'force' must be true or false, not a number");
        refused("/api/dicom/direct-dcm", "{\"study\": \"" + STUDY + "\", \"verify\": {}}", "'verify' must be true or false, not an object");
        refused("/api/batches", "{\"study\": \"" + STUDY + "\"}", "The request body must be a JSON list, not an object");
        refused("/api/batches", "[{\"study\": \"" + STUDY + "\"}, 7]", "'[1]' must be a JSON object, not a number");
        TempAreas.assertNoRequestDirectoryLeft();
    }

    /** The words true and false, in any case, are taken as the upload form takes them: the body is read and the PACS asked. */
    @Test
    void flagsGivenAsTheWordsTrueOrFalseAreRead() throws Exception {
        given().contentType(ContentType.JSON).body("{\"study\": \"" + STUDY + "\", \"force\": \"TRUE\", \"verify\": \" false \"}")
                .post("/api/dicom/process").then().statusCode(org.hamcrest.Matchers.not(400))
                .body("code", equalTo("PACS_UNREACHABLE"));
        TempAreas.assertNoRequestDirectoryLeft();
    }

    @Test
    void brokenJsonSaysWhere() {
        String message = given().contentType(ContentType.JSON).body("{\"study\": \"" + STUDY + "\",").post("/api/dicom/process")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST")).extract().path("message");
        assertThat(message).startsWith("Request body is not valid JSON (line 1, column ").doesNotContain("`", "Source", "id.dicomgateway");
    }

    private static void refused(String path, String body, String message) {
        given().contentType(ContentType.JSON).body(body).post(path).then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST"))
                .body("message", equalTo(message));
    }
}
