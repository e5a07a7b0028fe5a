package id.dicomgateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Walks the OpenAPI document and fails on any operation that names no role: a new endpoint
 * without {@code @RolesAllowed} shows here (and is refused to everyone by
 * quarkus.security.jaxrs.deny-unannotated-endpoints). Health probes and the router webhook, which
 * has its own Basic auth, are the exceptions, by name.
 */
@QuarkusTest
class OpenApiRolesTest {
    /** Paths that are open on purpose: the kubelet's probes, and the router's webhook (its own Basic auth). */
    static final Set<String> OPEN_BY_NAME = Set.of("/q/health", "/q/health/live", "/q/health/ready", "/q/health/started",
            "/q/health/group", "/q/health/group/{group}", "/q/health/well", "/api/router/webhook");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    static JsonNode document() throws Exception {
        String json = given().accept("application/json").when().get("/q/openapi?format=json").then().statusCode(200).extract().asString();
        return new ObjectMapper().readTree(json);
    }

    @Test
    void everyOperationNamesARoleAndTheBearerScheme() throws Exception {
        JsonNode doc = document();
        assertThat(doc.at("/components/securitySchemes/bearer/type").asText()).isEqualTo("http");
        assertThat(doc.at("/components/securitySchemes/bearer/scheme").asText()).isEqualTo("bearer");
        List<String> withoutRole = new ArrayList<>();
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            if (OPEN_BY_NAME.contains(path.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                if (!METHODS.contains(op.getKey())) {
                    continue;
                }
                checked++;
                List<String> roles = new ArrayList<>();
                for (JsonNode requirement : op.getValue().path("security")) {
                    requirement.path("bearer").forEach(r -> roles.add(r.asText()));
                }
                if (roles.isEmpty() || !Roles.ALL.containsAll(roles)) {
                    withoutRole.add(op.getKey().toUpperCase() + " " + path.getKey() + " " + roles);
                }
            }
        }
        assertThat(checked).as("operations walked").isGreaterThan(5);
        assertThat(withoutRole).as("operations without one of the roles " + Roles.ALL).isEmpty();
    }

    @Test
    void theRolesAreTheOnesTheIssueGives() throws Exception {
        JsonNode paths = document().path("paths");
        assertThat(paths.at("/~1api~1dicom~1process/post/security/0/bearer/0").asText()).isEqualTo(Roles.OPERATOR);
        assertThat(paths.at("/~1api~1dicom~1download~1{uid}/get/security/0/bearer/0").asText()).isEqualTo(Roles.OPERATOR);
        assertThat(paths.at("/~1api~1dicom~1temp/delete/security/0/bearer/0").asText()).isEqualTo(Roles.ADMIN);
        assertThat(paths.at("/~1api~1jobs/get/security/0/bearer/0").asText()).isEqualTo(Roles.VIEWER);
    }
}
