package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * GET /api/jobs with its filters, GET /api/jobs/attention and the attempts of GET /api/jobs/{id}.
 * Other test classes' jobs share this application's store: every assertion is about this class's own
 * jobs (by id), or holds whatever else the store has.
 */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobFiltersTest {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.41";

    @Inject
    JobRegistry jobs;

    private String routerFailed;
    private String pacsUnreachable;
    private String succeeded;

    // Before each test, made once: RestAssured knows the test port only from the first test on.
    @BeforeEach
    void threeEndedJobs() {
        if (routerFailed != null) {
            return;
        }
        routerFailed = jobs.create(JobKind.DIRECT, STUDY, "FLT0001", null).id();
        jobs.failed(routerFailed, FailureCode.ROUTER_FAILED, "Router unreachable: connection refused");
        pacsUnreachable = jobs.create(JobKind.PROCESS, STUDY, "FLT0002", "P2").id();
        jobs.failed(pacsUnreachable, FailureCode.PACS_UNREACHABLE, "PACS did not answer");
        succeeded = jobs.create(JobKind.DIRECT, STUDY, "FLT0003", null).id();
        jobs.succeeded(succeeded, "0 instances sent");
        // The store records a job's end just after the job ends here: wait for each one's own record.
        for (String id : List.of(routerFailed, pacsUnreachable, succeeded)) {
            awaitJob(id, job -> job.getList("attempts").size() == 1 && job.get("attempts[0].endedAt") != null);
        }
    }

    @Test
    void stateFiltersOnOneOrSeveralStates() {
        List<Map<String, Object>> failed = list("state=FAILED");
        assertThat(failed).extracting(j -> j.get("state")).containsOnly("FAILED");
        assertThat(ids(failed)).contains(routerFailed, pacsUnreachable).doesNotContain(succeeded);

        assertThat(ids(list("state=failed"))).as("case does not matter").contains(routerFailed, pacsUnreachable);
        List<Map<String, Object>> either = list("state=FAILED,SUCCEEDED");
        assertThat(either).extracting(j -> j.get("state")).isSubsetOf("FAILED", "SUCCEEDED");
        assertThat(ids(either)).contains(routerFailed, pacsUnreachable, succeeded);
        assertThat(ids(list("state=SUCCEEDED"))).contains(succeeded).doesNotContain(routerFailed, pacsUnreachable);
    }

    @Test
    void codeAndStateCombine() {
        List<Map<String, Object>> router = list("code=ROUTER_FAILED");
        assertThat(router).extracting(j -> j.get("errorCode")).containsOnly("ROUTER_FAILED");
        assertThat(ids(router)).contains(routerFailed).doesNotContain(pacsUnreachable, succeeded);

        assertThat(ids(list("state=FAILED&code=PACS_UNREACHABLE"))).contains(pacsUnreachable).doesNotContain(routerFailed);
        assertThat(ids(list("state=SUCCEEDED&code=PACS_UNREACHABLE"))).doesNotContain(pacsUnreachable, succeeded, routerFailed);
    }

    @Test
    void dayIsTheUtcDayTheJobWasMade() {
        LocalDate day = LocalDate.ofInstant(Instant.parse(given().get("/api/jobs/" + routerFailed).then().statusCode(200)
                .extract().path("createdAt")), ZoneOffset.UTC);
        assertThat(ids(list("day=" + day + "&code=ROUTER_FAILED"))).contains(routerFailed);
        assertThat(ids(list("day=" + day.minusDays(1)))).doesNotContain(routerFailed, pacsUnreachable, succeeded);
        assertThat(ids(list("day=" + day.plusDays(1)))).doesNotContain(routerFailed, pacsUnreachable, succeeded);
    }

    @Test
    void badFiltersAreA400ThatSaysWhatIsAccepted() {
        refused("state=DONE", "state must be one or more of QUEUED, RUNNING");
        refused("state=FAILED,", "not \"\"");
        refused("code=NOPE", "code must be an error code of the API");
        refused("day=2026-13-01", "day must be a day like 2026-12-01");
        refused("day=yesterday", "not \"yesterday\"");
        refused("limit=0", "limit must be a whole number from 1 to 1000, not \"0\"");
        refused("limit=1001&state=FAILED", "limit must be a whole number from 1 to 1000");
        // Not a number: once JAX-RS's conversion, answered 404 "HTTP 404 Not Found".
        refused("limit=ten", "limit must be a whole number from 1 to 1000, not \"ten\"");
    }

    /** Once "0 retried" for any code, and for a state no job is sent again from. Nothing is queued by a refusal. */
    @Test
    void aBulkRetryRefusesWhatItCannotSelect() {
        given().post("/api/jobs/retry?code=NOPE").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("message", containsString("code must be an error code of the API"));
        given().post("/api/jobs/retry?state=RUNNING").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("message", equalTo("state must be FAILED, PARTLY_FAILED or CANCELLED (the states a job is sent again from), not \"RUNNING\""));
        given().post("/api/jobs/retry?state=DONE").then().statusCode(400).body("message", containsString("not \"DONE\""));
        given().get("/api/jobs/" + routerFailed).then().statusCode(200).body("state", equalTo("FAILED"));
    }

    @Test
    void needsAttentionCountsFailedPartlyFailedAndWaitingJobs() {
        JsonPath a = given().get("/api/jobs/attention").then().statusCode(200).extract().jsonPath();
        assertThat(a.getLong("count")).isEqualTo(a.getLong("failed") + a.getLong("partlyFailed") + a.getLong("waitingForOrder"));
        assertThat(a.getLong("failed")).as("this class's two FAILED jobs at least").isGreaterThanOrEqualTo(2);
        // The count's list: the same states, this class's failed ones among them.
        List<Map<String, Object>> listed = list("state=FAILED,PARTLY_FAILED,WAITING_FOR_ORDER");
        assertThat(listed).extracting(j -> j.get("state")).isSubsetOf("FAILED", "PARTLY_FAILED", "WAITING_FOR_ORDER");
        assertThat(ids(listed)).contains(routerFailed, pacsUnreachable).doesNotContain(succeeded);
    }

    @Test
    void aJobShowsItsAttempts() {
        given().get("/api/jobs/" + routerFailed).then().statusCode(200)
                .body("attempts.size()", equalTo(1))
                .body("attempts[0].number", equalTo(1))
                .body("attempts[0].outcomeCode", equalTo("ROUTER_FAILED"))
                .body("attempts[0].message", equalTo("Router unreachable: connection refused"));
        JsonPath job = given().get("/api/jobs/" + routerFailed).then().extract().jsonPath();
        assertThat(job.getString("attempts[0].node")).isNotBlank();
        assertThat(Instant.parse(job.getString("attempts[0].endedAt")))
                .isAfterOrEqualTo(Instant.parse(job.getString("attempts[0].startedAt")));
        given().get("/api/jobs/" + succeeded).then().statusCode(200)
                .body("attempts[0].outcomeCode", equalTo("SUCCEEDED"))
                .body("attempts[0].endedAt", org.hamcrest.Matchers.notNullValue());
    }

    @Test
    void theOpenApiDocumentHasTheAttemptsAndTheCount() {
        JsonPath doc = given().accept("application/json").get("/q/openapi?format=json").then().statusCode(200).extract().jsonPath();
        assertThat(doc.getMap("components.schemas.JobAttempt.properties")).containsKeys("number", "startedAt", "endedAt",
                "outcomeCode", "message", "node");
        assertThat(doc.getMap("components.schemas.Job.properties")).containsKey("attempts");
        assertThat(doc.getMap("paths.'/api/jobs/attention'.get")).isNotNull();
        assertThat(doc.getList("paths.'/api/jobs'.get.parameters.name")).contains("state", "code", "day", "limit");
    }

    @Test
    void attemptsAreCountedByOutcomeCode() {
        String metrics = Management.given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(metrics).containsPattern("gateway_job_attempts_total\\{[^}]*outcome=\"PACS_UNREACHABLE\"[^}]*\\} [1-9]")
                .containsPattern("gateway_job_attempts_total\\{[^}]*outcome=\"SUCCEEDED\"[^}]*\\} [1-9]");
    }

    private static void refused(String query, String says) {
        given().get("/api/jobs?" + query).then().statusCode(400)
                .body("status", equalTo("error"))
                .body("code", equalTo("INVALID_REQUEST"))
                .body("message", containsString(says));
    }

    private static List<Map<String, Object>> list(String query) {
        return given().get("/api/jobs?limit=1000&" + query).then().statusCode(200).extract().jsonPath().getList("$");
    }

    private static List<Object> ids(List<Map<String, Object>> jobs) {
        return jobs.stream().map(j -> j.get("id")).toList();
    }

    private static void awaitJob(String id, Predicate<JsonPath> done) {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonPath last = null;
        while (System.nanoTime() < until) {
            last = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("job " + id + " never got there; last: " + (last == null ? null : last.prettify()));
    }
}
