package id.dicomgateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The earlier service's calls exactly as its users' scripts make them, with curl: the same paths,
 * field names (including the misspelt 'accesionnum') and form fields still work.
 */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class CurlExamplesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STUDY = OrthancResource.STUDY_MR3;

    @TestHTTPResource("/")
    URL base;

    private String api() {
        return "http://127.0.0.1:" + base.getPort() + "/api";
    }

    private static String curl(Path cwd, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-sS", "--max-time", "60"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("curl %s: %s", command, out).isZero();
        return out;
    }

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    @Test
    void processWithTheOldFieldNames() throws Exception {
        int before = Router.associations();
        // curl -X POST http://gateway:5000/api/dicom/process -H 'Content-Type: application/json' \
        //      -d '{"study":"<uid>","patientid":"P000123","accesionnum":"ACC000123"}'
        JsonNode r = JSON.readTree(curl(Path.of("."), "-X", "POST", api() + "/dicom/process", "-H", "Content-Type: application/json",
                "-d", "{\"study\":\"" + STUDY + "\",\"patientid\":\"P000123\",\"accesionnum\":\"ACC000123\"}"));
        assertThat(r.path("status").asText()).isEqualTo("success");
        assertThat(r.path("sent").asInt()).isEqualTo(11);
        Router.awaitEnded(before + 1);
        assertThat(Pydicom.idsAndAccessions(Router.received())).hasSize(11).containsOnly("P000123|ACC000123");
    }

    @Test
    void directDcm() throws Exception {
        // curl -X POST http://gateway:5000/api/dicom/direct-dcm -H 'Content-Type: application/json' -d '{"study":"<uid>"}'
        JsonNode r = JSON.readTree(curl(Path.of("."), "-X", "POST", api() + "/dicom/direct-dcm", "-H", "Content-Type: application/json",
                "-d", "{\"study\":\"" + STUDY + "\"}"));
        assertThat(r.path("status").asText()).isEqualTo("success");
        assertThat(r.path("instances").asInt()).isEqualTo(11);
        assertThat(r.path("sent").asInt()).isEqualTo(11);
    }

    @Test
    void uploadAFileWithTheFormFields() throws Exception {
        int before = Router.associations();
        Path file = OrthancResource.corpus().resolve("files/CT_small.dcm");
        // curl -X POST http://gateway:5000/api/dicom/upload -F file=@CT_small.dcm -F patientid=P9 -F accesionnum=ACC9
        JsonNode r = JSON.readTree(curl(Path.of("."), "-X", "POST", api() + "/dicom/upload",
                "-F", "file=@" + file, "-F", "patientid=P9", "-F", "accesionnum=ACC9"));
        assertThat(r.path("status").asText()).isEqualTo("success");
        assertThat(r.path("sent").asInt()).isEqualTo(1);
        Router.awaitEnded(before + 1);
        assertThat(Pydicom.idsAndAccessions(Router.received())).containsExactly("P9|ACC9");
    }

    @Test
    void downloadSavesTheStudyUnderItsUid() throws Exception {
        Path dir = Files.createTempDirectory("curl-download");
        // curl -OJ http://gateway:5000/api/dicom/download/<uid>   (saves <uid>.zip)
        curl(dir, "-f", "-O", "-J", api() + "/dicom/download/" + STUDY);
        Path zip = dir.resolve(STUDY + ".zip");
        assertThat(zip).exists();
        try (ZipFile z = new ZipFile(zip.toFile())) {
            assertThat(z.size()).isEqualTo(11);
        }
    }

    @Test
    void anErrorIsStillStatusErrorWithAMessage() throws Exception {
        // the old clients read {"status":"error","message":...}
        JsonNode r = JSON.readTree(curl(Path.of("."), "-X", "POST", api() + "/dicom/process", "-H", "Content-Type: application/json",
                "-d", "{\"study\":\"1.2.3.999999\"}"));
        assertThat(r.path("status").asText()).isEqualTo("error");
        assertThat(r.path("message").asText()).contains("not in the PACS");
        assertThat(r.path("code").asText()).isEqualTo("STUDY_NOT_FOUND");
    }

    @Test
    void purgeTheTemporaryArea() throws Exception {
        Path leftover = Files.createDirectories(Path.of("target/gateway-temp/gw-req-leftoverfromacrash"));
        Files.writeString(leftover.resolve("pacs-1.dcm"), "x".repeat(100));
        // curl -X DELETE http://gateway:5000/api/dicom/temp
        JsonNode r = JSON.readTree(curl(Path.of("."), "-X", "DELETE", api() + "/dicom/temp"));
        assertThat(r.path("status").asText()).isEqualTo("success");
        assertThat(r.path("removed").asInt()).isGreaterThanOrEqualTo(1);
        assertThat(r.path("bytes").asLong()).isGreaterThanOrEqualTo(100);
        assertThat(leftover).doesNotExist();
    }
}
