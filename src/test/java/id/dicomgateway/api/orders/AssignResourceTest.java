package id.dicomgateway.api.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.orders.Orders;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * POST /api/jobs/{id}/assign on the embedded store: a waiting job takes the order's Accession Number and PatientID and
 * is queued, the order records it; every mistake is a clear 4xx, never a 500. The waiting jobs are made here with their
 * files on a node no worker of this process is, so they stay queued after the assignment.
 */
@QuarkusTest
class AssignResourceTest {
    @Inject
    JobRegistry jobs;

    @Inject
    Orders orders;

    private String waitingJob() {
        return jobs.createWaiting(JobKind.UPLOAD, "P-ASG-1", false, true, "node-elsewhere", "assign-test-" + UUID.randomUUID(),
                "AccessionNumber empty, no order chosen: 2 open orders (ambiguous, none chosen)").id();
    }

    private static String order(String acsn) {
        return given().contentType("application/json").body("""
                {"accessionNumber":"%s","patientId":"P-ASG-ORDER","patientName":"Assign Test","modality":"CR",
                 "scheduledStart":"2031-03-04T08:30:00+07:00"}""".formatted(acsn)).post("/api/orders")
                .then().statusCode(201).extract().path("id");
    }

    private static io.restassured.response.ValidatableResponse assign(String job, String body) {
        return given().contentType("application/json").body(body).post("/api/jobs/" + job + "/assign").then();
    }

    @Test
    void theWaitingJobTakesTheOrdersValuesAndIsQueued() {
        String job = waitingJob();
        given().get("/api/jobs/" + job).then().statusCode(200).body("state", equalTo("WAITING_FOR_ORDER"));
        String order = order("ASG0001");

        JsonPath done = assign(job, "{\"orderId\":\"" + order + "\"}").statusCode(200).extract().jsonPath();
        assertThat(done.getString("job.state")).isEqualTo("QUEUED");
        assertThat(done.getString("job.accessionNumber")).isEqualTo("ASG0001");
        assertThat(done.getString("job.patientId")).isEqualTo("P-ASG-ORDER");
        assertThat(done.getString("order.state")).isEqualTo("IMAGES_RECEIVED");
        assertThat(done.getString("order.job")).isEqualTo(job);
        JsonPath stored = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(stored.getString("checks.find { it.name == 'orders.reconcile' }.detail"))
                .contains("ACSN from order " + order, "assigned by a person", "ASG0001");

        // Not waiting any more: a second assignment is refused with the job's state.
        assign(job, "{\"orderId\":\"" + order + "\"}").statusCode(409).body("code", equalTo("JOB_STATE_CONFLICT"))
                .body("message", containsString("QUEUED"));

        // A person cancels the job: the order is given back (SCHEDULED, no job), so another study can take it.
        given().post("/api/jobs/" + job + "/cancel").then().statusCode(200).body("state", equalTo("CANCELLED"));
        orders.follow();
        JsonPath back = given().get("/api/orders/" + order).then().statusCode(200).extract().jsonPath();
        assertThat(back.getString("state")).isEqualTo("SCHEDULED");
        assertThat(back.getString("job")).isNull();
    }

    @Test
    void mistakesAreClearAnswers() {
        String job = waitingJob();
        assign(job, "not json").statusCode(400).body("code", equalTo("INVALID_REQUEST")).body("message", containsString("body"));
        assign(job, "[]").statusCode(400).body("message", containsString("body"));
        assign(job, "{}").statusCode(400).body("message", containsString("orderId"));
        assign(job, "{\"orderId\":\"  \"}").statusCode(400).body("message", containsString("orderId"));
        assign(job, "{\"orderId\":42}").statusCode(400).body("message", containsString("orderId"));
        assign(job, "{\"orderId\":\"x\",\"acsn\":\"A1\"}").statusCode(400).body("message", containsString("acsn"));
        given().contentType("text/plain").body("x").post("/api/jobs/" + job + "/assign").then().statusCode(415);

        assign(UUID.randomUUID().toString(), "{\"orderId\":\"x\"}").statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
        assign("not-a-job", "{\"orderId\":\"x\"}").statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
        assign(job, "{\"orderId\":\"" + UUID.randomUUID() + "\"}").statusCode(404).body("code", equalTo("NOT_FOUND"));

        String cancelled = order("ASG0002");
        given().delete("/api/orders/" + cancelled).then().statusCode(200);
        assign(job, "{\"orderId\":\"" + cancelled + "\"}").statusCode(409).body("code", equalTo("ORDER_STATE_CONFLICT"))
                .body("message", containsString("CANCELLED"));
        // Nothing moved: the job still waits.
        given().get("/api/jobs/" + job).then().statusCode(200).body("state", equalTo("WAITING_FOR_ORDER"));

        // A job that is not waiting for an order.
        given().post("/api/jobs/" + job + "/cancel").then().statusCode(200);
        String open = order("ASG0003");
        assign(job, "{\"orderId\":\"" + open + "\"}").statusCode(409).body("code", equalTo("JOB_STATE_CONFLICT"))
                .body("message", containsString("CANCELLED"));
        given().get("/api/orders/" + open).then().statusCode(200).body("state", equalTo("SCHEDULED"));
    }
}
