package id.dicomgateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;

import id.dicomgateway.testing.LogCapture;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** The audit trail of a stretch of mixed use, and the rate limits. Same app as {@link SecurityMatrixIT}. */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(OidcWiremockTestResource.class) // restricted to the class: as a global resource it started with every test application
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class AuditAndRateLimitIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    private static String bearer(String key) {
        return "Bearer " + key;
    }

    @Test
    void mixedUseLeavesOneLinePerActionWithNoPatientNameAndNoSecret() throws Exception {
        Router.clear();
        List<String> secrets = new ArrayList<>(List.of(SecuredProfile.OPERATOR_KEY, SecuredProfile.ADMIN_KEY, SecuredProfile.VIEWER_KEY,
                SecuredProfile.REVOKED_KEY, SecuredProfile.NURSE_PASSWORD));
        String token = Tokens.access("dr.budi", Roles.OPERATOR);
        secrets.add(token);
        String jobId;
        try (LogCapture log = LogCapture.install()) {
            given().header("Authorization", bearer(SecuredProfile.OPERATOR_KEY)).contentType(ContentType.JSON)
                    .body("{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-AUDIT\",\"acc\":\"ACCAUDIT1\"}")
                    .when().post("/api/dicom/process").then().statusCode(200);
            jobId = given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON)
                    .body("{\"study\":\"" + STUDY + "\"}").when().post("/api/dicom/direct-dcm?async=true")
                    .then().statusCode(202).extract().path("jobId");
            given().header("Authorization", bearer(SecuredProfile.VIEWER_KEY)).when().get("/api/dicom/download/" + STUDY).then().statusCode(403);
            given().contentType(ContentType.JSON).body("{\"study\":\"" + STUDY + "\"}").when().post("/api/dicom/process").then().statusCode(401);
            given().header("Authorization", bearer(SecuredProfile.REVOKED_KEY)).when().delete("/api/dicom/temp").then().statusCode(401);
            given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY)).when().get("/api/dicom/download/" + STUDY).then().statusCode(200);
            given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY)).when().delete("/api/dicom/temp").then().statusCode(200);
            given().header("Authorization", bearer(SecuredProfile.VIEWER_KEY)).when().get("/api/jobs").then().statusCode(200);
            Router.awaitEnded(Router.associations());
            Thread.sleep(500);

            List<String> audit = log.lines().stream().filter(l -> l.startsWith("id.dicomgateway.audit ")).toList();
            assertThat(audit).as("one line per action; reading the job list is not one").hasSize(7);
            assertThat(audit).anyMatch(l -> l.contains("who=key:ris-bridge role=operator signIn=api-key action=processStudy study=" + STUDY)
                    && l.contains("result=200") && l.matches(".* job=[0-9a-f-]{36} .*"));
            assertThat(audit).anyMatch(l -> l.contains("who=dr.budi role=operator signIn=oidc action=relayStudy study=" + STUDY + " job=" + jobId + " result=202"));
            assertThat(audit).anyMatch(l -> l.contains("who=key:pacs-viewer role=viewer") && l.contains("action=downloadStudy") && l.contains("result=403"));
            assertThat(audit).anyMatch(l -> l.contains("who=anonymous role=none signIn=anonymous action=processStudy") && l.contains("result=401"));
            assertThat(audit).anyMatch(l -> l.contains("action=purgeTemp") && l.contains("result=401"));
            assertThat(audit).anyMatch(l -> l.contains("who=key:ops-admin role=admin") && l.contains("action=purgeTemp") && l.contains("result=200"));

            String patientName = patientName(Router.files().get(0));
            assertThat(patientName).as("the study's PatientName, to look for").isNotBlank();
            for (String line : log.lines()) {
                assertThat(line).as("log line").doesNotContain(patientName);
                for (String secret : secrets) {
                    assertThat(line).as("log line").doesNotContain(secret);
                }
            }
        }

        Response all = given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY))
                .queryParam("who", "key:ris-bridge").queryParam("action", "processStudy").queryParam("day", LocalDate.now().toString())
                .when().get("/api/audit");
        all.then().statusCode(200).body("size()", org.hamcrest.Matchers.greaterThanOrEqualTo(1))
                .body("who", everyItem(equalTo("key:ris-bridge"))).body("action", everyItem(equalTo("processStudy")))
                .body("study", hasItem(STUDY));
        assertThat(all.asString()).doesNotContain(patientName(Router.files().get(0)));
        given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY)).queryParam("job", jobId).when().get("/api/audit")
                .then().statusCode(200).body("size()", equalTo(1)).body("[0].who", equalTo("dr.budi"));
        given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY)).queryParam("day", LocalDate.now().minusDays(3).toString())
                .when().get("/api/audit").then().statusCode(200).body("size()", equalTo(0));
        given().header("Authorization", bearer(SecuredProfile.ADMIN_KEY)).queryParam("day", "yesterday").when().get("/api/audit")
                .then().statusCode(400);
        given().header("Authorization", bearer(SecuredProfile.OPERATOR_KEY)).when().get("/api/audit").then().statusCode(403);
    }

    private static String patientName(Path file) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/dcmdump", "+P", "0010,0010", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        int open = out.indexOf('[');
        return open < 0 ? "" : out.substring(open + 1, out.indexOf(']', open)).replace('^', ' ').trim().split(" ")[0];
    }

    @Test
    void aKeyThatUsedItsMinuteGets429WithRetryAfterAndOtherKeysGoOn() {
        for (int i = 0; i < SecuredProfile.PER_KEY; i++) {
            int status = given().header("Authorization", bearer(SecuredProfile.BURST_KEY)).header("X-Forwarded-For", "10.9.9.1")
                    .when().get("/api/dicom/imageid/ACC1").statusCode();
            assertThat(status).as("request %d", i + 1).isNotEqualTo(429);
        }
        given().header("Authorization", bearer(SecuredProfile.BURST_KEY)).header("X-Forwarded-For", "10.9.9.2")
                .when().get("/api/dicom/imageid/ACC1")
                .then().statusCode(429).header("Retry-After", org.hamcrest.Matchers.matchesPattern("[1-9][0-9]*"))
                .body("code", equalTo("RATE_LIMITED"));
        given().header("Authorization", bearer(SecuredProfile.VIEWER_KEY)).header("X-Forwarded-For", "10.9.9.2")
                .when().get("/api/dicom/imageid/ACC1").then().statusCode(org.hamcrest.Matchers.not(429));
        // Jobs are not an expensive endpoint: never limited.
        given().header("Authorization", bearer(SecuredProfile.BURST_KEY)).when().get("/api/jobs").then().statusCode(200);
    }

    @Test
    void anAddressThatUsedItsMinuteGets429WhateverKeyItSends() {
        int passed = 0;
        int limited = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 2 * SecuredProfile.PER_ADDRESS && limited == 0; i++) {
            int status = given().header("X-Forwarded-For", "10.7.7.7")
                    .header("Authorization", bearer(SecuredProfile.addressKey(i % SecuredProfile.ADDRESS_KEYS)))
                    .when().get("/api/dicom/imageid/ACC1").statusCode();
            if (status == 429) {
                limited++;
            } else {
                passed++;
            }
        }
        assertThat(limited).as("requests over the address's minute").isGreaterThanOrEqualTo(1);
        double minutes = (System.nanoTime() - start) / 60e9;
        assertThat(passed).as("the minute's allowance, plus what refilled while sending")
                .isBetween(SecuredProfile.PER_ADDRESS, SecuredProfile.PER_ADDRESS + (int) Math.ceil(minutes * SecuredProfile.PER_ADDRESS) + 1);
        given().header("X-Forwarded-For", "10.7.7.8").header("Authorization", bearer(SecuredProfile.addressKey(0)))
                .when().get("/api/dicom/imageid/ACC1").then().statusCode(org.hamcrest.Matchers.not(429));
    }
}
