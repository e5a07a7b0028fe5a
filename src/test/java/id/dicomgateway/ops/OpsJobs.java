package id.dicomgateway.ops;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;

/** Waits for a job of the application under test. */
final class OpsJobs {
    private OpsJobs() {
    }

    /** The job once it is in a state that is not QUEUED or RUNNING; fails after 30 s. */
    static JsonPath awaitEnd(String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            JsonPath job = given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
            if (!List.of("QUEUED", "RUNNING").contains(job.getString("state")) || System.nanoTime() > deadline) {
                return job;
            }
            Thread.sleep(50);
        }
    }
}
