package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
class OpenApiDocumentTest {

    private static JsonPath spec() {
        return given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void documentInfoServersAndTags() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("info.title", equalTo("DICOM Gateway API"))
                .body("info.version", notNullValue())
                .body("info.description", containsString("\"code\""))
                .body("servers[0].url", equalTo("/"))
                .body("servers[1].url", equalTo("http://localhost:5000"))
                .body("tags.find { it.name == 'dicom' }.description", notNullValue());
    }

    @Test
    void imageIdHasAnOperationIdAndItsSuccessSchema() {
        JsonPath spec = spec();
        String op = "paths.'/api/dicom/imageid/{acsn}'.get";
        org.assertj.core.api.Assertions.assertThat(spec.getString(op + ".operationId")).isEqualTo("getImagingStudyId");
        org.assertj.core.api.Assertions.assertThat(spec.getString(op + ".responses.'200'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/ImageIdResult");
        org.assertj.core.api.Assertions.assertThat(spec.getMap("components.schemas.ImageIdResult.properties"))
                .containsKeys("status", "imagingStudy_id", "patient_reference");
        org.assertj.core.api.Assertions.assertThat(spec.getString(op + ".parameters[0].name")).isEqualTo("acsn");
        org.assertj.core.api.Assertions.assertThat(spec.getInt(op + ".parameters[0].schema.maxLength")).isEqualTo(16);
        // Without an explicit type a generated client takes the ACSN as Object; numeric-looking, it must stay a string.
        org.assertj.core.api.Assertions.assertThat(spec.getString(op + ".parameters[0].schema.type")).isEqualTo("string");
        org.assertj.core.api.Assertions.assertThat(spec.<Object>get(op + ".parameters[0].example")).isEqualTo("202512300001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"400", "404", "502", "503"})
    void everyImageIdErrorUsesTheOneErrorSchemaWithAnExample(String status) {
        JsonPath spec = spec();
        String content = "paths.'/api/dicom/imageid/{acsn}'.get.responses.'" + status + "'.content.'application/json'";
        org.assertj.core.api.Assertions.assertThat(spec.getString(content + ".schema.'$ref'")).isEqualTo("#/components/schemas/Error");
        org.assertj.core.api.Assertions.assertThat(spec.getMap(content + ".examples")).isNotEmpty();
    }

    @Test
    void theErrorSchemaListsTheStableCodes() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .body("components.schemas.Error.properties", hasKey("code"))
                .body("components.schemas.ErrorCode.enum", org.hamcrest.Matchers.hasItems(
                        "IMAGING_STUDY_NOT_FOUND", "SATUSEHAT_AUTH_FAILED", "SATUSEHAT_UNAVAILABLE", "SATUSEHAT_NOT_CONFIGURED"));
    }

    @Test
    void healthIsDocumentedForGeneratedClients() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .body("paths", hasKey("/q/health/ready"))
                .body("paths", hasKey("/q/health/live"));
    }

    @Test
    void swaggerUiIsAtDocsAndApiDocsRedirectsThere() {
        given().when().get("/docs/").then().statusCode(200).body(containsString("swagger"));
        given().redirects().follow(false).when().get("/api/docs").then()
                .statusCode(302).header("Location", equalTo("/docs/"));
        given().when().get("/api/docs").then().statusCode(200).body(containsString("swagger"));
    }
}
