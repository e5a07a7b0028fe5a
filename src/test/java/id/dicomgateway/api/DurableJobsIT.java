package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import id.dicomgateway.job.JobState;
import id.dicomgateway.store.AttemptEnd;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.NewJob;
import id.dicomgateway.store.Progress;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Jobs are kept in the durable store (the embedded one here), not in one replica's memory: what
 * this replica runs is recorded there with its progress and outcome, and a job only the store
 * knows (another replica's, or from before a restart) is answered as well.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DurableJobsIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    @Inject
    JobStore store;

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    @Test
    void anAsyncJobIsRecordedBeforeItsAnswerAndEndsInTheStore() throws Exception {
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-DUR\",\"acc\":\"ACCDUR1\"}")
                .when().post("/api/dicom/process?async=true")
                .then().statusCode(202).extract().path("jobId");
        assertThat(store.get(id)).as("recorded before the 202").isPresent();

        JobRecord done = awaitEnded(id);
        assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(done.kind()).isEqualTo("PROCESS");
        assertThat(done.studyUid()).isEqualTo(STUDY);
        assertThat(done.patientId()).isEqualTo("PID-DUR");
        assertThat(done.accessionNumber()).isEqualTo("ACCDUR1");
        assertThat(done.progress().storedInstances()).isEqualTo(11);
        assertThat(done.progress().totalInstances()).isEqualTo(11);
        assertThat(done.attempts()).singleElement().satisfies(a -> {
            assertThat(a.outcomeCode()).isEqualTo("SUCCEEDED");
            assertThat(a.open()).isFalse();
        });
        assertThat(done.leaseHolder()).isNull();
        assertThat(done.checks()).extracting(c -> c.name()).contains("satusehat.serviceRequest");
    }

    @Test
    void aJobOnlyTheStoreKnowsIsAnsweredAndListed() {
        // As another replica would have written it.
        JobRecord other = store.create(new NewJob("DIRECT", "1.2.840.99.1", null, "PID-B", "ACC-B", false, false, "replica-b"));
        store.endAttempt(other.id(), "replica-b", AttemptEnd.failed("STUDY_NOT_FOUND", "Study 1.2.840.99.1 is not in the PACS"));

        given().get("/api/jobs/" + other.id()).then().statusCode(200)
                .body("kind", equalTo("DIRECT"))
                .body("state", equalTo("FAILED"))
                .body("errorCode", equalTo("STUDY_NOT_FOUND"))
                .body("accessionNumber", equalTo("ACC-B"))
                .body("message", equalTo("Study 1.2.840.99.1 is not in the PACS"));
        given().get("/api/jobs?limit=1000").then().statusCode(200).body("id", hasItem(other.id()));
        given().get("/api/jobs/00000000-0000-0000-0000-000000000000").then().statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
    }

    @Test
    void anotherReplicasJobIsFollowedLiveUntilItEnds() throws Exception {
        JobRecord other = store.create(new NewJob("DIRECT", "1.2.840.99.2", null, null, null, false, false, "replica-b"));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(base.resolve("/api/jobs/" + other.id() + "/events")).build();
        // send returns with the headers; the events are read as they come, on a thread of their own
        HttpResponse<Stream<String>> response = http.send(request, HttpResponse.BodyHandlers.ofLines());
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> response.body().filter(l -> l.startsWith("data:")).forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        List<String> data = new ArrayList<>();
        data.add(lines.poll(10, TimeUnit.SECONDS)); // subscribed: the SNAPSHOT is out (waited for, not slept on: CI is loaded)
        assertThat(data.get(0)).as("the first event").isNotNull();
        // replica-b works on it and ends it, writing only to the store
        store.progress(other.id(), "replica-b", new Progress("SENDING", 11, 5, 0, 0, 1000, 500), List.of(), false);
        Thread.sleep(300);
        store.endAttempt(other.id(), "replica-b", AttemptEnd.succeeded("11 instances sent"));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!data.get(data.size() - 1).contains("\"type\":\"FINISHED\"") && System.nanoTime() < deadline) {
            String next = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (next != null) {
                data.add(next);
            }
        }

        assertThat(data.get(0)).contains("\"type\":\"SNAPSHOT\"").contains("\"state\":\"RUNNING\"");
        assertThat(data).anySatisfy(d -> assertThat(d).contains("\"storedInstances\":5"));
        assertThat(data.get(data.size() - 1)).contains("\"type\":\"FINISHED\"").contains("\"state\":\"SUCCEEDED\"");
    }

    private JobRecord awaitEnded(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JobRecord r = store.get(id).orElseThrow();
        while (!r.state().isFinal() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            r = store.get(id).orElseThrow();
        }
        return r;
    }
}
