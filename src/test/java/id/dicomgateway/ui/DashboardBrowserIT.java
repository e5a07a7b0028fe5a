package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.api.ErrorCode;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.InstanceOutcome;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The dashboard in headless Chromium against the running gateway, with a real PACS (Orthanc)
 * and a real router (storescp) on loopback.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DashboardBrowserIT {
    private static final String STUDY = "1.2.826.0.1.3680043.8.498.12345";

    @Inject
    JobRegistry jobs;

    @TestHTTPResource("/")
    URI base;

    private Browser browser;

    @BeforeAll
    void startBrowser() throws IOException {
        browser = new Browser();
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void openIndonesian() {
        browser.driver.manage().deleteAllCookies();
        open("/?lang=id");
    }

    private void open(String path) {
        browser.driver.get(base.resolve(path).toString());
        // The script marks the body once the stream of all jobs is open and the history loaded.
        try {
            browser.waiting().until(d -> "true".equals(browser.find("body").getAttribute("data-live")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("page never went live; log: " + browser.find("#log").getText()
                    + " perf: " + browser.script("return performance.getEntriesByType('resource').map(r => r.name + ' ' + r.duration).join(', ')"), e);
        }
    }

    @Test
    @Order(1)
    void loadsInIndonesianAndSwitchesToEnglishAndBack() {
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("id");
        assertThat(browser.find("#form-process button[type=submit]").getText()).isEqualTo("EKSEKUSI PROSES");
        assertThat(browser.find("#history-title").getText()).isEqualTo("Riwayat job");

        browser.find("a.lang[hreflang=en]").click();
        browser.waiting().until(ExpectedConditions.textToBe(org.openqa.selenium.By.id("history-title"), "Job history"));
        assertThat(browser.find("#form-process button[type=submit]").getText()).isEqualTo("RUN PROCESS");
        // The choice is kept in a cookie: the plain URL stays English.
        open("/");
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");

        browser.find("a.lang[hreflang=id]").click();
        browser.waiting().until(ExpectedConditions.textToBe(org.openqa.selenium.By.id("history-title"), "Riwayat job"));
    }

    @Test
    @Order(2)
    void tabsShowOnePanelAtATime() {
        String[] tabs = {"process", "direct", "upload", "save", "satusehat", "orders"};
        for (String tab : tabs) {
            browser.find("#tab-" + tab).click();
            for (String other : tabs) {
                WebElement panel = browser.find("#panel-" + other);
                assertThat(panel.isDisplayed()).as(other + " panel while " + tab + " is selected").isEqualTo(other.equals(tab));
                assertThat(browser.find("#tab-" + other).getAttribute("aria-selected")).isEqualTo(String.valueOf(other.equals(tab)));
            }
        }
        // Keyboard: arrow keys move between tabs, as the WAI-ARIA tabs pattern has it.
        browser.find("#tab-satusehat").sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        assertThat(browser.find("#panel-orders").isDisplayed()).isTrue();
        browser.find("#tab-orders").sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        assertThat(browser.find("#panel-process").isDisplayed()).isTrue();
    }

    @Test
    @Order(3)
    void aJobsProgressBarMovesLiveToHundredPercentAndHistoryFollows() {
        String id = jobs.create(JobKind.PROCESS, STUDY, "20251230004", "P0001").id();
        WebElement card = browser.waiting().until(d -> browser.all("#job-" + id).stream().findFirst().orElse(null));
        jobs.phase(id, JobPhase.FETCHING);
        jobs.started(id, 4, 4L << 20);
        jobs.instanceDone(id, stored("1.2.3.1"));
        jobs.instanceDone(id, stored("1.2.3.2"));
        // Part-way: the bar is live, not set once at the end.
        browser.waiting().until(d -> "50".equals(bar(id).getAttribute("aria-valuenow")));
        assertThat(browser.find("#row-" + id).getAttribute("data-state")).isEqualTo("RUNNING");
        assertThat(browser.find("#job-" + id + " .state").getText()).isEqualTo("Berjalan");

        jobs.instanceDone(id, stored("1.2.3.3"));
        jobs.instanceDone(id, stored("1.2.3.4"));
        jobs.succeeded(id, "4 instances sent");
        browser.waiting().until(d -> browser.find("#job-" + id).getAttribute("class").contains("SUCCEEDED"));
        assertThat(bar(id).getAttribute("aria-valuenow")).isEqualTo("100");
        // The fill animates; once settled it spans the whole bar.
        browser.waiting().until(d -> browser.find("#job-" + id + " .bar-fill").getCssValue("width")
                .equals(browser.find("#job-" + id + " .bar").getCssValue("width")));
        assertThat(browser.find("#job-" + id + " .state").getText()).isEqualTo("Berhasil");
        assertThat(browser.find("#job-" + id + " .job-count").getText()).startsWith("4/4");

        browser.waiting().until(d -> "SUCCEEDED".equals(browser.find("#row-" + id).getAttribute("data-state")));
        assertThat(browser.find("#row-" + id).getText()).contains(STUDY, "20251230004", "4/4", "Berhasil");
        assertThat(browser.find("#log").getText()).contains("[PROCESS] Mengirim 4 instance (4.0 MB) ke Router", "[SUCCESS] 4 instance terkirim ke Router.");
        assertThat(card.isDisplayed()).isTrue();
    }

    private WebElement bar(String id) {
        return browser.find("#job-" + id + " .bar");
    }

    private static InstanceResult stored(String uid) {
        return new InstanceResult(uid, InstanceOutcome.STORED, 0, null, null, 1L << 20);
    }

    @Test
    @Order(4)
    void jobsStartedElsewhereAppearInHistoryAndMonitorLive() {
        String id = jobs.create(JobKind.DIRECT, STUDY, "20250002", null).id();
        browser.waiting().until(d -> !browser.all("#row-" + id).isEmpty());
        jobs.started(id, 3, 3000);
        jobs.instanceDone(id, new InstanceResult("1.2.3.1", InstanceOutcome.STORED, 0, null, null, 1000));
        jobs.instanceDone(id, new InstanceResult("1.2.3.2", InstanceOutcome.FAILED, 0xA700, "REFUSED", "Out of resources", 0));
        jobs.instanceDone(id, new InstanceResult("1.2.3.3", InstanceOutcome.STORED, 0, null, null, 1000));
        jobs.succeeded(id, "done");

        browser.waiting().until(d -> "PARTLY_FAILED".equals(browser.find("#row-" + id).getAttribute("data-state")));
        assertThat(browser.find("#row-" + id).getText()).contains("3/3", "1 gagal", "Sebagian gagal", ErrorCode.ROUTER_FAILED.name());
        assertThat(browser.find("#log").getText()).contains("Instance 1.2.3.2 ditolak: Out of resources");

        // A reload shows the same history from GET /api/jobs.
        open("/");
        browser.waiting().until(d -> !browser.all("#row-" + id).isEmpty());
        assertThat(browser.find("#row-" + id).getText()).contains("Sebagian gagal");
    }

    // Jobs of other test classes share this application and its store, and the store's workers may
    // change them at any moment: each case below follows its own job by id (its row, its API answer),
    // and compares the page's count with the API's at the same time, never with a number read before.

    @Test
    @Order(6)
    void aFailedJobNeedsAttentionAndRetrySendsItAgainKeepingItsFirstAttempt() throws Exception {
        // The record a send to a router that is down leaves: FAILED with ROUTER_FAILED, after one attempt.
        String id = jobs.create(JobKind.DIRECT, OrthancResource.STUDY_MR3, "20250077", null).id();
        jobs.failed(id, FailureCode.ROUTER_FAILED, "Router unreachable: connection refused");
        awaitJob(id, job -> "FAILED".equals(job.getString("state")) && attemptOutcomes(job).equals(List.of("ROUTER_FAILED")));
        browser.waiting().until(d -> "FAILED".equals(stateOfRow(id)));
        awaitCountAsTheApiHasIt();
        assertThat(attentionCount()).isPositive();
        assertThat(browser.find("#attention").getText()).startsWith("Perlu perhatian: ");

        // Filter by state: only FAILED rows remain, ours among them; SUCCEEDED: ours is gone.
        applyFilter("FAILED");
        assertThat(statesOfRows()).isNotEmpty().containsOnly("FAILED");
        assertThat(browser.all("#row-" + id)).hasSize(1);
        applyFilter("SUCCEEDED");
        assertThat(browser.all("#row-" + id)).isEmpty();
        // The count is a button: it shows what needs attention, ours among them.
        click("#attention");
        browser.waiting().until(d -> "FAILED,PARTLY_FAILED,WAITING_FOR_ORDER||".equals(browser.find("#history-body").getAttribute("data-filtered")));
        assertThat(browser.all("#row-" + id)).hasSize(1);
        assertThat(browser.find("#filter-state option:checked").getText()).isEqualTo("Perlu perhatian");
        applyFilter("");

        // Its attempts: one, ROUTER_FAILED, by this replica.
        click("#row-" + id + " .job-attempts");
        browser.waiting().until(d -> id.equals(browser.find("#job-detail").getAttribute("data-job"))
                && outcomesShown().equals(List.of("ROUTER_FAILED")));
        assertThat(browser.find("#job-detail-title").getText()).isEqualTo("Percobaan job " + id);
        browser.waiting().until(d -> browser.find("#attempts-body").getText().contains("Router unreachable: connection refused"));

        // Retry (a POST through app.js's fetch): a worker sends the whole study again, in a new association.
        int before = Router.associations();
        click("#row-" + id + " .job-retry");
        browser.waiting().until(d -> browser.find("#log").getText().contains("Job " + id + " diantrekan lagi"));
        awaitJob(id, job -> "SUCCEEDED".equals(job.getString("state"))
                && attemptOutcomes(job).equals(List.of("ROUTER_FAILED", "SUCCEEDED")));
        Router.awaitEnded(before + 1);
        // The page follows: the row ends SUCCEEDED, and the shown attempts keep the first one.
        browser.waiting().withTimeout(java.time.Duration.ofSeconds(30)).until(d -> "SUCCEEDED".equals(stateOfRow(id)));
        browser.waiting().until(d -> outcomesShown().equals(List.of("ROUTER_FAILED", "SUCCEEDED")));
        assertThat(browser.all("#row-" + id + " .job-retry")).isEmpty();
        awaitCountAsTheApiHasIt();
        // Retries by code: this one went again after ROUTER_FAILED.
        assertThat(Management.given().get("/q/metrics").then().extract().asString())
                .containsPattern("gateway_job_retries_total\\{[^}]*code=\"ROUTER_FAILED\"[^}]*\\} [1-9]");
    }

    @Test
    @Order(6)
    void cancelStopsAJobThatHasNotEndedAndItCanThenBeRetried() {
        // A background job (answered 202) that has not ended: the kind a person may cancel.
        String id = jobs.create(JobKind.PROCESS, STUDY, "20250078", "P0078", false, false, true).id();
        browser.waiting().until(d -> !browser.all("#row-" + id + " .job-cancel").isEmpty());

        click("#row-" + id + " .job-cancel");
        browser.waiting().until(d -> browser.find("#log").getText().contains("Job " + id + " dibatalkan"));
        awaitJob(id, job -> "CANCELLED".equals(job.getString("state")) && attemptOutcomes(job).equals(List.of("CANCELLED")));
        browser.waiting().until(d -> "CANCELLED".equals(stateOfRow(id)));
        assertThat(browser.find("#row-" + id).getText()).contains("Dibatalkan");
        // Cancelled is an end: no Cancel any more, Retry instead.
        browser.waiting().until(d -> browser.all("#row-" + id + " .job-cancel").isEmpty()
                && browser.all("#row-" + id + " .job-retry").size() == 1);
        applyFilter("CANCELLED");
        assertThat(browser.all("#row-" + id)).hasSize(1);
        applyFilter("");
    }

    /** Waits until GET /api/jobs/{id} answers what {@code done} expects (the job's own state, not a row). */
    private static void awaitJob(String id, java.util.function.Predicate<io.restassured.path.json.JsonPath> done) {
        long until = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        io.restassured.path.json.JsonPath last = null;
        while (System.nanoTime() < until) {
            last = io.restassured.RestAssured.given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath();
            if (done.test(last)) {
                return;
            }
            java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L); // poll, not a fixed wait for an effect
        }
        throw new AssertionError("job " + id + " never reached the expected state; last: " + (last == null ? null : last.prettify()));
    }

    private static List<String> attemptOutcomes(io.restassured.path.json.JsonPath job) {
        List<java.util.Map<String, Object>> attempts = job.getList("attempts");
        return attempts.stream().map(a -> a.get("endedAt") == null ? "OPEN"
                : a.get("outcomeCode") == null ? "SUCCEEDED" : String.valueOf(a.get("outcomeCode"))).toList();
    }

    // Read in one script: the page draws these again on every event, so elements found one by one can go stale.
    @SuppressWarnings("unchecked")
    private List<String> outcomesShown() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#attempts-body tr.attempt'))"
                + ".map(r => r.dataset.outcome)");
    }

    @SuppressWarnings("unchecked")
    private List<String> statesOfRows() {
        return (List<String>) browser.script("return Array.from(document.querySelectorAll('#history-body tr')).map(r => r.dataset.state)");
    }

    private String stateOfRow(String id) {
        List<WebElement> rows = browser.all("#row-" + id);
        return rows.isEmpty() ? null : rows.get(0).getAttribute("data-state");
    }

    private void applyFilter(String state) {
        new org.openqa.selenium.support.ui.Select(browser.find("#filter-state")).selectByValue(state);
        click("#filter-apply");
        browser.waiting().until(d -> (state + "||").equals(browser.find("#history-body").getAttribute("data-filtered")));
    }

    /** A row can be drawn again between finding its button and clicking it: find and click as one step. */
    private void click(String css) {
        browser.waiting().ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.ElementClickInterceptedException.class)
                .until(d -> {
                    browser.find(css).click();
                    return true;
                });
    }

    /** The page's count equals the store's (GET /api/jobs/attention) read at the same moment. */
    private void awaitCountAsTheApiHasIt() {
        browser.waiting().until(d -> attentionCount() == io.restassured.RestAssured.given().get("/api/jobs/attention")
                .then().statusCode(200).extract().jsonPath().getInt("count"));
    }

    private int attentionCount() {
        String n = browser.find("#attention").getAttribute("data-count");
        return n == null || n.isEmpty() ? -1 : Integer.parseInt(n);
    }

    @Test
    @Order(5)
    void eachTabShowsTheApisMessageAndCode() {
        browser.find("#process-study").sendKeys("1.2.abc");
        browser.find("#form-process button[type=submit]").click();
        assertAlert("process", ErrorCode.INVALID_UID);

        browser.find("#tab-direct").click();
        browser.find("#form-direct button[type=submit]").click();
        assertAlert("direct", ErrorCode.INVALID_REQUEST);

        browser.find("#tab-upload").click();
        browser.find("#form-upload button[type=submit]").click();
        assertAlert("upload", null);

        browser.find("#tab-save").click();
        browser.find("#save-study").sendKeys("not-a-uid");
        browser.find("#form-save button[type=submit]").click();
        assertAlert("save", ErrorCode.INVALID_UID);

        // No SATUSEHAT credentials in this test: the API says so, and the page shows it.
        browser.find("#tab-satusehat").click();
        browser.find("#satusehat-acsn").sendKeys("20250001");
        browser.find("#form-satusehat button[type=submit]").click();
        assertAlert("satusehat", ErrorCode.SATUSEHAT_NOT_CONFIGURED);
        assertThat(browser.find("#log").getText()).contains("[FAILED]", "(SATUSEHAT_NOT_CONFIGURED)");
    }

    private void assertAlert(String tab, ErrorCode expected) {
        WebElement alert = browser.find("#" + tab + "-alert");
        browser.waiting().until(ExpectedConditions.visibilityOf(alert));
        String code = alert.findElement(org.openqa.selenium.By.cssSelector(".code")).getText();
        if (expected != null) {
            assertThat(code).isEqualTo(expected.name());
        } else {
            assertThat(code).as("a code of the API's error model").matches("[A-Z_]+");
        }
        assertThat(alert.getText()).as("the API's message next to its code").hasSizeGreaterThan(code.length() + 5);
        assertThat(alert.getAttribute("class")).contains("error");
    }

    @Test
    @Order(7)
    void purgeButtonCallsTheApiAndLogs() {
        browser.find("#purge").click();
        browser.waiting().until(d -> browser.find("#log").getText().contains("Folder temporary telah dibersihkan."));
    }

    @Test
    @Order(8)
    void healthStripShowsTheReadinessChecks() {
        // Orthanc and storescp run for this test: the readiness checks "pacs" and "router" are up.
        browser.waiting().until(d -> browser.find("#health-pacs").getAttribute("class").contains("up"));
        browser.waiting().until(d -> browser.find("#health-router").getAttribute("class").contains("up"));
        assertThat(browser.find("#health-pacs").getText()).contains("Terhubung");
        assertThat(browser.find("#health-time").getText()).startsWith("Diperiksa");
    }

    @Test
    @Order(9)
    void noSeriousAccessibilityViolationsInEitherLanguage() throws IOException {
        // With live content on the page: a finished job card, history rows, log lines, an error.
        String id = jobs.create(JobKind.UPLOAD, null, "20250009", "P9").id();
        jobs.started(id, 2, 0);
        jobs.instanceDone(id, stored("1.2.9.1"));
        browser.waiting().until(d -> !browser.all("#job-" + id).isEmpty());
        jobs.instanceDone(id, new InstanceResult("1.2.9.2", InstanceOutcome.FAILED, 0xA700, "REFUSED", "Out of resources", 0));
        jobs.succeeded(id, null);
        browser.waiting().until(d -> browser.all(".job-card.PARTLY_FAILED").size() == 1);
        browser.find("#tab-save").click();
        browser.find("#save-study").sendKeys("x");
        browser.find("#form-save button[type=submit]").click();
        browser.waiting().until(ExpectedConditions.visibilityOf(browser.find("#save-alert")));
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        open("/?lang=en");
        browser.find("#tab-satusehat").click();
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    @Order(10)
    void processHappyPathSendsTheStudyThroughThePage() throws Exception {
        Router.clear();
        int before = Router.associations();
        browser.find("#process-study").sendKeys(OrthancResource.STUDY_MR3);
        browser.find("#process-patientid").sendKeys("PID-UI-1");
        browser.find("#process-acc").sendKeys("ACCUI0001");
        browser.find("#form-process button[type=submit]").click();
        assertSuccess("process");
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(11);
        assertThat(browser.find("#log").getText()).contains("[PROCESS]");
    }

    @Test
    @Order(11)
    void directHappyPathRelaysTheStudy() throws Exception {
        Router.clear();
        int before = Router.associations();
        browser.find("#tab-direct").click();
        browser.find("#direct-study").sendKeys(OrthancResource.STUDY_MR3);
        browser.find("#form-direct button[type=submit]").click();
        assertSuccess("direct");
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(11);
    }

    @Test
    @Order(12)
    void uploadHappyPathSendsSeveralFiles() throws Exception {
        Router.clear();
        int before = Router.associations();
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> study = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            files = study.sorted().limit(2).toList();
        }
        browser.find("#tab-upload").click();
        browser.find("#upload-file").sendKeys(files.get(0) + "\n" + files.get(1));
        browser.find("#upload-acc").sendKeys("ACCUI0002");
        browser.find("#form-upload button[type=submit]").click();
        assertSuccess("upload");
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(2);
    }

    @Test
    @Order(13)
    void saveHappyPathDownloadsTheStudyAsZip() throws Exception {
        browser.find("#tab-save").click();
        browser.find("#save-study").sendKeys(OrthancResource.STUDY_MR3);
        browser.find("#form-save button[type=submit]").click();
        assertSuccess("save");
        Path zip = browser.downloads.resolve(OrthancResource.STUDY_MR3 + ".zip");
        browser.waiting().until(d -> Files.isRegularFile(zip) && sizeOf(zip) > 0);
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(z.size()).isEqualTo(11);
        }
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }

    private void assertSuccess(String tab) {
        WebElement alert = browser.find("#" + tab + "-alert");
        browser.waiting().withTimeout(java.time.Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOf(alert));
        assertThat(alert.getAttribute("class")).as(alert.getText()).contains("ok");
    }

    @Test
    @Order(20)
    void screenshotOfTheWorkingPage() throws IOException {
        // Last, so the page shows what the runs before left: history, a job card, health, log.
        String id = jobs.create(JobKind.PROCESS, OrthancResource.STUDY_MR3, "ACCUI0001", "PID-UI-1").id();
        jobs.phase(id, JobPhase.FETCHING);
        jobs.started(id, 11, 11L * 2600);
        for (int i = 1; i <= 7; i++) {
            jobs.instanceDone(id, new InstanceResult("1.2.3." + i, InstanceOutcome.STORED, 0, null, null, 2600));
        }
        browser.waiting().until(d -> "63".equals(bar(id).getAttribute("aria-valuenow")));
        Path shot = browser.driver.getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target/dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        jobs.failed(id, FailureCode.INTERNAL_ERROR, "test over");
        assertThat(Files.size(Path.of("target/dashboard.png"))).isGreaterThan(10_000);
    }
}
