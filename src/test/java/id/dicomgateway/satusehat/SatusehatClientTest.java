package id.dicomgateway.satusehat;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.dicomgateway.satusehat.SatusehatWireMock.ACSN;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.fixture;
import static id.dicomgateway.satusehat.SatusehatWireMock.json;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenBody;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
// FastConfirmation only so that the SATUSEHAT unit tests share one application (issue 22 step 5)
@WithTestResource(FastConfirmation.class)
class SatusehatClientTest {

    @InjectSatusehat
    WireMockServer satusehat;

    @Inject
    SatusehatClient client;

    String token;

    @BeforeEach
    void freshSatusehat() {
        // A token SATUSEHAT has never issued before: whatever an earlier test left cached is refused.
        token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    private Optional<ImagingStudy> imagingStudy(String acsn) {
        return client.imagingStudy(new AccessionNumber(acsn)).await().atMost(Duration.ofSeconds(10));
    }

    private int tokenRequests() {
        return satusehat.countRequestsMatching(postRequestedFor(urlPathEqualTo("/oauth2/v1/accesstoken")).build()).getCount();
    }

    private int searches() {
        return satusehat.countRequestsMatching(getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy")).build()).getCount();
    }

    private static SatusehatException.Reason codeOf(Runnable call) {
        try {
            call.run();
        } catch (SatusehatException e) {
            return e.reason();
        }
        throw new AssertionError("expected a SatusehatException");
    }

    @Test
    void findsTheImagingStudyWithItsInstances() {
        ImagingStudy study = imagingStudy(ACSN).orElseThrow();
        assertThat(study.id()).isEqualTo(SatusehatWireMock.IMAGING_STUDY_ID);
        assertThat(study.patientReference()).isEqualTo(SatusehatWireMock.PATIENT_REFERENCE);
        assertThat(study.numberOfInstances()).isEqualTo(1);
        assertThat(study.sopInstanceUids()).containsExactly("1.3.46.670589.30.39.0.1.966169802732.1757423874385.1");
    }

    @Test
    void findsTheServiceRequestAndItsPatient() {
        ServiceRequest order = client.serviceRequest(new AccessionNumber(ACSN)).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertThat(order.id()).isEqualTo("ce124594-0000-0000-0000-000000000001");
        assertThat(order.patientReference()).isEqualTo("Patient/P00284578000");
        assertThat(client.serviceRequest(new AccessionNumber("nothing")).await().atMost(Duration.ofSeconds(10))).isEmpty();
    }

    /** A ServiceRequest's subject, read for an order that names its patient only by reference (issue 24 item 2). */
    @Test
    void readsThePatientAndAnUnknownOneIsNone() {
        Patient p = client.patient(SatusehatWireMock.PATIENT_ID).await().atMost(Duration.ofSeconds(10)).orElseThrow();
        assertThat(p.displayName()).isEqualTo("DEWI LESTARI");
        assertThat(p.gender()).isEqualTo("female");
        assertThat(p.birthDate()).isEqualTo("1982-11-23");
        assertThat(p.toString()).doesNotContain("DEWI");
        assertThat(client.patient("P00000000009").await().atMost(Duration.ofSeconds(10))).isEmpty();
        assertThat(codeOf(() -> client.patient("../ServiceRequest").await().atMost(Duration.ofSeconds(10))))
                .isEqualTo(SatusehatException.Reason.INVALID_VALUE);
    }

    @Test
    void searchesSendTheBearerTokenAndAskForFhirJson() {
        imagingStudy(ACSN);
        satusehat.verify(getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy"))
                .withHeader("Authorization", equalTo("Bearer " + token))
                .withHeader("Accept", equalTo("application/fhir+json")));
    }

    /** As the router searches (docs/domain.md §4): newest first, one, so with several resources for one ACSN both sides take the same. */
    @Test
    void bothSearchesAskForTheNewestOnly() {
        imagingStudy(ACSN);
        client.serviceRequest(new AccessionNumber(ACSN)).await().atMost(Duration.ofSeconds(10));
        for (String resource : List.of("ImagingStudy", "ServiceRequest")) {
            satusehat.verify(getRequestedFor(urlPathEqualTo("/fhir-r4/v1/" + resource))
                    .withQueryParam("_sort", equalTo("-_lastUpdated"))
                    .withQueryParam("_count", equalTo("1"))
                    .withQueryParam("identifier", com.github.tomakehurst.wiremock.client.WireMock.containing("|" + ACSN)));
        }
    }

    @Test
    void theTokenIsFetchedOnceForManyCalls() {
        for (int i = 0; i < 6; i++) {
            assertThat(imagingStudy(i % 2 == 0 ? ACSN : "other")).isNotNull();
        }
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void concurrentCallsWithoutATokenShareOneTokenRequest() {
        SatusehatWireMock.issueToken(satusehat, token, "14399");
        satusehat.stubFor(tokenRequest().atPriority(1)
                .willReturn(json(200, tokenBody(token, "14399")).withFixedDelay(800)));
        List<Uni<Optional<ImagingStudy>>> calls = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            calls.add(client.imagingStudy(new AccessionNumber(ACSN)));
        }
        List<Optional<ImagingStudy>> results = Uni.join().all(calls).andFailFast().await().atMost(Duration.ofSeconds(20));
        assertThat(results).hasSize(12).allSatisfy(r -> assertThat(r).isPresent());
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void anExpiredTokenIsFetchedAgain() throws InterruptedException {
        // 10 s of life: reused for 5 s (a short-lived token is used for half its life), then replaced.
        SatusehatWireMock.issueToken(satusehat, token, "10");
        imagingStudy(ACSN);
        imagingStudy(ACSN);
        assertThat(tokenRequests()).isEqualTo(1);
        Thread.sleep(5300);
        imagingStudy(ACSN);
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void aNumericExpiresInIsAcceptedToo() {
        satusehat.stubFor(tokenRequest().atPriority(1)
                .willReturn(json(200, tokenBody(token, "0").replace("\"expires_in\":\"0\"", "\"expires_in\":3600"))));
        imagingStudy(ACSN);
        imagingStudy(ACSN);
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void a401OnASearchDropsTheTokenAndRetriesOnceWithANewOne() {
        // The cache holds a token SATUSEHAT then revokes before its announced expiry.
        String revoked = "revoked-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, revoked, "14399");
        client.serviceRequest(new AccessionNumber(ACSN)).await().atMost(Duration.ofSeconds(10));
        SatusehatWireMock.reset(satusehat, token, "14399");

        assertThat(imagingStudy(ACSN)).isPresent();
        assertThat(searches()).isEqualTo(2);
        assertThat(tokenRequests()).isEqualTo(1);
        satusehat.verify(1, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy")).withHeader("Authorization", equalTo("Bearer " + revoked)));
        satusehat.verify(1, getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ImagingStudy")).withHeader("Authorization", equalTo("Bearer " + token)));

        // The new token is cached: the next call neither fetches nor retries.
        assertThat(imagingStudy(ACSN)).isPresent();
        assertThat(tokenRequests()).isEqualTo(1);
        assertThat(searches()).isEqualTo(3);
    }

    @Test
    void aSecond401IsAnAuthFailureAndIsNotRetriedAgain() {
        satusehat.stubFor(search("ImagingStudy", token).atPriority(1).willReturn(fhir(401, fixture("unauthorized-401.json"))));
        // Warm the cache with the current token, so the count below starts from a known state.
        satusehat.stubFor(search("ServiceRequest", token).atPriority(1).willReturn(fhir(200, fixture("search-empty.json"))));
        client.serviceRequest(new AccessionNumber(ACSN)).await().atMost(Duration.ofSeconds(10));
        satusehat.resetRequests();

        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_AUTH_FAILED);
        assertThat(searches()).isEqualTo(2);
        assertThat(tokenRequests()).isEqualTo(1);
    }

    @Test
    void refusedCredentialsAreAnAuthFailure() {
        satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(401, "{\"error\":\"invalid_client\"}")));
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_AUTH_FAILED);
    }

    @Test
    void aTokenAnswerWithoutTokenIsUnavailable() {
        satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(200, "{\"status\":\"approved\"}")));
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE);
    }

    @Test
    void serverErrorsAreUnavailable() {
        satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(500, "{}")));
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE);

        SatusehatWireMock.reset(satusehat, token, "14399");
        satusehat.stubFor(search("ImagingStudy", token).atPriority(1).willReturn(fhir(503, "{}")));
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE);
    }

    @Test
    void anUnreadableBodyIsUnavailable() {
        satusehat.stubFor(search("ImagingStudy", token).atPriority(1).willReturn(fhir(200, "<html>maintenance</html>")));
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE);
    }

    @Test
    void aSlowAnswerTimesOutAsUnavailable() {
        // The test resource sets a 1.5 s read timeout.
        satusehat.stubFor(search("ImagingStudy", token).atPriority(1)
                .willReturn(fhir(200, fixture("imagingstudy-search-found.json")).withFixedDelay(4000)));
        // Without the timeout the search would succeed after 4 s: the error itself proves it fired.
        assertThat(codeOf(() -> imagingStudy(ACSN))).isEqualTo(SatusehatException.Reason.SATUSEHAT_UNAVAILABLE);
    }
}
