package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.jobs.InstanceOutcome;
import id.dicomgateway.relay.jobs.InstanceResult;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobPhase;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.testing.DemoProfile;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.OutputType;

/**
 * The dashboard in demo mode, as a newcomer sees it: the banner, the PACS and SATUSEHAT shown as
 * not configured rather than down, and the sample study sent in one click through the real upload
 * path with edited values that then show up in the receiver's list. Also the monitor's polish: one
 * "sending" line per start, sizes in the unit that fits, a finished bar at its final width.
 */
@QuarkusTest
@TestProfile(DemoProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DashboardDemoBrowserIT {

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

    private void open(String path) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base.resolve(path).toString());
        browser.waiting().until(d -> "true".equals(browser.find("body").getAttribute("data-live"))
                && "true".equals(browser.find("body").getAttribute("data-demo-live")));
    }

    @Test
    @Order(1)
    void theBannerAndTheUnconfiguredPeersSayWhatDemoModeIsInBothLanguages() {
        open("/?lang=id");
        assertThat(browser.find("#demo-banner").getText()).contains("Mode demo aktif", "GATEWAY_DEMO=false");
        assertThat(browser.find("#demo-send").getText()).isEqualTo("KIRIM CONTOH STUDI");
        browser.waiting().until(d -> browser.find("#health-pacs").getAttribute("class").contains("off"));
        assertThat(browser.find("#health-pacs").getText()).contains("Tidak dikonfigurasi");
        assertThat(browser.find("#health-satusehat").getText()).contains("pemeriksaan dilewati");
        browser.waiting().until(d -> browser.find("#health-router").getAttribute("class").contains("up"));

        open("/?lang=en");
        assertThat(browser.find("#demo-banner").getText()).contains("Demo mode is on", "embedded receiver");
        assertThat(browser.find("#demo-send").getText()).isEqualTo("SEND THE SAMPLE STUDY");
        browser.waiting().until(d -> browser.find("#health-pacs").getText().contains("Not configured"));
        assertThat(browser.find("#health-satusehat").getText()).contains("Not configured, checks skipped");
        assertThat(browser.find("#health-router").getText()).contains("Connected");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();
    }

    @Test
    @Order(2)
    void oneClickSendsTheSampleWithTheEditedValuesAndTheReceiverListShowsThem() throws IOException {
        open("/?lang=en");
        browser.find("#demo-patientid").clear();
        browser.find("#demo-patientid").sendKeys("P-CLICK-7");
        browser.find("#demo-acc").clear();
        browser.find("#demo-acc").sendKeys("ACC-CLICK-7");
        browser.find("#demo-send").click();

        browser.waiting().withTimeout(java.time.Duration.ofSeconds(60)).until(d -> browser.all("#demo-received .rx-patientid").stream()
                .anyMatch(e -> e.getText().equals("P-CLICK-7")));
        String item = browser.find("#demo-received li").getText();
        assertThat(item).contains("Released", "DICOMGW", "10 instances", "P-CLICK-7", "ACC-CLICK-7");
        browser.waiting().until(d -> browser.find("#log").getText().contains("[ROUTER] Demo receiver got 10 instances from DICOMGW (Released)"));
        String log = browser.find("#log").getText();
        // one line for the start of the send, with the size as it is (about 300 KB, in KB)
        assertThat(Arrays.stream(log.split("\n")).filter(l -> l.contains("Sending 10 instances")).toList())
                .hasSize(1).allMatch(l -> l.matches(".*Sending 10 instances \\(29\\d\\.\\d KB\\) to the Router.*"));
        assertThat(log).contains("[SUCCESS] 10 instances sent to the Router.");

        Files.createDirectories(Path.of("target"));
        Files.copy(browser.driver.getScreenshotAs(OutputType.FILE).toPath(), Path.of("target/dashboard-demo.png"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    @Order(3)
    void aCountLearntLateIsNoSecondStartAndSmallSizesKeepTheirUnit() {
        open("/?lang=id");
        String id = jobs.create(JobKind.PROCESS, "1.2.826.0.1.3680043.8.498.777", "ACC777", "P777").id();
        browser.waiting().until(d -> !browser.all("#job-" + id).isEmpty());
        jobs.phase(id, JobPhase.FETCHING);
        // as process does for study-mr3: the size unknown (0), then the PACS's count confirmed
        jobs.started(id, 11, 0);
        jobs.expect(id, 11);
        for (int i = 1; i <= 11; i++) {
            jobs.instanceDone(id, new InstanceResult("1.2.3." + i, InstanceOutcome.STORED, 0, null, null, 2020));
        }
        jobs.succeeded(id, "11 instances sent");
        browser.waiting().until(d -> browser.find("#job-" + id).getAttribute("class").contains("SUCCEEDED"));
        String log = browser.find("#log").getText();
        assertThat(Arrays.stream(log.split("\n")).filter(l -> l.contains("Mengirim 11 instance")).toList())
                .containsExactly(log.lines().filter(l -> l.contains("Mengirim 11 instance")).findFirst().orElseThrow());
        assertThat(log).contains("[PROCESS] Mengirim 11 instance ke Router").doesNotContain("0 MB");
        assertThat(browser.find("#job-" + id + " .job-meta").getText()).contains("21.7 KB");
        // The final state at once: no half-filled bar next to 100%.
        assertThat(browser.find("#job-" + id + " .bar-fill").getCssValue("width"))
                .isEqualTo(browser.find("#job-" + id + " .bar").getCssValue("width"));
    }
}
