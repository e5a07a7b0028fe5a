package id.dicomgateway.relay.router;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static id.dicomgateway.satusehat.SatusehatWireMock.ACSN;
import static id.dicomgateway.satusehat.SatusehatWireMock.CLIENT_SECRET;
import static id.dicomgateway.satusehat.SatusehatWireMock.PATIENT_REFERENCE;
import static id.dicomgateway.satusehat.SatusehatWireMock.SYSTEM;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.json;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static id.dicomgateway.satusehat.SatusehatWireMock.tokenRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.router.Clearance;
import id.dicomgateway.relay.router.SendGuard;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The check before sending, against SATUSEHAT on WireMock with the shared example ServiceRequest. */
@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
@WithTestResource(FastConfirmation.class)
class SendGuardTest {
    private static final List<String> TOKENS = Collections.synchronizedList(new ArrayList<>());
    private static LogCapture capture;

    @InjectSatusehat
    WireMockServer satusehat;

    @Inject
    SendGuard guard;

    @Inject
    JobRegistry jobs;

    String token;

    @BeforeAll
    static void captureLogs() {
        capture = LogCapture.install();
    }

    @AfterAll
    static void noTokenOrSecretWasLogged() {
        capture.close();
        List<String> lines = capture.lines();
        assertThat(lines).anyMatch(l -> l.contains("ServiceRequest for ACSN"));
        for (String line : lines) {
            assertThat(line).doesNotContain(CLIENT_SECRET).doesNotContain("Bearer");
            for (String t : List.copyOf(TOKENS)) {
                assertThat(line).doesNotContain(t);
            }
        }
    }

