package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.WireMockServer;
import id.dicomgateway.client.ApiClient;
import id.dicomgateway.client.ApiException;
import id.dicomgateway.client.api.DicomApi;
import id.dicomgateway.client.model.DirectRequest;
import id.dicomgateway.client.model.Error;
import id.dicomgateway.client.model.ErrorCode;
import id.dicomgateway.client.model.ImageIdResult;
import id.dicomgateway.client.model.TempResponse;
import id.dicomgateway.satusehat.SatusehatWireMock.InjectSatusehat;
import id.dicomgateway.satusehat.SatusehatWireMock;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The packaged gateway (the jar quarkus:build made) called through the Java client that
 * openapi-generator made from the OpenAPI document the same build wrote: what a hospital's
 * generated client would see, success bodies and error bodies alike.
 */
@QuarkusIntegrationTest
@WithTestResource(SatusehatWireMock.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class GeneratedClientIT {

    @InjectSatusehat
    WireMockServer satusehat;

    private ApiClient client;

    @BeforeEach
    void setUp() {
        SatusehatWireMock.reset(satusehat, "token-" + UUID.randomUUID(), "14399");
        client = ItCredentials.client(RestAssured.port);
    }

    private Error errorOf(ApiException e) throws IOException {
        return client.getObjectMapper().readValue(e.getResponseBody(), Error.class);
    }

    @Test
    void theProductionBuildServesTheSpecAndSwaggerUi() {
        RestAssured.given().when().get("/q/openapi").then().statusCode(200);
        RestAssured.given().when().get("/docs/").then().statusCode(200);
        RestAssured.given().redirects().follow(false).when().get("/api/docs").then().statusCode(302);
    }

    @Test
    void theProductionBuildRequiresCredentials() {
        RestAssured.given().accept("application/json").when().get("/api/jobs").then().statusCode(401);
        RestAssured.given().header("Authorization", "Bearer not-a-configured-key").when().get("/api/jobs").then().statusCode(401);
        RestAssured.given().header("Authorization", ItCredentials.AUTHORIZATION).when().get("/api/jobs").then().statusCode(200);
    }

    @Test
    void imageIdFound() throws ApiException {
        ImageIdResult result = new DicomApi(client).getImagingStudyId(SatusehatWireMock.ACSN);
        assertThat(result.getStatus()).isEqualTo("success");
        assertThat(result.getImagingStudyId()).isEqualTo(SatusehatWireMock.IMAGING_STUDY_ID);
        assertThat(result.getPatientReference()).isEqualTo(SatusehatWireMock.PATIENT_REFERENCE);
    }

    @Test
    void imageIdNotFoundIsA404WithTheErrorModel() throws IOException {
        ApiException e = catchThrowableOfType(ApiException.class, () -> new DicomApi(client).getImagingStudyId("no-such-acsn"));
        assertThat(e.getCode()).isEqualTo(404);
        Error error = errorOf(e);
        assertThat(error.getStatus()).isEqualTo("error");
        assertThat(error.getCode()).isEqualTo(ErrorCode.IMAGING_STUDY_NOT_FOUND);
        assertThat(error.getMessage()).isEqualTo("No ImagingStudy found for this Accession Number");
    }

    @Test
    void imageIdWithAnAcsnTooLongIsA400() throws IOException {
        ApiException e = catchThrowableOfType(ApiException.class, () -> new DicomApi(client).getImagingStudyId("12345678901234567"));
        assertThat(e.getCode()).isEqualTo(400);
        assertThat(errorOf(e).getCode()).isEqualTo(ErrorCode.INVALID_VALUE);
    }

    @Test
    void healthAndMetricsAreNotOnTheApiPort() {
        // The management interface serves them (issue 23 item 5); the API's port and its OpenAPI document do not.
        RestAssured.given().when().get("/q/health/ready").then().statusCode(404);
        RestAssured.given().when().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void relayWithAMalformedUidIsA400InvalidUid() throws IOException {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> new DicomApi(client).relayStudy(new DirectRequest().study("1.2.03"), null));
        assertThat(e.getCode()).isEqualTo(400);
        assertThat(errorOf(e).getCode()).isEqualTo(ErrorCode.INVALID_UID);
    }

    @Test
    void uploadOfSomethingThatIsNotDicomIsA400() throws IOException {
        Path notDicom = Files.createTempFile("not-dicom", ".txt");
        try {
            Files.writeString(notDicom, "this is not a DICOM file");
            File file = notDicom.toFile();
            ApiException e = catchThrowableOfType(ApiException.class,
                    () -> new DicomApi(client).uploadDicom(file, null, null, null, null, null, null, null));
            assertThat(e.getCode()).isEqualTo(400);
            assertThat(errorOf(e).getCode()).isEqualTo(ErrorCode.NOT_DICOM);
        } finally {
            Files.deleteIfExists(notDicom);
        }
    }

    @Test
    void purgingTheTempAreaAnswersItsReport() throws ApiException {
        TempResponse purged = new DicomApi(client).purgeTemp();
        assertThat(purged.getStatus()).isEqualTo("success");
    }
}
