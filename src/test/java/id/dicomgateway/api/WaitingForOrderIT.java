package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import id.dicomgateway.job.JobState;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The images exist before the EMR registered the order: an async job refused NO_SERVICE_REQUEST
 * waits (WAITING_FOR_ORDER), is checked again, and goes out by itself once SATUSEHAT has the
 * ServiceRequest (WireMock).
 */
@QuarkusTest
@TestProfile(WaitingForOrderIT.OrderWait.class)
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@WithTestResource(SatusehatWireMock.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class WaitingForOrderIT {

    public static final class OrderWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.store.retry.order-wait", "2m",
                    "gateway.store.retry.max-attempts", "3",
                    "gateway.store.retry.initial-delay", "1s",
                    "gateway.store.retry.max-delay", "1s",
                    "gateway.jobs.poll", "200ms");
        }
    }

    @InjectSatusehat
    WireMockServer satusehat;

    @Inject
    JobStore store;

    @Test
    void aJobWaitsForItsOrderAndIsSentWhenTheOrderComes() throws Exception {
        String token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
        Router.clear();
        int before = Router.associations();
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\",\"patientid\":\"PID-WAIT\",\"acc\":\"WAITORDER1\",\"verify\":false}")
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(202).extract().path("jobId");

        JobRecord waiting = await(id, r -> r.state() == JobState.WAITING_FOR_ORDER);
        assertThat(waiting.outcomeCode()).isEqualTo("NO_SERVICE_REQUEST");
        assertThat(waiting.orderWaitUntil()).isAfter(waiting.createdAt().plus(Duration.ofMinutes(1)));
        given().get("/api/jobs/" + id).then().statusCode(200)
                .body("state", anyOf(equalTo("WAITING_FOR_ORDER"), equalTo("RUNNING"))).body("errorCode", equalTo("NO_SERVICE_REQUEST"));
        // checked again, still no order: two ended checks (a second one still running could already
        // see the ServiceRequest stubbed below, and the job would go out after one refusal)
        await(id, r -> r.attempts().stream().filter(a -> "NO_SERVICE_REQUEST".equals(a.outcomeCode())).count() >= 2);
        assertThat(Router.associations()).as("nothing sent while the order is missing").isEqualTo(before);

        satusehat.stubFor(SatusehatWireMock.search("ServiceRequest", token).atPriority(1)
                .withQueryParam("identifier", WireMock.equalTo(SatusehatWireMock.SYSTEM + "|WAITORDER1"))
                .willReturn(SatusehatWireMock.fhir(200, SatusehatWireMock.fixture("servicerequest-search-found.json"))));

        JobRecord done = await(id, r -> r.state().isFinal());
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.chargedAttempts()).as("waiting is not failing").isZero();
        assertThat(done.attempts()).extracting(Attempt::outcomeCode).startsWith("NO_SERVICE_REQUEST", "NO_SERVICE_REQUEST")
                .endsWith("SUCCEEDED");
        Router.awaitEnded(before + 1);
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertThat(Router.files()).hasSize(11);
    }

    private JobRecord await(String id, Predicate<JobRecord> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobRecord r = store.get(id).orElseThrow();
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = store.get(id).orElseThrow();
        }
        assertThat(done.test(r)).as("job %s: %s", id, r).isTrue();
        return r;
    }
}
