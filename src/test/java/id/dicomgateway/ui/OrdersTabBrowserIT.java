package id.dicomgateway.ui;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.security.ApiKeys;
import id.dicomgateway.security.Users;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.support.ui.Select;

/**
 * The Orders tab (issue 24 part 5) in headless Chromium, signed in as the built-in users: a viewer sees the day's
 * worklist by modality and state and the studies that wait for their order, with their reason, and no button; an
 * operator assigns a waiting study to an order and cancels an order, in English and in Indonesian. The waiting jobs
 * are made here, their files on a node no worker of this process is, so they stay queued once assigned.
 */
@QuarkusTest
@TestProfile(OrdersTabBrowserIT.Profile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class OrdersTabBrowserIT {
    static final String OPERATOR_KEY = "gw_orders_tab_operator_1a2b3c4d5e6f7a8b9c0d";
    static final String VIEWER_PASSWORD = "a viewer's long enough password";
    static final String OPERATOR_PASSWORD = "an operator's long enough password";
    /** A day no other test schedules on, set in the tab's day field. */
    static final String DAY = "2033-01-15";

    public static final class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> c = new HashMap<>();
            c.put("gateway.auth.mode", "required");
            c.put("gateway.auth.api-keys", "simrs:operator:" + ApiKeys.sha256Hex(OPERATOR_KEY));
            c.put("gateway.auth.users", "desk:viewer:" + Users.hash(VIEWER_PASSWORD.toCharArray(), "0123456789abcdef".getBytes(), 100_000)
                    + ",nurse:operator:" + Users.hash(OPERATOR_PASSWORD.toCharArray(), "fedcba9876543210".getBytes(), 100_000));
            return c;
        }
    }

    @TestHTTPResource("/")
    URI base;

    @Inject
    JobRegistry jobs;

    private Browser browser;
    private final Map<String, String> orders = new HashMap<>();
    private String waitingFirst;
    private String waitingSecond;

    @BeforeAll
    void start() throws IOException {
        browser = new Browser();
    }

    /** Once, before the first test: RestAssured knows the application's port only from then on. */
    private void orders() {
        if (!orders.isEmpty()) {
            return;
        }
        orders.put("TAB0001", post("TAB0001", "P-TAB-1", "CR", DAY + "T09:00:00+07:00"));
        orders.put("TAB0002", post("TAB0002", "P-TAB-1", "CR", DAY + "T14:00:00+07:00"));
        orders.put("TAB0003", post("TAB0003", "P-TAB-2", "CT", DAY + "T10:30:00+07:00"));
        waitingFirst = waiting("P-TAB-1");
        waitingSecond = waiting("P-TAB-9");
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void signedOut() {
        orders();
        browser.driver.get(base.resolve("/login").toString());
        browser.driver.manage().deleteAllCookies();
    }

    private String waiting(String patientId) {
        return jobs.createWaiting(JobKind.UPLOAD, patientId, false, true, "node-elsewhere", "tab-test-" + UUID.randomUUID(),
                "AccessionNumber empty, no order chosen: 2 open orders (ambiguous, none chosen) for PatientID \"" + patientId
                        + "\", modality [CR] and day " + DAY).id();
    }

    private static String post(String acsn, String patientId, String modality, String start) {
        return given().auth().oauth2(OPERATOR_KEY).contentType("application/json").body("""
                {"accessionNumber":"%s","patientId":"%s","patientName":"Tab^Test","modality":"%s","scheduledStart":"%s"}"""
                .formatted(acsn, patientId, modality, start)).post("/api/orders").then().statusCode(201).extract().path("id");
    }

    private void signIn(String user, String password) {
        browser.driver.get(base.resolve("/login").toString());
        browser.find("#j_username").sendKeys(user);
        browser.find("#j_password").sendKeys(password);
        browser.find("#sign-in").click();
        browser.waiting().until(d -> !d.getCurrentUrl().contains("/login") && !d.getCurrentUrl().contains("j_security_check"));
    }

    /** Opens the tab in {@code lang} on {@link #DAY} and waits for both lists and the role. */
    private void openTab(String lang) {
        browser.driver.get(base.resolve("/?lang=" + lang).toString());
        // orders.js sets data-role once it knows who signed in; until then the attribute is absent.
        browser.waiting().until(d -> {
            String role = browser.find("#panel-orders").getAttribute("data-role");
            return role != null && !role.isEmpty();
        });
        browser.find("#tab-orders").click();
        browser.script("document.getElementById('orders-day').value = arguments[0];", DAY);
        reload();
    }

    private void reload() {
        String before = String.valueOf(browser.find("#panel-orders").getAttribute("data-loaded"));
        browser.find("#orders-refresh").click();
        // A load for another day (the tab's own, still in flight) also moves data-loaded: wait for one of DAY.
        browser.waiting().until(d -> !before.equals(String.valueOf(browser.find("#panel-orders").getAttribute("data-loaded")))
                && DAY.equals(browser.find("#panel-orders").getAttribute("data-day")));
    }

    private String summary(String modality, String state) {
        return browser.find("#orders-summary-body tr[data-modality='" + modality + "'] td[data-state='" + state + "']").getText();
    }

    @Test
    void aViewerSeesTheWorklistAndWhatIsUnmatchedButNoButtonInBothLanguages() {
        signIn("desk", VIEWER_PASSWORD);
        for (String lang : List.of("en", "id")) {
            openTab(lang);
            assertThat(browser.find("#tab-orders").getText()).isEqualTo(lang.equals("en") ? "Orders" : "Order");
            assertThat(browser.find("#orders-viewer").isDisplayed()).isTrue();
            assertThat(browser.find("#orders-viewer").getText()).contains(lang.equals("en") ? "only operators" : "hanya operator");
            assertThat(browser.all("#orders-body tr[data-state]")).hasSize(3);
            assertThat(summary("CR", "SCHEDULED")).isEqualTo("2");
            assertThat(summary("CT", "SCHEDULED")).isEqualTo("1");
            assertThat(browser.find("#order-" + orders.get("TAB0003")).getText()).contains("TAB0003", "P-TAB-2", "Tab Test", "CT",
                    lang.equals("en") ? "Scheduled" : "Terjadwal");
            assertThat(browser.find("#unmatched-" + waitingFirst).getText()).contains("P-TAB-1", "2 open orders (ambiguous");
            assertThat(browser.all("#panel-orders button.assign, #panel-orders select.assign-order, #panel-orders .order-cancel"))
                    .isEmpty();
            assertThat(browser.find("#orders-unmatched-title").getText())
                    .isEqualTo(lang.equals("en") ? "Unmatched: waiting for an order" : "Belum punya order");
        }
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    void anOperatorAssignsAWaitingStudyAndCancelsAnOrder() {
        signIn("nurse", OPERATOR_PASSWORD);
        openTab("en");
        assertThat(browser.find("#orders-viewer").isDisplayed()).isFalse();
        new Select(browser.find("#unmatched-" + waitingFirst + " select.assign-order")).selectByValue(orders.get("TAB0002"));
        browser.find("#unmatched-" + waitingFirst + " button.assign").click();
        browser.waiting().until(d -> browser.all("#unmatched-" + waitingFirst).isEmpty());
        browser.waiting().until(d -> browser.find("#order-" + orders.get("TAB0002")).getText().contains("Images received"));
        assertThat(browser.find("#log").getText()).contains("Job " + waitingFirst + " assigned to the order with ACSN TAB0002");
        assertThat(summary("CR", "IMAGES_RECEIVED")).isEqualTo("1");
        var job = given().auth().oauth2(OPERATOR_KEY).get("/api/jobs/" + waitingFirst).then().statusCode(200).extract().jsonPath();
        assertThat(job.getString("state")).isEqualTo("QUEUED");
        assertThat(job.getString("accessionNumber")).isEqualTo("TAB0002");

        // In Indonesian, the same buttons in its words; cancel the CT order.
        openTab("id");
        assertThat(browser.find("#unmatched-" + waitingSecond + " button.assign").getText()).isEqualTo("Tetapkan");
        var cancel = browser.find("#order-" + orders.get("TAB0003") + " .order-cancel");
        assertThat(cancel.getText()).isEqualTo("Batalkan");
        // The first click only asks, naming the order; nothing is cancelled until the second.
        cancel.click();
        assertThat(cancel.getText()).isEqualTo("Yakin? Batalkan order TAB0003");
        assertThat(given().auth().oauth2(OPERATOR_KEY).get("/api/orders/" + orders.get("TAB0003")).then().statusCode(200)
                .extract().path("state").toString()).isEqualTo("SCHEDULED");
        cancel.click();
        browser.waiting().until(d -> browser.find("#order-" + orders.get("TAB0003")).getText().contains("Dibatalkan"));
        assertThat(summary("CT", "CANCELLED")).isEqualTo("1");
        assertThat(browser.all("#order-" + orders.get("TAB0003") + " .order-cancel")).isEmpty();
        assertThat(given().auth().oauth2(OPERATOR_KEY).get("/api/orders/" + orders.get("TAB0003")).then().statusCode(200)
                .extract().path("state").toString()).isEqualTo("CANCELLED");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }
}
