package id.dicomgateway.faults;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.satusehat.SatusehatWireMock;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * imageid under SATUSEHAT faults: 401 on the token, 5xx, and no answer within the read timeout.
 * Each gives 502 and its code, and the next request is served. Shares the gateway of {@link FetchQuotaTest}: imageid
 * never writes to the temporary area whose quota that test runs out of.
 */
@QuarkusTest
@TestProfile(FaultProfile.SmallTempQuota.class)
class ImageIdFaultTest {
    private static final AtomicInteger TOKENS = new AtomicInteger();

    @SatusehatWireMock.InjectSatusehat
    WireMockServer satusehat;

    /** A fresh token per test: whatever the gateway cached before is then refused with 401, as SATUSEHAT does. */
    private void healthy() {
        SatusehatWireMock.reset(satusehat, "token-fault-" + TOKENS.incrementAndGet(), "14399");
    }

    @Test
    void credentialsRefused() {
        healthy();
        satusehat.stubFor(SatusehatWireMock.tokenRequest().atPriority(1)
                .willReturn(SatusehatWireMock.json(401, "{\"error\":\"invalid_client\"}")));
        fails(502, "SATUSEHAT_AUTH_FAILED");
        assertNextRequestServed();
    }

    @Test
    void searchAnswers503() {
        healthy();
        satusehat.stubFor(SatusehatWireMock.search("ImagingStudy", "token-fault-" + TOKENS.get()).atPriority(1)
                .willReturn(aResponse().withStatus(503).withBody("upstream down")));
        fails(502, "SATUSEHAT_UNAVAILABLE");
        assertNextRequestServed();
    }

    @Test
    void searchTakesLongerThanTheReadTimeout() {
        healthy();
        satusehat.stubFor(SatusehatWireMock.search("ImagingStudy", "token-fault-" + TOKENS.get()).atPriority(1)
                .willReturn(SatusehatWireMock.fhir(200, SatusehatWireMock.fixture("imagingstudy-search-found.json")).withFixedDelay(15_000)));
        long start = System.nanoTime();
        fails(502, "SATUSEHAT_UNAVAILABLE");
        assertThat((System.nanoTime() - start) / 1_000_000).as("bounded by satusehat.read-timeout").isLessThan(10_000);
        assertNextRequestServed();
    }

    private static void fails(int status, String code) {
        given().when().get("/api/dicom/imageid/" + SatusehatWireMock.ACSN)
                .then().statusCode(status)
                .body("status", equalTo("error"))
                .body("code", equalTo(code));
    }

    private void assertNextRequestServed() {
        healthy();
        given().when().get("/api/dicom/imageid/" + SatusehatWireMock.ACSN)
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("imagingStudy_id", equalTo(SatusehatWireMock.IMAGING_STUDY_ID))
                .body("patient_reference", equalTo(SatusehatWireMock.PATIENT_REFERENCE));
    }
}
