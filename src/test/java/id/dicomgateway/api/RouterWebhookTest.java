package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.relay.confirm.RouterReports;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import id.dicomgateway.satusehat.SatusehatWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** POST /api/router/webhook with the bodies the SATUSEHAT router sends (docs/domain.md §4). */
@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
// FastConfirmation only so that the SATUSEHAT unit tests share one application (issue 22 step 5)
@WithTestResource(FastConfirmation.class)
class RouterWebhookTest {

    static final String USER = "router-test";
    static final String PASSWORD = "webhook-Sekr3t";

    @Inject
    JobRegistry jobs;
    @Inject
    Confirmation confirmation;
    @Inject
    RouterReports reports;

    static RequestSpecification router() {
        return given().auth().preemptive().basic(USER, PASSWORD).contentType("application/json");
    }

    static String uid() {
        return "1.2.826.0.1.3680043.8.498." + Math.abs(UUID.randomUUID().getMostSignificantBits());
    }

    static String body(String stage, boolean status, String study, String acsn, String imagingStudyId) {
        return "{\"status\":" + status + ",\"stage\":\"" + stage + "\",\"message\":\"router says " + stage + "\","
                + "\"data\":{\"organizationId\":\"" + SatusehatWireMock.ORG_ID + "\""
                + (imagingStudyId == null ? "" : ",\"imagingStudyId\":\"" + imagingStudyId + "\"")
                + ",\"accessionNumber\":\"" + acsn + "\",\"studyInstanceUID\":\"" + study + "\"}"
                + (status ? "" : ",\"error\":[{\"code\":\"E42\",\"message\":\"SATUSEHAT said no\"}]") + "}";
    }

