package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import id.dicomgateway.client.ApiClient;
import id.dicomgateway.client.ApiException;
import id.dicomgateway.client.api.DicomApi;
import id.dicomgateway.client.model.DirectRequest;
import id.dicomgateway.client.model.Error;
import id.dicomgateway.client.model.ErrorCode;
import id.dicomgateway.client.model.ProcessRequest;
import id.dicomgateway.client.model.RelayResponse;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.restassured.RestAssured;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * process, direct-dcm and download of the corpus's study-mr3 (11 instances) through the
 * generated client, against the packaged gateway, a real PACS (Orthanc) and a real router
 * (storescp). The resources are declared as RelayIT declares them, so one of each serves both.
 */
@QuarkusIntegrationTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class GeneratedClientRelayIT {

    private DicomApi dicom;
    private ApiClient client;

    @BeforeEach
    void setUp() {
        client = ItCredentials.client(RestAssured.port);
        dicom = new DicomApi(client);
    }

    @Test
    void processSendsTheWholeStudyWithTheEdits() throws ApiException {
        RelayResponse sent = dicom.processStudy(new ProcessRequest()
                .study(OrthancResource.STUDY_MR3).patientid("PID-IT-1").acc("ACCIT0001"), null);
        assertThat(sent.getStatus()).isEqualTo("success");
        assertThat(sent.getStudy()).isEqualTo(OrthancResource.STUDY_MR3);
        assertThat(sent.getInstances()).isEqualTo(11);
        assertThat(sent.getSent()).isEqualTo(11);
        assertThat(sent.getFailures()).isNullOrEmpty();
        assertThat(sent.getJobId()).as("the job of the request").isNotBlank();
    }

    @Test
    void directDcmRelaysTheStudyUnchanged() throws ApiException {
        RelayResponse sent = dicom.relayStudy(new DirectRequest().study(OrthancResource.STUDY_MR3), null);
        assertThat(sent.getStatus()).isEqualTo("success");
        assertThat(sent.getSent()).isEqualTo(11);
    }

    @Test
    void anUnknownStudyIsA404StudyNotFound() throws IOException {
        ApiException e = catchThrowableOfType(ApiException.class,
                () -> dicom.relayStudy(new DirectRequest().study("1.2.3.4.5.6.7.8.9"), null));
        assertThat(e.getCode()).isEqualTo(404);
        assertThat(client.getObjectMapper().readValue(e.getResponseBody(), Error.class).getCode())
                .isEqualTo(ErrorCode.STUDY_NOT_FOUND);
    }

    @Test
    void downloadIsAZipOfElevenInstances() throws ApiException, IOException {
        File zip = dicom.downloadStudy(OrthancResource.STUDY_MR3);
        try (ZipFile entries = new ZipFile(zip)) {
            assertThat(entries.size()).isEqualTo(11);
        } finally {
            Files.deleteIfExists(zip.toPath());
        }
    }
}
