package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.relay.confirm.FastConfirmation;
import id.dicomgateway.satusehat.SatusehatWireMock;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** The SatuSehat tab against a SATUSEHAT stand-in (WireMock with the shared examples), and the tablet layout. */
@QuarkusTest
// The resources of SatusehatChecksIT and StudySearchIT, which the tab does not use: one application for the three
// classes instead of two (an application costs the integration phase about 10 s to build and start).
@WithTestResource(OrthancResource.Own.class)
@WithTestResource(RouterResource.class)
@WithTestResource(SatusehatWireMock.class)
@WithTestResource(FastConfirmation.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DashboardSatusehatBrowserIT {

    @TestHTTPResource("/")
    URI base;

    @SatusehatWireMock.InjectSatusehat
    WireMockServer satusehat;

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
    void freshSatusehat() {
        // The stand-in is shared with other test classes that script failures into it.
        SatusehatWireMock.reset(satusehat, "token-" + UUID.randomUUID(), "14399");
    }

    private void open(String path) {
        browser.driver.get(base.resolve(path).toString());
        browser.waiting().until(d -> "true".equals(browser.find("body").getAttribute("data-live")));
    }

    @Test
    void findsTheImagingStudyIdAndCopiesIt() {
        open("/?lang=en");
        browser.find("#tab-satusehat").click();
        browser.find("#satusehat-acsn").sendKeys(SatusehatWireMock.ACSN);
        browser.find("#form-satusehat button[type=submit]").click();

        browser.waiting().until(ExpectedConditions.visibilityOf(browser.find("#satusehat-result")));
        assertThat(browser.find("#satusehat-id").getText()).isEqualTo(SatusehatWireMock.IMAGING_STUDY_ID);
        assertThat(browser.find("#satusehat-patient").getText()).isEqualTo(SatusehatWireMock.PATIENT_REFERENCE);
        assertThat(browser.find("#log").getText()).contains("ImagingStudy id found: " + SatusehatWireMock.IMAGING_STUDY_ID);

        browser.find("#satusehat-copy").click();
        WebElement copied = browser.find("#satusehat-copied");
        browser.waiting().until(ExpectedConditions.visibilityOf(copied));
        assertThat(copied.getText()).isEqualTo("Copied to the clipboard.");
    }

    @Test
    void unknownAccessionNumberShowsTheApisMessageAndCode() {
        open("/?lang=id");
        browser.find("#tab-satusehat").click();
        browser.find("#satusehat-acsn").sendKeys("999999");
        browser.find("#form-satusehat button[type=submit]").click();
        WebElement alert = browser.find("#satusehat-alert");
        browser.waiting().until(ExpectedConditions.visibilityOf(alert));
        assertThat(alert.getText()).contains("No ImagingStudy found for this Accession Number", "IMAGING_STUDY_NOT_FOUND");
        assertThat(browser.find("#satusehat-result").isDisplayed()).isFalse();
    }

    @Test
    void fitsATabletWithoutSidewaysScrolling() {
        Dimension before = browser.driver.manage().window().getSize();
        try {
            for (Dimension size : new Dimension[] {new Dimension(820, 1180), new Dimension(1180, 820)}) {
                browser.driver.manage().window().setSize(size);
                open("/");
                Object overflow = browser.script("return document.documentElement.scrollWidth - window.innerWidth");
                assertThat(((Number) overflow).intValue()).as("horizontal overflow at " + size).isLessThanOrEqualTo(0);
                assertThat(browser.find("#form-process button[type=submit]").isDisplayed()).isTrue();
            }
        } finally {
            browser.driver.manage().window().setSize(before);
        }
    }
}
