package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/** Downloads never reach the router; it is there so that this class shares the relay ITs' application (issue 22 step 5). */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class DownloadIT {

    @Test
    void aStudyOfElevenInstancesIsAZipOfElevenValidFiles() throws Exception {
        Response r = given().when().get("/api/dicom/download/" + OrthancResource.STUDY_MR3);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/zip");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + OrthancResource.STUDY_MR3 + ".zip\"");
        Path dir = Files.createTempDirectory("download-test");
        List<String> names = new ArrayList<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(r.asByteArray()))) {
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                names.add(e.getName());
                Files.copy(zip, dir.resolve(e.getName()));
            }
        }
        assertThat(names).hasSize(11).doesNotHaveDuplicates();
        // pydicom, an independent reader, must read all of them as instances of the study.
        assertThat(Pydicom.studyUids(dir)).hasSize(11).containsOnly(OrthancResource.STUDY_MR3);
    }

    @Test
    void aStudyOfOneInstanceIsThatInstance() throws Exception {
        String study = "1.3.6.1.4.1.5962.1.2.1.20040119072730.12322"; // CT_small
        Response r = given().when().get("/api/dicom/download/" + study);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("application/dicom");
        assertThat(r.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + study + ".dcm\"");
        byte[] body = r.asByteArray();
        assertThat(new String(body, 128, 4, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("DICM");
        Path dir = Files.createTempDirectory("download-test");
        Files.write(dir.resolve("one.dcm"), body);
        assertThat(Pydicom.studyUids(dir)).containsExactly(study);
    }

    @Test
    void anUnknownStudyIs404() {
        given().when().get("/api/dicom/download/1.2.3.4.5.6.7.8.9")
                .then().statusCode(404).body("code", equalTo("STUDY_NOT_FOUND")).body("status", equalTo("error"));
    }

    @Test
    void aBadUidIs400() {
        given().when().get("/api/dicom/download/1.02.3")
                .then().statusCode(400).body("code", equalTo("INVALID_UID"));
    }
}
