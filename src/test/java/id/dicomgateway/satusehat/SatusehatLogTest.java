package id.dicomgateway.satusehat;

import static id.dicomgateway.satusehat.SatusehatWireMock.ACSN;
import static id.dicomgateway.satusehat.SatusehatWireMock.CLIENT_SECRET;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.fixture;
import static id.dicomgateway.satusehat.SatusehatWireMock.json;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenRequest;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Drives every SATUSEHAT path (token fetch, cache, 401 and retry, refused credentials, 5xx,
 * timeout) with the root log handler capturing everything at DEBUG, then reads every line:
 * no token and no client secret may appear anywhere, not in a message, not in a stack trace.
 */
@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
// FastConfirmation only so that the SATUSEHAT unit tests share one application (issue 22 step 5)
@WithTestResource(FastConfirmation.class)
class SatusehatLogTest {

    @InjectSatusehat
    WireMockServer satusehat;

    @Test
    void neitherTokensNorTheSecretEverReachTheLog() throws InterruptedException {
        List<String> tokens = new ArrayList<>();
        LogCapture capture = LogCapture.install();
        try {
            // Normal lookups: token fetched (or a stale one refused and replaced), then cached.
            String first = "token-" + UUID.randomUUID();
            tokens.add(first);
            SatusehatWireMock.reset(satusehat, first, "14399");
            lookup(ACSN, 200);
            lookup("unknown-acsn", 404);

            // The token is revoked: 401, refresh, retry.
            String second = "token-" + UUID.randomUUID();
            tokens.add(second);
            SatusehatWireMock.reset(satusehat, second, "14399");
            lookup(ACSN, 200);

            // 401 even with a fresh token.
            satusehat.stubFor(search("ImagingStudy", second).atPriority(1).willReturn(fhir(401, fixture("unauthorized-401.json"))));
            lookup(ACSN, 502);

            // Credentials refused, token endpoint down, search down, search too slow, garbage.
            String third = "token-" + UUID.randomUUID();
            tokens.add(third);
            SatusehatWireMock.reset(satusehat, third, "14399");
            satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(401, "{\"error\":\"invalid_client\"}")));
            lookup(ACSN, 502);
            satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(500, "{}")));
            lookup(ACSN, 502);
            SatusehatWireMock.reset(satusehat, third, "14399");
            satusehat.stubFor(search("ImagingStudy", third).atPriority(1).willReturn(fhir(503, "{}")));
            lookup(ACSN, 502);
            satusehat.stubFor(search("ImagingStudy", third).atPriority(1)
                    .willReturn(fhir(200, fixture("imagingstudy-search-found.json")).withFixedDelay(2500)));
            lookup(ACSN, 502);
            satusehat.stubFor(search("ImagingStudy", third).atPriority(1).willReturn(fhir(200, "{\"access_token\":\"" + third + "\"")));
            lookup(ACSN, 502);
            // A body whose token is unreadable JSON: the parser's error must not quote it.
            String fourth = "token-" + UUID.randomUUID();
            tokens.add(fourth);
            satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(200, "{\"access_token\":\"" + fourth + "\",")));
            SatusehatWireMock.reset(satusehat, fourth, "14399");
            satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(200, "{\"access_token\":\"" + fourth + "\",")));
            lookup(ACSN, 502);
            Thread.sleep(200);
        } finally {
            capture.close();
        }

        List<String> lines = capture.lines();
        // The capture works and saw the SATUSEHAT traffic: otherwise the checks below prove nothing.
        assertThat(lines).anyMatch(l -> l.contains("SATUSEHAT access token obtained"));
        assertThat(lines).anyMatch(l -> l.contains("ImagingStudy for ACSN " + ACSN));
        assertThat(lines).anyMatch(l -> l.contains("HTTP 401"));
        for (String line : lines) {
            assertThat(line).doesNotContain(CLIENT_SECRET).doesNotContain("Bearer");
            for (String token : tokens) {
                assertThat(line).doesNotContain(token);
            }
        }
    }

    private static void lookup(String acsn, int status) {
        given().when().get("/api/dicom/imageid/{acsn}", acsn).then().statusCode(status);
    }
}
