package id.dicomgateway.api;

import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.Management;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
// FastConfirmation only so that the SATUSEHAT unit tests share one application (issue 22 step 5)
@WithTestResource(FastConfirmation.class)
class ImageIdResourceTest {

    @InjectSatusehat
    WireMockServer satusehat;

    String token;

    @BeforeEach
    void freshSatusehat() {
        token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    @Test
    void foundAnswersTheOldShape() {
        given().when().get("/api/dicom/imageid/{acsn}", SatusehatWireMock.ACSN)
                .then().statusCode(200)
                .contentType("application/json")
                .body("$", aMapWithSize(3))
                .body("status", equalTo("success"))
                .body("imagingStudy_id", equalTo(SatusehatWireMock.IMAGING_STUDY_ID))
                .body("patient_reference", equalTo(SatusehatWireMock.PATIENT_REFERENCE));
        satusehat.verify(getRequestedFor(urlEqualTo("/fhir-r4/v1/ImagingStudy?identifier="
                + "http://sys-ids.kemkes.go.id/acsn/" + SatusehatWireMock.ORG_ID + "%7C" + SatusehatWireMock.ACSN + "&_sort=-_lastUpdated&_count=1")));
    }

    @Test
    void lookupsAreCountedByOutcome() {
        given().when().get("/api/dicom/imageid/{acsn}", SatusehatWireMock.ACSN).then().statusCode(200);
        given().when().get("/api/dicom/imageid/{acsn}", "nothing-here").then().statusCode(404);
        String metrics = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("gateway_satusehat_lookups_seconds_count\\{[^}]*outcome=\"found\"[^}]*resource=\"ImagingStudy\"")
                .containsPattern("gateway_satusehat_lookups_seconds_count\\{[^}]*outcome=\"none\"[^}]*resource=\"ImagingStudy\"")
                .contains("gateway_satusehat_tokens_total");
    }

    @Test
    void unknownAccessionNumberIs404WithTheOldMessage() {
        given().when().get("/api/dicom/imageid/{acsn}", "999")
                .then().statusCode(404)
                .body("status", equalTo("error"))
                .body("message", equalTo("No ImagingStudy found for this Accession Number"))
                .body("code", equalTo("IMAGING_STUDY_NOT_FOUND"));
    }

    @Test
    void theAccessionNumberIsPercentEncodedInTheIdentifier() {
        given().when().get("/api/dicom/imageid/{acsn}", "A&B+C D#1")
                .then().statusCode(404);
        // urlEqualTo compares the raw request line: the ACSN arrives encoded exactly once.
        satusehat.verify(getRequestedFor(urlEqualTo("/fhir-r4/v1/ImagingStudy?identifier="
                + "http://sys-ids.kemkes.go.id/acsn/" + SatusehatWireMock.ORG_ID + "%7CA%26B%2BC%20D%231&_sort=-_lastUpdated&_count=1")));
    }

    @Test
    void refusedCredentialsAre502AuthFailed() {
        satusehat.stubFor(SatusehatWireMock.tokenRequest().atPriority(1)
                .willReturn(SatusehatWireMock.json(401, "{\"error\":\"invalid_client\"}")));
        // Another token may still be cached from an earlier test: SATUSEHAT refuses it, then refuses the credentials.
        given().when().get("/api/dicom/imageid/{acsn}", SatusehatWireMock.ACSN)
                .then().statusCode(502)
                .body("status", equalTo("error"))
                .body("code", equalTo("SATUSEHAT_AUTH_FAILED"))
                .body("message", containsString("SATUSEHAT_CLIENT_ID"));
    }

    @Test
    void aSatusehatOutageIs502Unavailable() {
        satusehat.stubFor(SatusehatWireMock.search("ImagingStudy", token).atPriority(1)
                .willReturn(SatusehatWireMock.fhir(503, "{}")));
        given().when().get("/api/dicom/imageid/{acsn}", SatusehatWireMock.ACSN)
                .then().statusCode(502)
                .body("status", equalTo("error"))
                .body("code", equalTo("SATUSEHAT_UNAVAILABLE"))
                .body("message", equalTo("SATUSEHAT answered the ImagingStudy search with HTTP 503"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"12345678901234567", "AB\\CD", "AB\u0001CD", "AB\tCD", " "})
    void accessionNumbersThatBreakShAre400AndNeverReachSatusehat(String acsn) {
        given().when().get("/api/dicom/imageid/{acsn}", acsn)
                .then().statusCode(400)
                .body("status", equalTo("error"))
                .body("code", equalTo("INVALID_VALUE"))
                .body("message", not(containsString("Exception")));
        satusehat.verify(0, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy")));
        satusehat.verify(0, postRequestedFor(urlPathEqualTo("/oauth2/v1/accesstoken")));
    }
}
