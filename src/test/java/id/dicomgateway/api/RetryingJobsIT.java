package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterComesBackProfile;
import id.dicomgateway.testing.StoreScpProcess;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * A router that is down for a while: async jobs are queued again with backoff instead of failing,
 * and go out by themselves, each whole in one association, once it is back; a person can cancel a
 * waiting job and send it again.
 */
@QuarkusTest
@TestProfile(RouterComesBackProfile.class)
@WithTestResource(OrthancResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class RetryingJobsIT {
    static final int ROUTER_PORT = RouterComesBackProfile.ROUTER_PORT;

    @Inject
    JobStore store;

    @Test
    void jobsWaitForTheRouterAndGoOutByThemselvesWhenItIsBack() throws Exception {
        String first = submit("ACCRETRY1");
        String second = submit("ACCRETRY2");
        JobRecord queued = awaitRecord(first, r -> r.state().name().equals("QUEUED") && !r.attempts().isEmpty());
        assertThat(queued.outcomeCode()).isEqualTo("ROUTER_FAILED");
        assertThat(queued.nextAttemptAt()).isAfter(queued.attempts().get(0).endedAt());
        // Waiting for its next attempt, or in it already (the first retry is due a second later).
        given().get("/api/jobs/" + first).then().statusCode(200).body("state", anyOf(equalTo("QUEUED"), equalTo("RUNNING")))
                .body("errorCode", equalTo("ROUTER_FAILED"));

        awaitRecord(second, r -> !r.attempts().isEmpty() && !r.state().name().equals("RUNNING"));
        given().post("/api/jobs/" + second + "/cancel").then().statusCode(200).body("state", equalTo("CANCELLED"));
        given().post("/api/jobs/" + second + "/cancel").then().statusCode(409).body("code", equalTo("JOB_STATE_CONFLICT"));
        Thread.sleep(2500);
        assertThat(store.get(second).orElseThrow().state().name()).as("a cancelled job is not tried again").isEqualTo("CANCELLED");

        try (StoreScpProcess router = StoreScpProcess.startOn(ROUTER_PORT, "+xa")) {
            JobRecord done = awaitRecord(first, r -> r.state().isFinal());
            assertThat(done.state().name()).isEqualTo("SUCCEEDED");
            assertThat(done.attempts().size()).isGreaterThan(1);
            assertThat(done.attempts()).extracting(Attempt::outcomeCode).startsWith("ROUTER_FAILED").endsWith("SUCCEEDED");
            given().get("/api/jobs/" + first).then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                    .body("storedInstances", equalTo(11));

            given().post("/api/jobs/" + second + "/retry").then().statusCode(200).body("state", equalTo("QUEUED"));
            JobRecord again = awaitRecord(second, r -> r.state().isFinal());
            assertThat(again.state().name()).isEqualTo("SUCCEEDED");
            // Cancelled between attempts or during one (then that attempt says CANCELLED); sent again, it keeps them.
            assertThat(again.attempts()).extracting(Attempt::outcomeCode).startsWith("ROUTER_FAILED").endsWith("SUCCEEDED")
                    .isSubsetOf("ROUTER_FAILED", "CANCELLED", "SUCCEEDED");
            given().post("/api/jobs/" + first + "/retry").then().statusCode(409).body("code", equalTo("JOB_STATE_CONFLICT"));

            // Each job whole, in one association of its own: 2 associations. Both carry the same 11
            // instances (only the Accession Number differs), which storescp files under their UIDs.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (router.associationCount() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(router.associationCount()).isEqualTo(2);
            assertThat(router.receivedFiles()).hasSize(11);
        }
    }

    private static String submit(String acsn) {
        return given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\",\"patientid\":\"PID-RETRY\",\"acc\":\"" + acsn + "\"}")
                .when().post("/api/dicom/process?async=true").then().statusCode(202).extract().path("jobId");
    }

    private JobRecord awaitRecord(String id, Predicate<JobRecord> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JobRecord r = store.get(id).orElseThrow();
        while (!done.test(r) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = store.get(id).orElseThrow();
        }
        assertThat(done.test(r)).as("job %s reached the expected state; it is %s", id, r).isTrue();
        return r;
    }
}
