package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.receive.GatewayScp;
import id.dicomgateway.receive.ReceiveIT;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * The "DICOM in" page (/ui/receive.html) in headless Chromium: a study storescu sent shows up with its state, the
 * rules in force are listed, in Indonesian by default and in English once chosen; the choice is the dashboard's
 * own "lang" cookie, so both pages follow it. Same profile and peers as {@link ReceiveIT}: one gateway for both.
 */
@QuarkusTest
@TestProfile(ReceiveIT.Profile.class)
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class ReceivePageBrowserIT {
    private static final Map<String, String> STATES_ID = Map.of("ARRIVING", "Masih datang", "FORWARDED", "Diteruskan",
            "KEPT", "Diteruskan, berkas disimpan", "EXPIRED", "Selesai, berkas dihapus", "SKIPPED", "Dilewati",
            "DISCARDED", "Dibuang", "FAILED", "Gagal");

    @Inject
    GatewayScp scp;

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

    @Test
    void showsWhatArrivedAndTheRulesInIndonesianThenEnglish() throws Exception {
        Path file = OrthancResource.corpus().resolve("files/MR_small.dcm");
        String study = DicomFiles.scan(file).studyInstanceUid();
        int port = scp.port().orElseThrow();
        Process p = new ProcessBuilder("storescu", "-aet", "PAGETEST", "-aec", "DICOMGW", "127.0.0.1", Integer.toString(port),
                file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();

        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base.resolve("/ui/receive.html").toString());
        WebElement row = browser.waiting().until(d -> browser.all("tr[data-study='" + study + "']").stream().findFirst().orElse(null));
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("id");
        assertThat(browser.find("#studies-title").getText()).isEqualTo("Studi yang diterima");
        assertThat(browser.find("#rules-title").getText()).isEqualTo("Aturan yang berlaku");
        browser.waiting().until(ExpectedConditions.textToBe(By.id("scp-status"), "Mendengarkan sebagai DICOMGW di port " + port + "."));
        assertThat(browser.find("#rules-body").getText()).contains("from-request").contains("skip-secondary-capture");
        assertThat(browser.find("a.lang[hreflang=id]").getAttribute("aria-current")).isEqualTo("true");
        WebElement state = row.findElement(By.cssSelector("td.state"));
        assertThat(state.getText()).startsWith(STATES_ID.get(state.getAttribute("data-state")));
        assertThat(row.getText()).contains("PAGETEST");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        browser.find("a.lang[hreflang=en]").click();
        browser.waiting().until(ExpectedConditions.textToBe(By.id("studies-title"), "Received studies"));
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        browser.waiting().until(ExpectedConditions.textToBe(By.id("scp-status"), "Listening as DICOMGW on port " + port + "."));
        browser.waiting().until(d -> !browser.all("tr[data-study='" + study + "']").isEmpty());
        assertThat(browser.find("#studies thead").getText()).contains("Last arrival").contains("Instances");
        assertThat(browser.seriousAccessibilityViolations()).isEmpty();

        // The choice is the dashboard's cookie: both pages stay English without ?lang=.
        browser.driver.get(base.resolve("/ui/receive.html").toString());
        browser.waiting().until(ExpectedConditions.textToBe(By.id("rules-title"), "Rules in force"));
        browser.driver.get(base.resolve("/").toString());
        assertThat(browser.find("html").getAttribute("lang")).isEqualTo("en");
        assertThat(List.of("id", "en")).contains(browser.find("html").getAttribute("lang"));
    }
}
