package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
    void healthIsNotAnOperationOfTheApi() {
        // Served on the management port only (issue 23 item 5): a generated client of the API could not reach it.
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .body("paths", org.hamcrest.Matchers.not(hasKey("/q/health/ready")))
                .body("paths", org.hamcrest.Matchers.not(hasKey("/q/health/live")));
    }

    @Test
    void swaggerUiIsAtDocsAndApiDocsRedirectsThere() {
        given().when().get("/docs/").then().statusCode(200).body(containsString("swagger"));
        given().redirects().follow(false).when().get("/api/docs").then()
                .statusCode(302).header("Location", equalTo("/docs/"));
        given().when().get("/api/docs").then().statusCode(200).body(containsString("swagger"));
    }

    /**
     * The resources read limit and offset from their text (QueryParams, a 400 in words), so the Java type is String; a
     * generated client must still be told they are whole numbers, with the bounds the 400 names.
     */
    @Test
    void everyLimitAndOffsetIsAWholeNumberWithItsBounds() {
        JsonPath spec = spec();
        Map<String, Map<String, Object>> paths = spec.getMap("paths");
        List<String> seen = new ArrayList<>();
        paths.forEach((path, operations) -> operations.forEach((method, operation) -> {
            if (!(operation instanceof Map<?, ?> op) || !(op.get("parameters") instanceof List<?> parameters)) {
                return;
            }
            for (Object p : parameters) {
                Map<?, ?> parameter = (Map<?, ?>) p;
                if (!List.of("limit", "offset").contains(parameter.get("name"))) {
                    continue;
                }
                String where = method.toUpperCase(Locale.ROOT) + " " + path + " " + parameter.get("name");
                @SuppressWarnings("unchecked")
                Map<String, Object> schema = (Map<String, Object>) parameter.get("schema");
                org.assertj.core.api.Assertions.assertThat(schema.get("type")).as(where).isEqualTo("integer");
                org.assertj.core.api.Assertions.assertThat(schema).as(where).containsKeys("minimum", "maximum", "default");
                seen.add(where);
            }
        }));
        org.assertj.core.api.Assertions.assertThat(seen).contains("GET /api/jobs limit", "GET /api/audit limit", "GET /api/batches limit",
                "GET /api/orders limit", "GET /api/orders offset", "GET /api/pacs/studies limit", "GET /api/pacs/studies offset");
    }

    /** Shared responses and examples are components, referred to by name: every reference must land on one. */
    @Test
    void everyReferenceResolvesAndSharedResponsesAreDefinedOnce() {
        JsonPath spec = spec();
        List<String> refs = new ArrayList<>();
        collectRefs(spec.get(""), refs);
        org.assertj.core.api.Assertions.assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            org.assertj.core.api.Assertions.assertThat(ref).startsWith("#/components/");
            String[] parts = ref.substring("#/components/".length()).split("/");
            org.assertj.core.api.Assertions.assertThat(spec.getMap("components." + parts[0])).as(ref).containsKey(parts[1]);
        }
        // Written once as a component; served inside each operation that names it, with the same text.
        String shared = spec.getString("components.responses.WouldBeDropped.description");
        org.assertj.core.api.Assertions.assertThat(shared).contains("ROUTER_WOULD_DROP");
        for (String path : List.of("/api/dicom/process", "/api/dicom/direct-dcm", "/api/dicom/upload")) {
            String response = "paths.'" + path + "'.post.responses.'422'";
            org.assertj.core.api.Assertions.assertThat(spec.getString(response + ".description")).as(path).isEqualTo(shared);
            org.assertj.core.api.Assertions.assertThat(spec.getString(response + ".content.'application/json'.examples.ROUTER_WOULD_DROP.'$ref'"))
                    .as(path).isEqualTo("#/components/examples/ROUTER_WOULD_DROP");
        }
    }

    /**
     * A generated client reads a body by its schema: every JSON answer of every operation names one. The resources leave
     * the error body to SharedResponses and a success body to its method's return type, so this holds both to it.
     */
    @Test
    void everyJsonAnswerNamesItsSchema() {
        JsonPath spec = spec();
        Map<String, Map<String, Object>> paths = spec.getMap("paths");
        List<String> without = new ArrayList<>();
        int errors = 0;
        for (var path : paths.entrySet()) {
            for (var operation : path.getValue().entrySet()) {
                if (!(operation.getValue() instanceof Map<?, ?> op) || !(op.get("responses") instanceof Map<?, ?> responses)) {
                    continue;
                }
                for (var response : responses.entrySet()) {
                    if (response.getValue() instanceof Map<?, ?> r && r.get("content") instanceof Map<?, ?> content
                            && content.get("application/json") instanceof Map<?, ?> json) {
                        if (json.get("schema") == null) {
                            without.add(operation.getKey() + " " + path.getKey() + " " + response.getKey());
                        } else if (String.valueOf(response.getKey()).matches("[45]\\d\\d")
                                && "#/components/schemas/Error".equals(((Map<?, ?>) json.get("schema")).get("$ref"))) {
                            errors++;
                        }
                    }
                }
            }
        }
        org.assertj.core.api.Assertions.assertThat(without).isEmpty();
        org.assertj.core.api.Assertions.assertThat(errors).as("error answers with the one error body").isGreaterThan(40);
        org.assertj.core.api.Assertions.assertThat(spec.getString("paths.'/api/jobs/{id}'.get.responses.'404'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Error");
        org.assertj.core.api.Assertions.assertThat(spec.getString("paths.'/api/jobs/{id}'.get.responses.'200'.content.'application/json'.schema.'$ref'"))
                .isEqualTo("#/components/schemas/Job");
    }

    /** Tag names become class names in generated clients: one tag per operation, no two spelled alike but for case. */
    @Test
    void oneTagPerOperationInOneSpelling() {
        JsonPath spec = spec();
        Map<String, Map<String, Object>> paths = spec.getMap("paths");
        Set<String> methods = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");
        Set<String> seen = new HashSet<>();
        Set<String> lower = new HashSet<>();
        paths.forEach((path, item) -> item.forEach((method, operation) -> {
            if (!methods.contains(method)) {
                return; // path-level parameters, summary
            }
            @SuppressWarnings("unchecked")
            List<String> tags = (List<String>) ((Map<String, Object>) operation).get("tags");
            org.assertj.core.api.Assertions.assertThat(tags).as(method + " " + path).hasSize(1);
            if (seen.add(tags.get(0))) {
                org.assertj.core.api.Assertions.assertThat(lower.add(tags.get(0).toLowerCase(Locale.ROOT))).as(tags.get(0)).isTrue();
            }
        }));
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("$ref".equals(k) && v instanceof String ref) {
                    refs.add(ref);
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> collectRefs(item, refs));
        }
    }
}
