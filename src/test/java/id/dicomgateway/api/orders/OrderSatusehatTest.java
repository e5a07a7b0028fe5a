package id.dicomgateway.api.orders;

import static id.dicomgateway.satusehat.SatusehatWireMock.ACSN;
import static id.dicomgateway.satusehat.SatusehatWireMock.SYSTEM;
import static id.dicomgateway.satusehat.SatusehatWireMock.fhir;
import static id.dicomgateway.satusehat.SatusehatWireMock.search;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.orders.OrderFixtures;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.LogCapture;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 24 items 1 and 2 over HTTP, against SATUSEHAT on WireMock (the shapes of src/test/resources/satusehat): each order
 * shows whether SATUSEHAT has its ServiceRequest, asked after the answer, and a POST never fails for SATUSEHAT being down;
 * a ServiceRequest naming its patient only by reference gets the Patient's name, birth date and sex. No name is logged.
 */
@QuarkusTest
@WithTestResource(SatusehatWireMock.class)
// FastConfirmation only so that the SATUSEHAT unit tests share one application (issue 22 step 5)
@WithTestResource(FastConfirmation.class)
class OrderSatusehatTest {
    private static LogCapture capture;

    @InjectSatusehat
    WireMockServer satusehat;

    String token;

    @BeforeAll
    static void captureLogs() {
        capture = LogCapture.install();
    }

    @AfterAll
    static void noPatientNameWasLogged() {
        capture.close();
        assertThat(capture.lines()).anyMatch(l -> l.contains("SATUSEHAT Patient P00284578000"));
        assertThat(capture.lines()).noneMatch(l -> l.contains("DEWI") || l.contains("LESTARI") || l.contains("Santoso"));
    }

    @BeforeEach
    void freshSatusehat() {
        token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
    }

    @Test
    void foundWithItsIdOrNotFoundAfterTheAnswer() {
        String found = post(OrderFixtures.json(ACSN, "P-OSS-1", soon()));
        JsonPath f = eventually(found, "FOUND");
        assertThat(f.getString("serviceRequest.id")).isEqualTo("ce124594-0000-0000-0000-000000000001");
        assertThat(f.getString("serviceRequest.checkedAt")).isNotBlank();

        String missing = post(OrderFixtures.json("OSS-NF-1", "P-OSS-1", soon()));
        JsonPath m = eventually(missing, "NOT_FOUND");
        assertThat(m.getString("serviceRequest.id")).isNull();
        // The list shows it too.
        given().get("/api/orders?acsn=OSS-NF-1").then().statusCode(200).body("orders[0].serviceRequest.status", equalTo("NOT_FOUND"));
    }

    @Test
    void satusehatDownDoesNotFailThePost() {
        satusehat.stubFor(search("ServiceRequest", token).atPriority(1).willReturn(fhir(503, "{}")));
        String id = post(OrderFixtures.json("OSS-DOWN-1", "P-OSS-1", soon()));
        JsonPath o = eventually(id, "UNKNOWN");
        assertThat(o.getString("serviceRequest.note")).contains("could not be asked").contains("503");
    }

    @Test
    void thePatientFillsNameBirthDateAndSex() {
        JsonPath o = given().contentType("application/fhir+json")
                .body(OrderFixtures.subjectOnly(SYSTEM, "OSS-PAT-1", SatusehatWireMock.PATIENT_ID, null, soon())).post("/api/orders")
                .then().statusCode(201).extract().jsonPath();
        assertThat(o.getString("patientId")).isEqualTo("P00284578000");
        assertThat(o.getString("patientName")).isEqualTo("LESTARI^DEWI");
        assertThat(o.getString("patientBirthDate")).isEqualTo("1982-11-23");
        assertThat(o.getString("patientSex")).isEqualTo("F");
        // The ask after the answer ends here, not in the middle of a later test that counts SATUSEHAT's requests.
        eventually(o.getString("id"), "NOT_FOUND");
    }

    @Test
    void withoutANameTheAnswerSaysWhyAndStoresNothing() {
        given().contentType("application/fhir+json").body(OrderFixtures.subjectOnly(SYSTEM, "OSS-PAT-2", "P00000000009", null, soon()))
                .post("/api/orders").then().statusCode(400).body("code", equalTo("INVALID_REQUEST"))
                .body("message", containsString("subject.display")).body("message", containsString("SATUSEHAT has no Patient/P00000000009"));
        satusehat.stubFor(SatusehatWireMock.patient(SatusehatWireMock.PATIENT_ID, token).atPriority(1).willReturn(fhir(503, "{}")));
        given().contentType("application/fhir+json").body(OrderFixtures.subjectOnly(SYSTEM, "OSS-PAT-2", SatusehatWireMock.PATIENT_ID, null, soon()))
                .post("/api/orders").then().statusCode(502).body("code", equalTo("SATUSEHAT_UNAVAILABLE"))
                .body("message", containsString("subject.display"));
        given().get("/api/orders?acsn=OSS-PAT-2").then().statusCode(200).body("total", equalTo(0));
    }

    private static String soon() {
        return OffsetDateTime.now(ZoneOffset.ofHours(7)).plusHours(3).withNano(0).toString();
    }

    private static String post(String body) {
        JsonPath o = given().contentType("application/json").body(body).post("/api/orders").then().extract().jsonPath();
        assertThat(o.getString("state")).isEqualTo("SCHEDULED");
        return o.getString("id");
    }

    private static JsonPath eventually(String id, String status) {
        long until = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (true) {
            JsonPath o = given().get("/api/orders/" + id).then().statusCode(200).extract().jsonPath();
            if (status.equals(o.getString("serviceRequest.status")) && o.getString("serviceRequest.checkedAt") != null) {
                return o;
            }
            if (System.nanoTime() > until) {
                throw new AssertionError("the order's serviceRequest is " + o.getMap("serviceRequest") + ", not " + status);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
