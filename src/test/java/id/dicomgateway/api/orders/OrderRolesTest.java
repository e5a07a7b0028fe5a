package id.dicomgateway.api.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.security.SessionsProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Orders with checks on: viewers read, operators post and cancel, and each change is an action of the audit trail. The
 * keys are {@link SessionsProfile}'s: this test shares the sessions tests' application.
 */
@QuarkusTest
@TestProfile(SessionsProfile.class)
class OrderRolesTest {
    static final String VIEWER = SessionsProfile.DESK_VIEWER_KEY;
    static final String OPERATOR = SessionsProfile.SIMRS_OPERATOR_KEY;
    static final String ADMIN = SessionsProfile.ADMIN_KEY;

    private static final String ORDER = """
            {"accessionNumber":"ROLE0001","patientId":"P-ROLE","patientName":"Budi Santoso","modality":"CR",
             "scheduledStart":"2031-02-01T08:30:00+07:00"}""";

    @Test
    void viewersReadOperatorsChangeAndTheTrailRecordsIt() {
        given().contentType("application/json").body(ORDER).post("/api/orders").then().statusCode(401);
        given().auth().oauth2(VIEWER).contentType("application/json").body(ORDER).post("/api/orders").then().statusCode(403);
        JsonPath created = given().auth().oauth2(OPERATOR).contentType("application/json").body(ORDER).post("/api/orders")
                .then().statusCode(201).extract().jsonPath();
        String id = created.getString("id");
        given().auth().oauth2(VIEWER).get("/api/orders?acsn=ROLE0001").then().statusCode(200).body("total", equalTo(1));
        given().auth().oauth2(VIEWER).get("/api/orders/" + id).then().statusCode(200);
        given().auth().oauth2(VIEWER).delete("/api/orders/" + id).then().statusCode(403);
        given().auth().oauth2(OPERATOR).delete("/api/orders/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));

        // Assigning a job its order is an operator's change too (the job here is unknown: the role is checked first).
        String job = "00000000-0000-0000-0000-000000000024";
        given().auth().oauth2(VIEWER).contentType("application/json").body("{\"orderId\":\"" + id + "\"}")
                .post("/api/jobs/" + job + "/assign").then().statusCode(403);
        given().auth().oauth2(OPERATOR).contentType("application/json").body("{\"orderId\":\"" + id + "\"}")
                .post("/api/jobs/" + job + "/assign").then().statusCode(404).body("code", equalTo("JOB_NOT_FOUND"));
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit?action=assignJobToOrder&job=" + job).then().statusCode(200)
                .extract().jsonPath().getList("result")).contains(403, 404);

        List<Map<String, Object>> posts = given().auth().oauth2(ADMIN).get("/api/audit?action=postOrder").then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(posts).anySatisfy(r -> {
            assertThat(r.get("who")).isEqualTo("key:simrs");
            assertThat(r.get("job")).isEqualTo(id);
            assertThat(r.get("study")).isEqualTo(created.getString("studyInstanceUid"));
            assertThat(r.get("result")).isEqualTo(201);
        });
        assertThat(posts).anySatisfy(r -> assertThat(r.get("result")).isEqualTo(403));
        List<Map<String, Object>> cancels = given().auth().oauth2(ADMIN).get("/api/audit?action=cancelOrder&job=" + id).then().statusCode(200)
                .extract().jsonPath().getList("$");
        assertThat(cancels).extracting(r -> r.get("result")).contains(200, 403);
        assertThat(given().auth().oauth2(ADMIN).get("/api/audit").then().extract().asString()).doesNotContain("Santoso");
    }
}