    Check check(String jobId, String name) {
        return jobs.find(jobId).orElseThrow().checks().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dicom_sent", "dicom_send_failed", "metadata_lookup_failed", "imagingstudy_create_failed",
            "imagingstudy_post_failed"})
    void everyStageIsRecordedOnTheLatestJobForStudyAndAcsn(String stage) {
        String study = uid();
        JobView older = jobs.create(JobKind.PROCESS, study, "ACC1", "P1");
        sleepPastTheClockTick(); // "latest" is by creation time: two jobs made in one millisecond have no order
        JobView latest = jobs.create(JobKind.PROCESS, study, "ACC1", "P1");
        JobView otherAcsn = jobs.create(JobKind.PROCESS, study, "ACC2", "P1");
        boolean ok = stage.equals("dicom_sent");
        router().body(body(stage, ok, study, "ACC1", ok || stage.equals("dicom_send_failed") ? "is-" + stage : null))
                .post("/api/router/webhook").then().statusCode(200)
                .body("status", equalTo("success")).body("jobId", equalTo(latest.id()));
        Check c = check(latest.id(), RouterReports.CHECK);
        assertThat(c).isNotNull();
        assertThat(c.status()).isEqualTo(ok ? CheckStatus.PASSED : CheckStatus.FAILED);
        assertThat(c.detail()).startsWith(stage + ": router says " + stage);
        if (!ok) {
            assertThat(c.detail()).contains("E42: SATUSEHAT said no");
        }
        assertThat(check(older.id(), RouterReports.CHECK)).isNull();
        assertThat(check(otherAcsn.id(), RouterReports.CHECK)).isNull();
    }

    private static void sleepPastTheClockTick() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void dicomSentConfirmsAtOnceAndStopsTheSatusehatWatch() {
        String study = uid();
        JobView job = jobs.create(JobKind.PROCESS, study, "ACC9", "P1");
        // a watch that would first search SATUSEHAT only after the configured initial delay (10 s)
        var result = confirmation.confirm(job.id(), "ACC9", Set.of("1.2.3.4")).subscribeAsCompletionStage();
        assertThat(check(job.id(), Confirmation.CHECK).status()).isEqualTo(CheckStatus.PENDING);
        router().body(body("dicom_sent", true, study, "ACC9", "img-42")).post("/api/router/webhook").then().statusCode(200);
        Check confirmed = check(job.id(), Confirmation.CHECK);
        assertThat(confirmed.status()).isEqualTo(CheckStatus.PASSED);
        assertThat(confirmed.detail()).contains("ImagingStudy/img-42").contains("webhook");
        assertThat(result.toCompletableFuture().join().imagingStudyId()).isEqualTo("img-42");
    }

    @Test
    void aResentBodyIsIdempotent() {
        String study = uid();
        JobView job = jobs.create(JobKind.PROCESS, study, "ACC3", "P1");
        String b = body("imagingstudy_post_failed", false, study, "ACC3", null);
        router().body(b).post("/api/router/webhook").then().statusCode(200);
        Check first = check(job.id(), RouterReports.CHECK);
        router().body(b).post("/api/router/webhook").then().statusCode(200);
        router().body(b).post("/api/router/webhook").then().statusCode(200);
        JobView after = jobs.find(job.id()).orElseThrow();
        assertThat(after.checks()).filteredOn(c -> c.name().equals(RouterReports.CHECK)).hasSize(1)
                .first().satisfies(c -> {
                    assertThat(c.status()).isEqualTo(first.status());
                    assertThat(c.detail()).isEqualTo(first.detail());
                });
        // an unmatched body resent is kept once, counted
        String lost = body("metadata_lookup_failed", false, uid(), "NOJOB1", null);
        for (int i = 0; i < 3; i++) {
            router().body(lost).post("/api/router/webhook").then().statusCode(200).body("jobId", nullValue());
        }
        assertThat(reports.unmatched()).filteredOn(u -> "NOJOB1".equals(u.accessionNumber())).singleElement()
                .satisfies(u -> assertThat(u.received()).isEqualTo(3));
    }

    @Test
    void aBodyForNoJobIsKeptForTheDashboardBounded() {
        String study = uid();
        router().body(body("dicom_sent", true, study, "NOJOB2", "img-x")).post("/api/router/webhook").then().statusCode(200)
                .body("jobId", nullValue()).body("message", containsString("router reports"));
        given().get("/api/router/reports").then().statusCode(200)
                .body("[0].studyInstanceUID", nullValue()) // the list's own names, not the router's
                .body("[0].studyInstanceUid", equalTo(study)).body("[0].stage", equalTo("dicom_sent"))
                .body("[0].imagingStudyId", equalTo("img-x"));
        for (int i = 0; i < RouterReports.MAX_UNMATCHED + 5; i++) {
            router().body(body("metadata_lookup_failed", false, uid(), "B" + i, null)).post("/api/router/webhook")
                    .then().statusCode(200);
        }
        assertThat(reports.unmatched()).hasSize(RouterReports.MAX_UNMATCHED)
                .first().satisfies(u -> assertThat(u.accessionNumber()).isEqualTo("B" + (RouterReports.MAX_UNMATCHED + 4)));
    }

    /** Null keys are left out by the router; values are not always strings. */
    @Test
    void missingKeysAndNonStringValues() {
        String study = uid();
        JobView job = jobs.create(JobKind.DIRECT, study, "12345", null);
        router().body("{\"stage\":\"dicom_sent\",\"status\":true,\"data\":{\"accessionNumber\":12345,\"studyInstanceUID\":\""
                + study + "\"}}").post("/api/router/webhook").then().statusCode(200).body("jobId", equalTo(job.id()));
        assertThat(check(job.id(), RouterReports.CHECK).detail()).isEqualTo("dicom_sent");
        // no data at all: nothing to match, kept
        router().body("{\"stage\":\"metadata_lookup_failed\",\"status\":\"false\",\"message\":\"ServiceRequest not found\"}")
                .post("/api/router/webhook").then().statusCode(200).body("jobId", nullValue());
        // status left out, error as a plain text
        router().body("{\"stage\":\"imagingstudy_create_failed\",\"error\":\"boom\",\"data\":{\"studyInstanceUID\":\""
                + study + "\",\"accessionNumber\":\"12345\"}}").post("/api/router/webhook").then().statusCode(200);
        Check c = check(job.id(), RouterReports.CHECK);
        assertThat(c.status()).isEqualTo(CheckStatus.FAILED);
        assertThat(c.detail()).isEqualTo("imagingstudy_create_failed; errors: boom");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not json", "[]", "42", "{}", "{\"stage\":\"dicom_lost\"}", "{\"stage\":{\"a\":1}}",
            "{\"stage\":\"dicom_sent\",\"data\":[1]}", "{\"stage\":\"dicom_sent\",\"data\":{\"studyInstanceUID\":{\"x\":1}}}",
            "{\"stage\":\"dicom_sent\",\"status\":[true]}", "{\"stage\":\"dicom_sent\"", "\u0000\u0001"})
    void garbageIs400AndNothingElse(String garbage) {
        int before = reports.unmatched().size();
        router().body(garbage.getBytes(StandardCharsets.UTF_8)).post("/api/router/webhook").then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST")).body("message", containsString("router report"));
        assertThat(reports.unmatched()).hasSize(before);
    }

    @Test
    void wrongOrMissingCredentialsAre401() {
        String study = uid();
        JobView job = jobs.create(JobKind.PROCESS, study, "ACC5", "P1");
        String b = body("dicom_sent", true, study, "ACC5", "img-5");
        given().contentType("application/json").body(b).post("/api/router/webhook").then().statusCode(401)
                .header("WWW-Authenticate", containsString("Basic")).body("code", equalTo("UNAUTHORIZED"));
        given().auth().preemptive().basic(USER, "wrong").contentType("application/json").body(b)
                .post("/api/router/webhook").then().statusCode(401);
        given().auth().preemptive().basic("someone", PASSWORD).contentType("application/json").body(b)
                .post("/api/router/webhook").then().statusCode(401);
        given().header("Authorization", "Basic !!!not-base64").contentType("application/json").body(b)
                .post("/api/router/webhook").then().statusCode(401);
        given().header("Authorization", "Bearer " + PASSWORD).contentType("application/json").body(b)
                .post("/api/router/webhook").then().statusCode(401);
        assertThat(check(job.id(), RouterReports.CHECK)).isNull();
    }

    @Test
    void aTenMegabyteBodyIsRefusedUnread() {
        byte[] big = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        router().body(big).post("/api/router/webhook").then().statusCode(413).body("code", equalTo("TOO_LARGE"));
        // chunked, no Content-Length: the resource's own bound
        router().body(new ByteArrayInputStream(big)).post("/api/router/webhook").then().statusCode(413)
                .body("code", equalTo("TOO_LARGE"));
    }

    /** Without both credentials configured the webhook accepts nothing, whatever is presented. */
    @Test
    void unconfiguredNeverAccepts() {
        RouterWebhookConfig none = new RouterWebhookConfig() {
            public Optional<String> user() {
                return Optional.of(USER);
            }

            public Optional<String> password() {
                return Optional.empty();
            }
        };
        RouterWebhookResource resource = new RouterWebhookResource(reports, none, new ObjectMapper(),
                new id.dicomgateway.security.SignInGuard(5, 20, java.time.Duration.ofMinutes(1), 2, System::nanoTime));
        String header = "Basic " + java.util.Base64.getEncoder().encodeToString((USER + ":").getBytes(StandardCharsets.UTF_8));
        var answer = resource.webhook(header, new ByteArrayInputStream(
                body("dicom_sent", true, uid(), "X", "y").getBytes(StandardCharsets.UTF_8)), null);
        assertThat(answer.getStatus()).isEqualTo(401);
        assertThat(((ErrorBody) answer.getEntity()).message()).contains("ROUTER_WEBHOOK_USER").contains("ROUTER_WEBHOOK_PASSWORD");
    }
}