    @BeforeEach
    void freshSatusehat() {
        token = "token-" + UUID.randomUUID();
        TOKENS.add(token);
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    @Test
    void theServiceRequestsPatientIsRecordedOnTheJob() {
        String job = job(ACSN, "RM-000123");

        Clearance clearance = clear(job, ACSN, "RM-000123", false);

        assertThat(clearance.patientReference()).isEqualTo(PATIENT_REFERENCE);
        assertThat(clearance.serviceRequestId()).isEqualTo("ce124594-0000-0000-0000-000000000001");
        assertThat(clearance.forced()).isFalse();
        // A hospital MRN cannot be compared with a SATUSEHAT patient id: no mismatch claimed.
        assertThat(clearance.patientMismatch()).isFalse();
        Check check = check(job);
        assertThat(check.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(check.detail()).startsWith(PATIENT_REFERENCE).contains("ServiceRequest/ce124594");
        // What the job's order records of it (issue 24 item 1), read from the check without a second search.
        assertThat(SendGuard.finding(check.status(), check.detail())).contains(SendGuard.Finding.FOUND);
        assertThat(SendGuard.serviceRequestId(check.detail())).contains("ce124594-0000-0000-0000-000000000001");
    }

    @Test
    void aPatientIdNamingAnotherSatusehatPatientIsAMismatch() {
        String job = job(ACSN, "P00000000001");

        Clearance clearance = clear(job, ACSN, "P00000000001", false);

        assertThat(clearance.patientMismatch()).isTrue();
        assertThat(check(job).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check(job).detail()).contains(PATIENT_REFERENCE).contains("P00000000001");
        assertThat(SendGuard.finding(check(job).status(), check(job).detail())).as("found, for another patient").contains(SendGuard.Finding.FOUND);
        // The same patient is no mismatch.
        assertThat(clear(null, ACSN, "P00284578000", false).patientMismatch()).isFalse();
    }

    @Test
    void noServiceRequestIsRefusedWith422() {
        String job = job("8001", "RM-1");

        RelayException refused = refused(job, "8001", "RM-1", false);

        assertThat(refused.code()).isEqualTo(FailureCode.NO_SERVICE_REQUEST);
        assertThat(ErrorCode.of(refused.code()).httpStatus()).isEqualTo(422);
        assertThat(refused.getMessage()).contains("no ServiceRequest for Accession Number 8001")
                .contains("router would accept the files and then drop the study").contains("force");
        assertThat(check(job).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(SendGuard.finding(check(job).status(), check(job).detail())).contains(SendGuard.Finding.NOT_FOUND);
        assertThat(SendGuard.serviceRequestId(check(job).detail())).isEmpty();
    }

    @Test
    void forceSendsWithoutAServiceRequest() {
        String job = job("8002", "RM-1");

        Clearance clearance = clear(job, "8002", "RM-1", true);

        assertThat(clearance.forced()).isTrue();
        assertThat(clearance.patientReference()).isNull();
        assertThat(check(job).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(check(job).detail()).contains("no ServiceRequest").endsWith("sent anyway (force)");
        assertThat(SendGuard.finding(check(job).status(), check(job).detail())).contains(SendGuard.Finding.NOT_FOUND);
    }

    @Test
    void emptyAccessionNumberOrPatientIdIsRefusedBeforeAskingSatusehat() {
        for (String[] values : new String[][] {{null, "RM-1"}, {"", "RM-1"}, {"   ", "RM-1"}, {ACSN, null}, {ACSN, ""}, {ACSN, " "}}) {
            // force does not help: an empty value is dropped by the router whatever SATUSEHAT holds.
            RelayException refused = refused(null, values[0], values[1], true);
            assertThat(refused.code()).isEqualTo(FailureCode.ROUTER_WOULD_DROP);
            assertThat(ErrorCode.of(refused.code()).httpStatus()).isEqualTo(422);
            assertThat(refused.getMessage()).contains("router would accept the files and then drop the study")
                    .contains(values[0] == null || values[0].isBlank() ? "without an Accession Number" : "without a Patient ID");
        }
        assertThat(satusehat.countRequestsMatching(getRequestedFor(urlPathEqualTo("/fhir-r4/v1/ServiceRequest")).build())
                .getCount()).isZero();
    }

    @Test
    void satusehatDownRefusesWith502UnlessForced() {
        satusehat.stubFor(search("ServiceRequest", token).atPriority(1)
                .withQueryParam("identifier", equalTo(SYSTEM + "|" + ACSN)).willReturn(fhir(503, "{}")));
        String job = job(ACSN, "RM-1");

        RelayException refused = refused(job, ACSN, "RM-1", false);
        assertThat(refused.code()).isEqualTo(FailureCode.SATUSEHAT_UNAVAILABLE);
        assertThat(refused.getMessage()).contains("HTTP 503").contains("force");
        assertThat(check(job).status()).isEqualTo(CheckStatus.FAILED);
        assertThat(SendGuard.finding(check(job).status(), check(job).detail())).contains(SendGuard.Finding.NOT_ASKED);

        Clearance forced = clear(job, ACSN, "RM-1", true);
        assertThat(forced.forced()).isTrue();
        assertThat(check(job).status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(check(job).detail()).startsWith("not checked").endsWith("sent anyway (force)");
    }

    @Test
    void refusedCredentialsAreAnAuthFailure() {
        satusehat.stubFor(tokenRequest().atPriority(1).willReturn(json(401, "{\"error\":\"invalid_client\"}")));

        RelayException refused = refused(null, ACSN, "RM-1", false);

        assertThat(refused.code()).isEqualTo(FailureCode.SATUSEHAT_AUTH_FAILED);
        assertThat(ErrorCode.of(refused.code()).httpStatus()).isEqualTo(502);
    }

    private String job(String acsn, String patientId) {
        return jobs.create(JobKind.PROCESS, "1.2.826.0.1.3680043.8.498.2", acsn, patientId).id();
    }

    private Check check(String job) {
        return jobs.find(job).orElseThrow().checks().stream().filter(c -> c.name().equals(SendGuard.CHECK))
                .findFirst().orElseThrow();
    }

    private Clearance clear(String job, String acsn, String patientId, boolean force) {
        return guard.clear(job, acsn, patientId, force).await().atMost(Duration.ofSeconds(20));
    }

    private RelayException refused(String job, String acsn, String patientId, boolean force) {
        RelayException e = catchThrowableOfType(RelayException.class, () -> clear(job, acsn, patientId, force));
        assertThat(e).as("refused").isNotNull();
        return e;
    }
}
