package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.receive.ReceiveIT;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * PACS_RETRIEVE=wado-uri against Orthanc and storescp: the metadata lists the instances first, then
 * one GET per instance, each sent as it arrives, all in one association. {@link ReceiveIT.Profile} sets
 * the retrieval mode: this class shares the receiving ITs' application (issue 22 step 5).
 */
@QuarkusTest
@TestProfile(ReceiveIT.Profile.class)
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class RelayWadoUriIT {

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    @Test
    void processByWadoUriSendsAllElevenEditedInOneAssociation() throws Exception {
        int before = Router.associations();
        String id = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + OrthancResource.STUDY_MR3 + "\",\"patientid\":\"PID-URI\",\"acc\":\"ACCURI1\"}")
                .when().post("/api/dicom/process")
                .then().statusCode(200)
                .body("instances", equalTo(11))
                .body("sent", equalTo(11))
                .extract().path("jobId");
        Router.awaitEnded(before + 1);
        assertThat(Router.associations() - before).isEqualTo(1);
        assertThat(Pydicom.idsAndAccessions(Router.received())).hasSize(11).containsOnly("PID-URI|ACCURI1");
        // the metadata gave the count before anything was sent
        assertThat(given().get("/api/jobs/" + id).then().statusCode(200).extract().jsonPath().getInt("totalInstances")).isEqualTo(11);
        RelayIT.assertTempAreaEmpty();
    }
}
