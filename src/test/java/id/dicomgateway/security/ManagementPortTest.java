package id.dicomgateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 row 6: metrics and health are not served on the public port, signed in or not, on any
 * spelling; they are on the management interface (port 9000 in production, random here).
 */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class ManagementPortTest {

    @Test
    void metricsAndHealthAreNotOnThePublicPort() throws Exception {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/health/live", "/q/health/started",
                "//q/metrics", "/%71/health/ready"}) {
            RawHttp.Answer a = RawHttp.send("GET", path, null);
            assertThat(a.status()).as("GET %s on the public port: %s", path, a.body()).isEqualTo(404);
            assertThat(a.body()).as(path).doesNotContain("# TYPE", "\"checks\"");
        }
        given().header("Authorization", "Bearer " + EdgeProfile.ADMIN_KEY).when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void metricsAndHealthAreOnTheManagementPort() {
        assertThat(Management.uri().getPort()).isPositive().isNotEqualTo(RestAssured.port);
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).contains("# TYPE");
        Management.given().when().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        Management.given().when().get("/q/health/ready").then().statusCode(anyOf(equalTo(200), equalTo(503)));
    }

    @Test
    void theDashboardsHealthStripIsOnThePublicPortWithNamesAndStatesOnly() {
        // The browser at the dashboard cannot reach port 9000: its strip reads /ui/health, behind sign-in.
        given().when().get("/ui/health").then().statusCode(401);
        String body = given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).when().get("/ui/health")
                .then().statusCode(200).extract().asString();
        List<String> names = given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).when().get("/ui/health")
                .then().statusCode(200).extract().jsonPath().getList("checks.name");
        assertThat(names).contains("pacs", "router", "satusehat");
        // Readiness on the management port carries the router's address and the probes' error text; the strip does not.
        String ready = Management.given().when().get("/q/health/ready").then().extract().asString();
        assertThat(ready).contains("destination");
        assertThat(body).doesNotContain("destination", "error", "checkedAt", "127.0.0.1", "localhost");
        assertThat(body).containsPattern("\\{\"name\":\"router\",\"up\":(true|false),\"configured\":true}");
    }
}
