package id.dicomgateway.api.orders;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * POST, GET and DELETE /api/orders on the embedded store: create answers 201, the same Accession Number again
 * 200 and updates; bad input is a 400 naming the field; cancel. Accession Numbers are this class's own.
 */
@QuarkusTest
class OrderResourceTest {
    private static final String ORDER = """
            {"accessionNumber":"%s","patientId":"P-ORD-1","patientName":"Budi Santoso","patientBirthDate":"1980-01-02",
             "patientSex":"M","modality":"CR","scheduledStart":"2031-01-07T08:30:00+07:00","stationAeTitle":"CRROOM1"}""";

    @Test
    void createThenUpdateTheSameAccessionNumber() {
        String body = ORDER.formatted("ORT0001");
        JsonPath created = given().contentType("application/json").body(body).post("/api/orders")
                .then().statusCode(201).header("Location", containsString("/api/orders/")).extract().jsonPath();
        String id = created.getString("id");
        String uid = created.getString("studyInstanceUid");
        assertThat(uid).startsWith("2.25.");
        assertThat(created.getString("patientName")).isEqualTo("Santoso^Budi");
        assertThat(created.getString("scheduledStart")).isEqualTo("2031-01-07T08:30:00+07:00");
        assertThat(created.getString("state")).isEqualTo("SCHEDULED");

        JsonPath updated = given().contentType("application/json").body(body.replace("CRROOM1", "CRROOM2")).post("/api/orders")
                .then().statusCode(200).extract().jsonPath();
        assertThat(updated.getString("id")).isEqualTo(id);
        assertThat(updated.getString("studyInstanceUid")).as("kept, so a modality that already has it keeps it").isEqualTo(uid);
        assertThat(updated.getString("stationAeTitle")).isEqualTo("CRROOM2");

        given().get("/api/orders/" + id).then().statusCode(200).body("accessionNumber", equalTo("ORT0001"));
        given().get("/api/orders?acsn=ORT0001").then().statusCode(200).body("total", equalTo(1)).body("orders[0].id", equalTo(id));
    }

    @Test
    void listsFilterAndPage() {
        for (int i = 0; i < 3; i++) {
            given().contentType("application/json").body(ORDER.formatted("ORT01" + i).replace("2031-01-07T08:30", "2031-01-08T0" + i + ":00")
                    .replace("\"CR\"", i == 2 ? "\"DX\"" : "\"CR\"")).post("/api/orders").then().statusCode(201);
        }
        JsonPath page = given().get("/api/orders?day=2031-01-08&modality=CR&limit=1").then().statusCode(200).extract().jsonPath();
        assertThat(page.getInt("total")).isEqualTo(2);
        assertThat(page.getBoolean("more")).isTrue();
        assertThat(page.getString("orders[0].accessionNumber")).isEqualTo("ORT010");
        JsonPath second = given().get("/api/orders?day=2031-01-08&modality=CR&limit=1&offset=1").then().statusCode(200).extract().jsonPath();
        assertThat(second.getString("orders[0].accessionNumber")).isEqualTo("ORT011");
        assertThat(second.getBoolean("more")).isFalse();
        given().get("/api/orders?day=2031-01-08&state=SCHEDULED&station=CRROOM1").then().statusCode(200).body("total", equalTo(3));
        given().get("/api/orders?day=2031-01-08&state=CANCELLED").then().statusCode(200).body("total", equalTo(0));
    }

    @Test
    void cancelTakesItOffAndPostingAgainSchedulesIt() {
        String id = given().contentType("application/json").body(ORDER.formatted("ORT0002")).post("/api/orders")
                .then().statusCode(201).extract().path("id");
        given().delete("/api/orders/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));
        given().delete("/api/orders/" + id).then().statusCode(200).body("state", equalTo("CANCELLED"));
        given().get("/api/orders?acsn=ORT0002&state=CANCELLED").then().statusCode(200).body("total", equalTo(1));
        given().contentType("application/json").body(ORDER.formatted("ORT0002")).post("/api/orders")
                .then().statusCode(200).body("state", equalTo("SCHEDULED"));
        given().delete("/api/orders/00000000-0000-0000-0000-000000000000").then().statusCode(404).body("code", equalTo("NOT_FOUND"));
        given().get("/api/orders/<script>").then().statusCode(404).body("message", not(containsString("<script>")));
    }

    @Test
    void badInputIsA400NamingTheFieldAndStoresNothing() {
        given().contentType("application/json").body(ORDER.formatted("ORT0003").replace("+07:00", "")).post("/api/orders")
                .then().statusCode(400).body("code", equalTo("INVALID_REQUEST")).body("message", startsWith("scheduledStart:"));
        given().contentType("application/json").body(ORDER.formatted("ORT0003").replace("\"CR\"", "17")).post("/api/orders")
                .then().statusCode(400).body("message", startsWith("modality:"));
        given().contentType("application/json").body("{not json").post("/api/orders")
                .then().statusCode(400).body("message", startsWith("body:"));
        given().contentType("application/json").body("").post("/api/orders").then().statusCode(400);
        given().contentType("text/plain").body(ORDER.formatted("ORT0003")).post("/api/orders").then().statusCode(415);
        given().get("/api/orders?acsn=ORT0003").then().statusCode(200).body("total", equalTo(0));
        given().get("/api/orders?day=tomorrow").then().statusCode(400).body("message", startsWith("day:"));
        given().get("/api/orders?state=DONE").then().statusCode(400).body("message", startsWith("state:"));
        given().get("/api/orders?limit=0").then().statusCode(400).body("message", startsWith("limit must be a whole number from 1 to 1000"));
        given().get("/api/orders?offset=-1").then().statusCode(400).body("message", startsWith("offset must be a whole number from 0"));
    }

    @Test
    void takesAFhirServiceRequest() throws IOException {
        String sr = fixture("servicerequest-router-worklist.json").replace("2026120524002", "ORT0004")
                .replace("2026-12-05", "2031-01-09");
        JsonPath o = given().contentType("application/fhir+json").body(sr).post("/api/orders")
                .then().statusCode(201).extract().jsonPath();
        assertThat(o.getString("patientId")).isEqualTo("RM-000777");
        assertThat(o.getString("modality")).isEqualTo("DX");
        assertThat(o.getString("source")).isEqualTo("fhir");
        given().contentType("application/fhir+json").body(sr.replace("\"occurrenceDateTime\"", "\"when\"")).post("/api/orders")
                .then().statusCode(400).body("message", startsWith("occurrenceDateTime:"));
        // the same ServiceRequest as plain JSON, as an integration written for the router's worklist may send it: an update
        given().contentType("application/json").body(sr.replace("DXROOM1", "DXROOM2")).post("/api/orders")
                .then().statusCode(200).body("stationAeTitle", equalTo("DXROOM2")).body("source", equalTo("fhir"));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = OrderResourceTest.class.getResourceAsStream("/orders/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
