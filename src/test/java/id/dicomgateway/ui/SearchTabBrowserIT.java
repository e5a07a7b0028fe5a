package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;

/**
 * The search tab in headless Chromium against Orthanc (three generated studies of its own) and
 * storescp: search, see the status badges, edit a row's ACSN and Patient ID, select two rows,
 * send them as a batch and watch it finish; the router gets the edited values. Then the same page
 * at 1280 wide and at tablet width, in both languages, without serious accessibility violations.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class SearchTabBrowserIT {
    private static final String PREFIX = "UI" + (System.nanoTime() % 100000) + "-";

    @TestHTTPResource("/")
    URI base;

    private Browser browser;
    private List<String> studies;

    @BeforeAll
    void start() throws Exception {
        studies = load(3);
        browser = new Browser();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void searchSelectEditSendAndWatchTheBatchFinish() throws Exception {
        open("/?lang=id");
        browser.find("#tab-search").click();
        browser.waiting().until(d -> browser.find(".layout").getAttribute("class").contains("wide"));
        browser.find("#search-patientid").sendKeys(PREFIX + "*");
        browser.find("#form-search button[type=submit]").click();
        browser.waiting().until(d -> browser.all("#search-body tr").size() == 3);
        assertThat(browser.find("#search-summary").getText()).isEqualTo("Study 1–3 dari 3");
        // SATUSEHAT is not configured in this profile: every badge ends as "unknown", none stays "checking".
        browser.waiting().until(d -> browser.all("#search-body .verdict.CHECKING").isEmpty());
        assertThat(browser.all("#search-body .verdict.UNKNOWN")).hasSize(3);
        assertThat(browser.find("#search-body").getText()).contains("SANTOSO BUDI");

        WebElement first = row(studies.get(0));
        WebElement second = row(studies.get(1));
        WebElement acc = first.findElement(org.openqa.selenium.By.cssSelector("input.acc"));
        acc.clear();
        acc.sendKeys("UIEDIT1");
        WebElement pid = first.findElement(org.openqa.selenium.By.cssSelector("input.pid"));
        pid.clear();
        pid.sendKeys("PIDEDIT1");
        first.findElement(org.openqa.selenium.By.cssSelector("input.pick")).click();
        second.findElement(org.openqa.selenium.By.cssSelector("input.pick")).click();
        assertThat(browser.find("#search-selected").getText()).isEqualTo("2 dipilih");

        Router.clear();
        // The page lists the newest batches of the gateway too (other tests' here): the new card is the one not there before.
        List<String> earlier = browser.all("#batches .batch-card").stream().map(c -> c.getAttribute("id")).toList();
        browser.find("#search-send").click();
        WebElement card = browser.waiting().until(d -> browser.all("#batches .batch-card").stream()
                .filter(c -> !earlier.contains(c.getAttribute("id"))).findFirst().orElse(null));
        String cardId = card.getAttribute("id");
        browser.waiting().withTimeout(Duration.ofSeconds(90)).until(d -> "DONE".equals(card.getAttribute("data-state")));
        assertThat(card.getAttribute("class")).contains("SUCCEEDED");
        assertThat(card.findElement(org.openqa.selenium.By.cssSelector(".bar")).getAttribute("aria-valuenow")).isEqualTo("100");
        // The batch is the gateway's, not the page's: a reload shows it again.
        open("/");
        WebElement again = browser.waiting().until(d -> browser.all("#" + cardId).stream().findFirst().orElse(null));
        browser.waiting().until(d -> "DONE".equals(again.getAttribute("data-state")));

        String received = dump(Router.received());
        assertThat(received).contains(studies.get(0) + "\tUIEDIT1\tPIDEDIT1", studies.get(1) + "\t" + PREFIX + "ACC0002\t" + PREFIX + "P00000000002")
                .doesNotContain(studies.get(2));
    }

    @Test
    void usableAt1280AndOnATabletInBothLanguages() {
        for (String lang : List.of("id", "en")) {
            for (Dimension size : List.of(new Dimension(1280, 900), new Dimension(820, 1180))) {
                browser.driver.manage().window().setSize(size);
                open("/?lang=" + lang);
                browser.find("#tab-search").click();
                browser.find("#search-patientid").sendKeys(PREFIX + "*");
                browser.find("#form-search button[type=submit]").click();
                browser.waiting().until(d -> browser.all("#search-body tr").size() == 3);
                browser.waiting().until(d -> browser.all("#search-body .verdict.CHECKING").isEmpty());
                // The page itself never scrolls sideways; a wide table scrolls inside its own box.
                Number overflow = (Number) browser.script("return document.documentElement.scrollWidth - window.innerWidth;");
                assertThat(overflow.intValue()).as(lang + " at " + size).isLessThanOrEqualTo(0);
                assertThat(browser.find("#search-send").isDisplayed()).isTrue();
                assertThat(browser.seriousAccessibilityViolations()).as(lang + " at " + size).isEmpty();
            }
        }
        assertThat(browser.find("#search-summary").getText()).isEqualTo("Studies 1–3 of 3");
        java.nio.file.Path shot = browser.driver.getScreenshotAs(org.openqa.selenium.OutputType.FILE).toPath();
        try {
            Files.copy(shot, Path.of("target/search-tab-tablet.png"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        browser.driver.manage().window().setSize(new Dimension(1366, 1100));
    }

    private WebElement row(String uid) {
        return browser.find("#search-body tr[data-uid='" + uid + "']");
    }

    private void open(String path) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base.resolve(path).toString());
        browser.waiting().until(d -> "true".equals(browser.find("body").getAttribute("data-live")));
    }

    private static List<String> load(int n) throws Exception {
        Path dir = Files.createTempDirectory("ui-studies-");
        Process gen = new ProcessBuilder("/usr/bin/python3", Path.of("src/test/resources/search/make_studies.py").toAbsolutePath().toString(),
                OrthancResource.corpus().toString(), dir.toString(), String.valueOf(n), "3", PREFIX)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(gen.waitFor()).isZero();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        String orthanc = ConfigProvider.getConfig().getValue("test.orthanc.url", String.class);
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(orthanc + "/instances"))
                        .POST(HttpRequest.BodyPublishers.ofFile(f)).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
                Files.delete(f);
            }
        }
        Files.delete(dir);
        return out.strip().lines().map(l -> l.split("\t", -1)[0]).toList();
    }

    /** One line per received file: StudyInstanceUID, AccessionNumber, PatientID (pydicom). */
    private static String dump(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", """
                import os, sys, pydicom
                d = sys.argv[1]
                for f in sorted(os.listdir(d)):
                    ds = pydicom.dcmread(os.path.join(d, f))
                    print(ds.StudyInstanceUID + "\\t" + str(ds.AccessionNumber) + "\\t" + str(ds.PatientID))
                """, dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
