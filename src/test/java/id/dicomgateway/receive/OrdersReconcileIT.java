package id.dicomgateway.receive;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import id.dicomgateway.testing.TempAreas;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * Issue 24 item 3, end to end: an order posted by REST, then a study with an empty AccessionNumber and the order's
 * PatientID, modality (MR) and day sent to the gateway's SCP with DCMTK storescu. One open order matches: every
 * instance reaches the router (storescp) with the order's ACSN, the job's check says which order, and the order
 * follows the job to SENT. Two matching orders: the job waits (WAITING_FOR_ORDER) with the reason, nothing reaches the
 * router and neither order moves, even after the study's own files are gone; a person assigns it one order with
 * POST /api/jobs/{id}/assign, and every instance reaches the router once with that order's ACSN. SATUSEHAT is WireMock:
 * it has a ServiceRequest for every ACSN, and the first test's ImagingStudy with the instances sent, so that order ends
 * CONFIRMED. The same for a study sent through the API (the send side of item 3): one order stamps it; two refuse
 * a synchronous call (409) and make an async one wait for a person.
 */
@QuarkusTest
@TestProfile(OrdersReconcileIT.Profile.class)
@WithTestResource(RouterResource.class)
// SATUSEHAT (WireMock) for this class: every ServiceRequest is found, so the order's job ends CONFIRMED by its ImagingStudy
@WithTestResource(SatusehatWireMock.class)
@WithTestResource(FastConfirmation.class)
@WithTestResource(OrthancResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class OrdersReconcileIT {
    /** A day no other test schedules on; the study's StudyDate. */
    private static final String DAY = "20321120";

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.receive.port", "0", "gateway.receive.host", "127.0.0.1",
                    "gateway.receive.idle", "1500ms", "gateway.receive.keep", "6s",
                    "gateway.orders.zone", "Asia/Jakarta", "gateway.orders.follow-interval", "1s");
        }
    }

    @Inject
    GatewayScp scp;

    @InjectSatusehat
    WireMockServer satusehat;

    private String token;

    @BeforeEach
    void satusehatHasEveryServiceRequest() {
        token = "token-" + UUID.randomUUID();
        SatusehatWireMock.reset(satusehat, token, "14399");
        satusehat.stubFor(SatusehatWireMock.search("ServiceRequest", token).atPriority(6)
                .willReturn(SatusehatWireMock.fhir(200, SatusehatWireMock.fixture("servicerequest-search-found.json"))));
    }

    @TempDir
    Path dir;

    @Test
    void aStudyWithoutAccessionNumberTakesItsOnlyOrdersAndTheOrderFollowsTheJob() throws Exception {
        // 06:30 in Jakarta on the study's day is the evening before in UTC: the day is read on the hospital's clock.
        String id = post("RC24001", "P-RC-1", "MR", "2032-11-20T06:30:00+07:00");
        post("RC24002", "P-RC-1", "CT", "2032-11-20T07:00:00+07:00"); // another modality
        post("RC24003", "P-RC-1", "MR", "2032-11-21T07:00:00+07:00"); // another day
        String cancelled = post("RC24004", "P-RC-1", "MR", "2032-11-20T08:00:00+07:00");
        given().delete("/api/orders/" + cancelled).then().statusCode(200);

        String uid = Senders.newStudyUid();
        List<Path> files = withoutAccessionNumber(uid, "P-RC-1", 5);
        List<String> sops = new ArrayList<>();
        for (Path f : files) {
            sops.add(DicomFiles.scan(f).sopInstanceUid());
        }
        String imagingStudy = UUID.randomUUID().toString();
        satusehat.stubFor(SatusehatWireMock.search("ImagingStudy", token).atPriority(1)
                .withQueryParam("identifier", WireMock.equalTo(SatusehatWireMock.SYSTEM + "|RC24001"))
                .willReturn(SatusehatWireMock.fhir(200, SatusehatWireMock.imagingStudyBundle(imagingStudy, sops))));
        int before = Router.associations();
        Senders.storescu(scp.port().orElseThrow(), "MRCONSOLE", List.of(), files);
        JsonPath study = ReceiveIT.awaitForwarded(uid, 1);
        assertThat(study.getString("jobState")).isEqualTo("SUCCEEDED");
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertAtRouter(uid, 5, "RC24001", "P-RC-1");
        String job = study.getList("jobs", String.class).get(0);
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains("ACSN from order " + id, "RC24001");
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.status")).isEqualTo("PASSED");
        assertThat(j.getString("accessionNumber")).isEqualTo("RC24001");

        // SATUSEHAT has the ImagingStudy with every instance: the order ends CONFIRMED (through SENT), with its job.
        JsonPath order = awaitOrder(id, "CONFIRMED");
        assertThat(order.getString("job")).isEqualTo(job);
        // SATUSEHAT has its ServiceRequest: asked after the POST, and again by the send's own check.
        assertThat(order.getString("serviceRequest.status")).isEqualTo("FOUND");
        assertThat(order.getString("serviceRequest.id")).isEqualTo("ce124594-0000-0000-0000-000000000001");
        assertThat(given().get("/api/jobs/" + job).then().extract().jsonPath()
                .getString("checks.find { it.name == 'satusehat.imagingStudy' }.detail")).startsWith("confirmed").contains(imagingStudy);
        given().get("/api/orders?acsn=RC24002").then().statusCode(200).extract().jsonPath().getList("orders.state")
                .forEach(s -> assertThat(s).isEqualTo("SCHEDULED"));
        assertThat(given().get("/api/orders/" + cancelled).then().extract().jsonPath().getString("state")).isEqualTo("CANCELLED");
    }

    @Test
    void twoMatchingOrdersMakeTheStudyWaitUntilAPersonAssignsItOne() throws Exception {
        String first = post("RC24011", "P-RC-2", "MR", "2032-11-20T09:00:00+07:00");
        String second = post("RC24012", "P-RC-2", "MR", "2032-11-20T15:00:00+07:00");

        String uid = Senders.newStudyUid();
        List<Path> files = withoutAccessionNumber(uid, "P-RC-2", 3);
        int before = Router.associations();
        Senders.storescu(scp.port().orElseThrow(), "MRCONSOLE", List.of(), files);
        // Never a guess between two orders: the job waits, with the reason, and nothing goes to the router.
        JsonPath study = ReceiveIT.awaitStudy(uid, s -> "WAITING_FOR_ORDER".equals(s.getString("jobState")));
        String job = study.getList("jobs", String.class).get(0);
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(j.getString("state")).isEqualTo("WAITING_FOR_ORDER");
        assertThat(j.getString("accessionNumber")).isNullOrEmpty();
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains("2 open orders", first, second,
                "waits for a person").doesNotContain("ACSN from order");
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.status")).isEqualTo("PENDING");
        assertThat(given().get("/api/jobs?state=WAITING_FOR_ORDER").then().statusCode(200).extract().jsonPath()
                .getList("id", String.class)).contains(job);

        assertThat(study.getString("state")).isEqualTo("WAITING");
        // The study's own files go after GATEWAY_RECEIVE_KEEP (6s here); the waiting job's spool keeps its own, and the
        // study still shows as waiting (not "done, files removed").
        JsonPath removed = ReceiveIT.awaitStudy(uid, s -> s.getInt("instances") == 0);
        assertThat(removed.getString("state")).isEqualTo("WAITING");
        assertThat(removed.getString("keptUntil")).isNull();
        assertThat(given().get("/api/jobs/" + job).then().extract().jsonPath().getString("state")).isEqualTo("WAITING_FOR_ORDER");
        assertThat(ReceiveIT.routerValues(uid)).isEmpty();
        assertThat(Router.associations()).isEqualTo(before);
        for (String id : List.of(first, second)) {
            JsonPath o = given().get("/api/orders/" + id).then().statusCode(200).extract().jsonPath();
            assertThat(o.getString("state")).isEqualTo("SCHEDULED");
            assertThat(o.getString("job")).isNull();
        }

        // A person assigns it the second order: every instance reaches the router once, in one association, with its ACSN.
        assign(job, second);
        JsonPath sent = ReceiveIT.awaitForwarded(uid, 1);
        JsonPath after = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(sent.getString("jobState")).as(after.prettify()).isEqualTo("SUCCEEDED");
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertAtRouter(uid, 3, "RC24012", "P-RC-2");
        assertThat(after.getString("accessionNumber")).isEqualTo("RC24012");
        assertThat(after.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains("ACSN from order " + second,
                "assigned by a person");
        assertThat(awaitOrder(second, "SENT").getString("job")).isEqualTo(job);
        assertThat(given().get("/api/orders/" + first).then().extract().jsonPath().getString("state")).isEqualTo("SCHEDULED");
    }

    /**
     * GATEWAY_ORDERS_UNMATCHED=auto (the default): on a day the gateway holds no order, a study without an Accession
     * Number goes on as received, as before issue 24 (its job ends as ROUTER_WOULD_DROP), instead of waiting: a
     * hospital that posts no orders sees no study stuck.
     */
    @Test
    void onADayWithoutOrdersTheStudyGoesOnAsReceived() throws Exception {
        String uid = Senders.newStudyUid();
        List<Path> files = Senders.studyMr3(dir, uid, 2, "(0008,0050)=", "(0010,0020)=P-RC-3", "(0008,0020)=20321125",
                "(0008,0060)=MR");
        int before = Router.associations();
        Senders.storescu(scp.port().orElseThrow(), "MRCONSOLE", List.of(), files);
        JsonPath study = ReceiveIT.awaitForwarded(uid, 1);
        String job = study.getList("jobs", String.class).get(0);
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(study.getString("jobState")).as(j.prettify()).isEqualTo("FAILED");
        assertThat(j.prettify()).contains("ROUTER_WOULD_DROP");
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains("no open order", "forwarded as received");
        assertThat(ReceiveIT.routerValues(uid)).isEmpty();
        assertThat(Router.associations()).isEqualTo(before);
    }

    /**
     * The send side of item 3: an upload whose files have no AccessionNumber and the order's PatientID, modality and day
     * reaches the router once, whole, with the order's ACSN; the order records the job and follows it to SENT.
     */
    @Test
    void anUploadWithoutAccessionNumberTakesItsOnlyOrder() throws Exception {
        String id = post("RC24021", "P-RC-4", "MR", "2032-11-20T10:00:00+07:00");
        String uid = Senders.newStudyUid();
        List<Path> files = withoutAccessionNumber(uid, "P-RC-4", 3);
        int before = Router.associations();
        String job = upload(files, "").then().statusCode(200).body("sent", org.hamcrest.Matchers.equalTo(3))
                .extract().path("jobId");
        Router.awaitEnded(before + 1);
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertAtRouter(uid, 3, "RC24021", "P-RC-4");
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(j.getString("accessionNumber")).isEqualTo("RC24021");
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains("ACSN from order " + id);
        assertThat(awaitOrder(id, "SENT").getString("job")).isEqualTo(job);
        TempAreas.assertNoRequestDirectoryLeft();
    }

    /**
     * Two matching orders: a caller that waits for the answer gets 409 ORDER_NOT_MATCHED naming both and the way out, and
     * nothing is sent or kept; the same upload with ?async=true waits for a person, who assigns it one order.
     */
    @Test
    void anAmbiguousUploadIsRefusedOrWaitsForAPersonWhenAsync() throws Exception {
        String uid = Senders.newStudyUid();
        List<Path> files = withoutAccessionNumber(uid, "P-RC-5", 3);
        int before = Router.associations();
        String first = post("RC24031", "P-RC-5", "MR", "2032-11-20T09:00:00+07:00");
        String second = post("RC24032", "P-RC-5", "MR", "2032-11-20T16:00:00+07:00");
        JsonPath refused = upload(files, "").then().statusCode(409).extract().jsonPath();
        assertThat(refused.getString("code")).isEqualTo("ORDER_NOT_MATCHED");
        assertThat(refused.getString("message")).contains("2 open orders", first, second, "acc", "?async=true");
        TempAreas.assertNoRequestDirectoryLeft();

        String job = upload(files, "?async=true").then().statusCode(202).extract().path("jobId");
        JsonPath j = given().get("/api/jobs/" + job).then().statusCode(200).extract().jsonPath();
        assertThat(j.getString("state")).isEqualTo("WAITING_FOR_ORDER");
        assertThat(j.getString("checks.find { it.name == 'orders.reconcile' }.status")).isEqualTo("PENDING");
        assertThat(Router.associations()).isEqualTo(before);

        assign(job, first);
        Router.awaitEnded(before + 1);
        assertAtRouter(uid, 3, "RC24031", null);
        assertThat(Router.associations()).isEqualTo(before + 1);
        assertThat(awaitOrder(first, "SENT").getString("job")).isEqualTo(job);
        assertThat(given().get("/api/orders/" + second).then().extract().jsonPath().getString("state")).isEqualTo("SCHEDULED");
    }

    /**
     * A study in the PACS (Orthanc) without an AccessionNumber: process without {@code acc} takes its one order's values;
     * direct-dcm of another with two matching orders is refused 409 when the caller waits, and with ?async=true waits, with
     * nothing fetched, until a person assigns it (its job is a process job, so the order's values are stamped).
     */
    @Test
    void aPacsStudyWithoutAccessionNumberFindsItsOrderThroughProcessAndDirectDcm() throws Exception {
        String one = Senders.newStudyUid();
        Senders.toOrthanc(withoutAccessionNumber(one, "P-RC-6", 2));
        String two = Senders.newStudyUid();
        Senders.toOrthanc(withoutAccessionNumber(two, "P-RC-7", 2));
        String order = post("RC24041", "P-RC-6", "MR", "2032-11-20T11:00:00+07:00");
        int before = Router.associations();
        String job = given().contentType("application/json").body("{\"study\":\"" + one + "\",\"acc\":\"\"}").post("/api/dicom/process")
                .then().statusCode(200).extract().path("jobId");
        Router.awaitEnded(before + 1);
        assertAtRouter(one, 2, "RC24041", "P-RC-6");
        assertThat(given().get("/api/jobs/" + job).then().extract().jsonPath().getString("checks.find { it.name == 'orders.reconcile' }.detail"))
                .contains("ACSN from order " + order);

        String first = post("RC24051", "P-RC-7", "MR", "2032-11-20T09:30:00+07:00");
        String second = post("RC24052", "P-RC-7", "MR", "2032-11-20T14:30:00+07:00");
        String direct = "{\"study\":\"" + two + "\"}";
        given().contentType("application/json").body(direct).post("/api/dicom/direct-dcm").then().statusCode(409)
                .body("code", org.hamcrest.Matchers.equalTo("ORDER_NOT_MATCHED"));
        String waiting = given().contentType("application/json").body(direct).post("/api/dicom/direct-dcm?async=true")
                .then().statusCode(202).extract().path("jobId");
        JsonPath w = given().get("/api/jobs/" + waiting).then().statusCode(200).extract().jsonPath();
        assertThat(w.getString("state")).isEqualTo("WAITING_FOR_ORDER");
        assertThat(w.getString("checks.find { it.name == 'orders.reconcile' }.detail")).contains(first, second);
        assign(waiting, second);
        Router.awaitEnded(before + 2);
        assertAtRouter(two, 2, "RC24052", null);
        assertThat(Router.associations()).isEqualTo(before + 2);
        assertThat(awaitOrder(second, "SENT").getString("job")).isEqualTo(waiting);
    }

    /** Every instance of study {@code uid} at the router, {@code count} of them, with {@code acsn} (and {@code patientId} when not null). */
    private static void assertAtRouter(String uid, int count, String acsn, String patientId) throws java.io.IOException {
        assertThat(ReceiveIT.routerValues(uid)).hasSize(count).allSatisfy(v -> {
            assertThat(v.get(Tag.ACCESSION_NUMBER)).isEqualTo(acsn);
            if (patientId != null) {
                assertThat(v.get(Tag.PATIENT_ID)).isEqualTo(patientId);
            }
        });
    }

    /** A person assigns waiting job {@code job} order {@code orderId}. */
    private static void assign(String job, String orderId) {
        given().contentType("application/json").body("{\"orderId\":\"" + orderId + "\"}").post("/api/jobs/" + job + "/assign")
                .then().statusCode(200);
    }

    /** {@code count} instances of a new study {@code uid} of {@code patientId}, MR on {@link #DAY}, with an empty AccessionNumber. */
    private List<Path> withoutAccessionNumber(String uid, String patientId, int count) throws Exception {
        return Senders.studyMr3(dir, uid, count, "(0008,0050)=", "(0010,0020)=" + patientId, "(0008,0020)=" + DAY, "(0008,0060)=MR");
    }

    private static io.restassured.response.Response upload(List<Path> files, String query) {
        var request = given();
        for (Path f : files) {
            request = request.multiPart("file", f.toFile());
        }
        return request.multiPart("acc", "").post("/api/dicom/upload" + query);
    }

    private static String post(String acsn, String patientId, String modality, String start) {
        return given().contentType("application/json").body("""
                {"accessionNumber":"%s","patientId":"%s","patientName":"Reconcile Test","modality":"%s","scheduledStart":"%s"}"""
                .formatted(acsn, patientId, modality, start)).post("/api/orders").then().statusCode(201).extract().path("id");
    }

    private static JsonPath awaitOrder(String id, String state) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonPath last = null;
        while (System.nanoTime() < deadline) {
            last = given().get("/api/orders/" + id).then().statusCode(200).extract().jsonPath();
            if (state.equals(last.getString("state"))) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("order " + id + " did not become " + state + ": " + (last == null ? "?" : last.prettify()));
    }
}
