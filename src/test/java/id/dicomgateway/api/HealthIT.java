package id.dicomgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.PacsWireMock.InjectPacs;
import id.dicomgateway.testing.PacsWireMock;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Readiness against a real router (DCMTK storescp answering C-ECHO) and a PACS stand-in
 * (WireMock answering the DICOMweb search the probe sends). Results are cached for 2 s here.
 */
@QuarkusTest
@WithTestResource(RouterResource.class)
@WithTestResource(PacsWireMock.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class HealthIT {

    @InjectPacs
    WireMockServer pacs;

    @Test
    void livenessIsUp() {
        Management.given().when().get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItems("alive"));
    }

    @Test
    void readyWhenThePacsAnswersAndTheRouterEchoesThenDownWhenThePacsFails() throws InterruptedException {
        PacsWireMock.healthy(pacs);
        Thread.sleep(2100); // whatever an earlier probe cached has expired
        Management.given().when().get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'pacs' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'router' }.status", equalTo("UP"));

        // Probes within the cache time reuse the result. Only "fewer searches than probes" is asserted:
        // on a loaded machine the 2 s may run out between probes (CachedProbeTest pins the exact rule).
        pacs.resetRequests();
        for (int i = 0; i < 5; i++) {
            Management.given().when().get("/q/health/ready").then().statusCode(200);
        }
        assertThat(pacs.countRequestsMatching(getRequestedFor(urlPathEqualTo("/dicom-web/studies")).build()).getCount()).isLessThan(5);

        pacs.stubFor(get(urlPathEqualTo("/dicom-web/studies")).atPriority(1).willReturn(aResponse().withStatus(503)));
        pacs.resetRequests();
        Thread.sleep(2100);
        Management.given().when().get("/q/health/ready").then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks.find { it.name == 'pacs' }.status", equalTo("DOWN"))
                .body("checks.find { it.name == 'router' }.status", equalTo("UP"));
        assertThat(pacs.countRequestsMatching(getRequestedFor(urlPathEqualTo("/dicom-web/studies")).build()).getCount()).isGreaterThanOrEqualTo(1);
    }
}
