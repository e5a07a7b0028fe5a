package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Every operation of the OpenAPI document × every kind of caller → the right answer: 401 without
 * valid credentials (none, a revoked key, an expired token, a token for another audience), 403
 * with too low a role, through with enough; and nothing reaches the router on a refusal. The
 * PACS (Orthanc) and router (storescp) are real, so an allowed process really sends.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(OidcWiremockTestResource.class) // restricted to the class: as a global resource it started with every test application
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class SecurityMatrixIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** A caller: the Authorization header it sends (or none) and the role it has if accepted (null: refused with 401). */
    record Caller(String name, String authorization, String role) {
    }

    record Operation(String method, String template, String role, String body, String contentType, boolean stream) {
        String path() {
            return template.replace("{uid}", STUDY).replace("{id}", UUID.randomUUID().toString()).replace("{acsn}", "ACC20261127001");
        }
    }

    static List<Caller> callers() {
        return List.of(
                new Caller("no credentials", null, null),
                new Caller("viewer key", "Bearer " + SecuredProfile.VIEWER_KEY, Roles.VIEWER),
                new Caller("operator key", "Bearer " + SecuredProfile.OPERATOR_KEY, Roles.OPERATOR),
                new Caller("admin key", "Bearer " + SecuredProfile.ADMIN_KEY, Roles.ADMIN),
                new Caller("viewer token", "Bearer " + Tokens.access("radiographer", Roles.VIEWER), Roles.VIEWER),
                new Caller("operator token", "Bearer " + Tokens.access("ris", Roles.OPERATOR), Roles.OPERATOR),
                new Caller("admin token", "Bearer " + Tokens.access("it-admin", Roles.ADMIN), Roles.ADMIN),
                new Caller("revoked key", "Bearer " + SecuredProfile.REVOKED_KEY, null),
                new Caller("expired token", "Bearer " + Tokens.expired("it-admin", Roles.ADMIN), null),
                new Caller("wrong audience", "Bearer " + Tokens.wrongAudience("it-admin", Roles.ADMIN), null),
                new Caller("token of an unknown group", "Bearer " + Tokens.access("guest", "guest"), ""));
    }

    static List<Operation> operations() throws Exception {
        JsonNode doc = OpenApiRolesTest.document();
        List<Operation> ops = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            if (OpenApiRolesTest.OPEN_BY_NAME.contains(path.getKey())) {
                continue;
            }
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String role = op.getValue().at("/security/0/bearer/0").asText();
                JsonNode content = op.getValue().at("/requestBody/content");
                String contentType = null;
                String body = null;
                if (content.has("application/json")) {
                    contentType = "application/json";
                    body = path.getKey().endsWith("/process")
                            ? "{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-0042\",\"acc\":\"ACC123456\"}"
                            : "{\"study\":\"" + STUDY + "\"}";
                } else if (content.has("multipart/form-data")) {
                    contentType = "multipart/form-data; boundary=matrix";
                    body = "--matrix\r\nContent-Disposition: form-data; name=\"file\"; filename=\"note.txt\"\r\n"
                            + "Content-Type: application/octet-stream\r\n\r\nnot a DICOM file\r\n--matrix--\r\n";
                }
                boolean stream = op.getValue().at("/responses/200/content").has("text/event-stream");
                ops.add(new Operation(op.getKey().toUpperCase(), path.getKey(), role, body, contentType, stream));
            }
        }
        return ops;
    }

    static int call(Operation op, Caller caller) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + op.path()))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", op.stream() ? "text/event-stream" : "application/json, application/dicom, application/zip");
        if (caller.authorization() != null) {
            b.header("Authorization", caller.authorization());
        }
        if (op.body() != null) {
            b.header("Content-Type", op.contentType());
        }
        b.method(op.method(), op.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(op.body(), StandardCharsets.UTF_8));
        HttpResponse<InputStream> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (!op.stream()) {
                in.readAllBytes();
            }
        }
        return response.statusCode();
    }

    @Test
    void everyOperationTimesEveryCaller() throws Exception {
        List<Operation> ops = operations();
        assertThat(ops).extracting(Operation::template).contains("/api/dicom/process", "/api/dicom/direct-dcm", "/api/dicom/upload",
                "/api/dicom/download/{uid}", "/api/dicom/temp", "/api/jobs");
        Map<String, Integer> wrong = new LinkedHashMap<>();
        int refusals = 0;
        int allowed = 0;

        // Refusals first, and the router must not have seen a single association for any of them.
        Router.clear();
        int before = Router.associations();
        for (Operation op : ops) {
            for (Caller c : callers()) {
                boolean enough = c.role() != null && !c.role().isEmpty() && Roles.implied(c.role()).contains(op.role());
                if (enough) {
                    continue;
                }
                int status = call(op, c);
                int expected = c.role() == null ? 401 : 403;
                refusals++;
                if (status != expected) {
                    wrong.put(op.method() + " " + op.template() + " as " + c.name() + " (expected " + expected + ")", status);
                }
            }
        }
        Thread.sleep(300);
        assertThat(Router.associations()).as("associations the router saw for refused requests").isEqualTo(before);
        assertThat(Router.files()).as("instances stored for refused requests").isEmpty();

        for (Operation op : ops) {
            for (Caller c : callers()) {
                boolean enough = c.role() != null && !c.role().isEmpty() && Roles.implied(c.role()).contains(op.role());
                if (!enough) {
                    continue;
                }
                int status = call(op, c);
                allowed++;
                if (status == 401 || status == 403 || status == 429 || status >= 500 && !op.template().contains("imageid")) {
                    wrong.put(op.method() + " " + op.template() + " as " + c.name() + " (expected to pass the checks)", status);
                }
                if (List.of("/api/dicom/process", "/api/dicom/direct-dcm", "/api/jobs", "/api/dicom/temp", "/api/dicom/download/{uid}")
                        .contains(op.template()) && status != 200) {
                    wrong.put(op.method() + " " + op.template() + " as " + c.name() + " (expected 200)", status);
                }
            }
        }
        assertThat(wrong).as("operations answering the wrong status").isEmpty();
        assertThat(refusals).isGreaterThan(40);
        assertThat(allowed).isGreaterThan(20);
        assertThat(Router.files()).as("allowed process and direct-dcm calls reached the router").isNotEmpty();
    }

    @Test
    void aRefusalSaysWhatToDoInTheErrorShape() {
        RestAssured.given().accept("application/json").when().get("/api/jobs").then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"dicom-gateway\"")
                .body("status", org.hamcrest.Matchers.equalTo("error"))
                .body("code", org.hamcrest.Matchers.equalTo("UNAUTHENTICATED"));
        RestAssured.given().header("Authorization", "Bearer " + SecuredProfile.VIEWER_KEY).when().delete("/api/dicom/temp")
                .then().statusCode(403).body("code", org.hamcrest.Matchers.equalTo("FORBIDDEN"))
                .body("message", org.hamcrest.Matchers.containsString("key:pacs-viewer"));
    }

    @Test
    void theDashboardSendsABrowserWithoutASessionToTheSignInPage() {
        RestAssured.given().redirects().follow(false).accept("text/html").when().get("/").then().statusCode(302)
                .header("Location", LoginResource.PATH);
        RestAssured.given().accept("text/html").when().get(LoginResource.PATH).then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("j_security_check"))
                .body(org.hamcrest.Matchers.containsString(LoginResource.OIDC_PATH));
        RestAssured.given().header("Authorization", "Bearer " + SecuredProfile.VIEWER_KEY).accept("text/html").when().get("/")
                .then().statusCode(200);
    }
}
