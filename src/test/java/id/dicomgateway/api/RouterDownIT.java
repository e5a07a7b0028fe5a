package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;

import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.StoreScpProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The router is not there: 500 ROUTER_FAILED in the RouterError shape, saying what was (not) stored; temp area clean. */
@QuarkusTest
@TestProfile(RouterDownIT.RouterDown.class)
@WithTestResource(OrthancResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class RouterDownIT {

    public static final class RouterDown implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                return Map.of("gateway.router.port", Integer.toString(StoreScpProcess.freePort()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void processWithNoRouterIsRouterFailedAndListsEveryInstance() throws Exception {
        String id = given().contentType(ContentType.JSON).body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\",\"acc\":\"A1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(500)
                .body("status", equalTo("error"))
                .body("code", equalTo("ROUTER_FAILED"))
                .body("message", containsString("stored 0 of 11"))
                .body("studies[0].study", equalTo(OrthancResource.STUDY_MR3))
                .body("studies[0].sent", equalTo(0))
                .body("studies[0].stored.size()", equalTo(0))
                .body("studies[0].failures.size()", equalTo(11))
                .body("studies[0].failures[0].cause", equalTo("CONNECT_FAILED"))
                .extract().path("jobId");
        // The error names its job, and the job tells the same story.
        assertThat(id).isNotNull();
        given().get("/api/jobs/" + id).then().statusCode(200)
                .body("state", equalTo("FAILED"))
                .body("errorCode", equalTo("ROUTER_FAILED"))
                .body("totalInstances", equalTo(11))
                .body("storedInstances", equalTo(0))
                .body("failedInstances", equalTo(11))
                .body("failures.size()", equalTo(11))
                .body("failures[0].cause", equalTo("CONNECT_FAILED"));
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void metricsCountTheFailureByCode() {
        given().contentType(ContentType.JSON).body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\"}")
                .when().post("/api/dicom/direct-dcm").then().statusCode(500).body("code", equalTo("ROUTER_FAILED"));
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("gateway_failures_total\\{[^}]*code=\"ROUTER_FAILED\"[^}]*operation=\"direct-dcm\"[^}]*\\} [1-9]");
    }
}
