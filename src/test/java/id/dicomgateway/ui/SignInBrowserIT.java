package id.dicomgateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.security.SecuredProfile;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * A person in headless Chromium: the dashboard sends them to the sign-in page, they sign in with
 * the hospital account (authorization code flow against the test OIDC provider), send the sample
 * study through the page (its call carries the CSRF token), and sign out.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(OidcWiremockTestResource.class) // restricted to the class: as a global resource it started with every test application
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class SignInBrowserIT {

    @Test
    void signInWithTheHospitalAccountSendTheSampleStudyAndSignOut() throws Exception {
        String base = "http://127.0.0.1:" + RestAssured.port;
        try (Browser browser = new Browser()) {
            browser.driver.get(base + "/");
            browser.waiting().until(ExpectedConditions.urlContains("/login"));
            browser.find("#sign-in-oidc").click();

            // The provider's login page (the test provider's own form).
            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("username")));
            browser.find("#username").sendKeys("alice");
            browser.find("#password").sendKeys("alice");
            browser.find("#login").click();

            browser.waiting().until(ExpectedConditions.presenceOfElementLocated(org.openqa.selenium.By.id("form-process")));
            assertThat(browser.driver.getCurrentUrl()).isEqualTo(base + "/");
            browser.waiting().until(d -> !browser.find("#signed-in").getText().isBlank());
            assertThat(browser.find("#signed-in").getText()).isEqualTo("alice (admin)");

            Router.clear();
            int before = Router.associations();
            browser.find("#process-study").sendKeys(OrthancResource.STUDY_MR3);
            browser.find("#process-patientid").sendKeys("PID-SSO-1");
            browser.find("#process-acc").sendKeys("ACCSSO0001");
            browser.find("#form-process button[type=submit]").click();
            var alert = browser.find("#process-alert");
            browser.waiting().withTimeout(Duration.ofSeconds(60)).until(ExpectedConditions.visibilityOf(alert));
            assertThat(alert.getAttribute("class")).as(alert.getText()).contains("ok");
            Router.awaitEnded(before + 1);
            assertThat(Router.files()).hasSize(11);

            browser.find("#sign-out button").click();
            // Until the sign-out has reached the provider's end-session page (or come back to /login): the
            // dashboard's own URL does not say the form was sent, and a navigation made before that is
            // overtaken by the sign-out's redirects (a CI rehearsal was left on the end-session page).
            browser.waiting().until(d -> d.getCurrentUrl().contains("/end-session") || d.getCurrentUrl().contains("/login"));
            browser.driver.get(base + "/");
            browser.waiting().until(ExpectedConditions.urlContains("/login"));
            assertThat(browser.driver.manage().getCookieNamed("q_session_web")).as("the OIDC session is gone").isNull();
        }
    }
}
