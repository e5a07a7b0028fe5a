package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.in;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The whole corpus through upload, one file per request: edit rows arrive edited, reject rows are 400 with nothing sent. */
@QuarkusTest
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class UploadIT {

    /** The codes a reject row may get, by its MANIFEST note. */
    private static final Map<String, List<String>> REJECT_CODES = Map.of(
            "files/MR_truncated.dcm", List.of("TRUNCATED_DICOM"),
            "files/rtplan_truncated.dcm", List.of("TRUNCATED_DICOM"),
            "files/UN_sequence.dcm", List.of("NOT_STORABLE"),
            "files/nested_priv_SQ.dcm", List.of("NOT_STORABLE"),
            "files/priv_SQ.dcm", List.of("NOT_STORABLE"),
            "files/no_meta.dcm", List.of("NOT_DICOM", "MALFORMED_DICOM"));

    record Row(String file, String expect) {
        @Override
        public String toString() {
            return file + " (" + expect + ")";
        }
    }

    static Stream<Row> manifest() throws IOException {
        return Files.readAllLines(OrthancResource.corpus().resolve("MANIFEST.tsv")).stream().skip(1)
                .map(l -> l.split("\t", -1)).filter(c -> c.length > 3).map(c -> new Row(c[0], c[3]));
    }

    @org.junit.jupiter.api.BeforeAll
    static void logFailures() {
        io.restassured.RestAssured.enableLoggingOfRequestAndResponseIfValidationFails();
    }

    @BeforeEach
    void clearRouter() throws Exception {
        Router.clear();
    }

    @ParameterizedTest
    @MethodSource("manifest")
    void everyCorpusRowGetsWhatTheManifestSays(Row row) throws Exception {
        Path file = OrthancResource.corpus().resolve(row.file());
        int before = Router.associations();
        RequestSpecification request = given().multiPart("file", file.toFile(), "application/dicom")
                .multiPart("patientid", "PID-UPLOAD-1").multiPart("accesionnum", "ACCUP0001");
        if (row.expect().equals("edit")) {
            request.when().post("/api/dicom/upload").then().statusCode(200)
                    .body("status", equalTo("success")).body("files", equalTo(1)).body("instances", equalTo(1)).body("sent", equalTo(1))
                    .body("studies.size()", equalTo(1));
            Router.awaitEnded(before + 1);
            assertThat(Router.associations() - before).isEqualTo(1);
            assertThat(Router.files()).hasSize(1);
            assertThat(Pydicom.idsAndAccessions(Router.received())).containsExactly("PID-UPLOAD-1|ACCUP0001");
            assertThat(Dcmdump.readable(Router.files().get(0))).as("dcmdump reads what the router got").isTrue();
        } else {
            String name = file.getFileName().toString();
            request.when().post("/api/dicom/upload").then().statusCode(400)
                    .body("status", equalTo("error"))
                    .body("code", in(REJECT_CODES.get(row.file())))
                    .body("message", containsString(name));
            assertThat(Router.associations()).as("nothing sent").isEqualTo(before);
            assertThat(Router.files()).isEmpty();
        }
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void oneBadFileAmongGoodOnesStopsTheWholeUpload() throws Exception {
        int before = Router.associations();
        Path corpus = OrthancResource.corpus();
        given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("file", corpus.resolve("files/rtplan_truncated.dcm").toFile())
                .multiPart("file", corpus.resolve("study-mr3/IM02.dcm").toFile())
                .multiPart("acc", "ACC1")
                .when().post("/api/dicom/upload")
                .then().statusCode(400).body("code", equalTo("TRUNCATED_DICOM")).body("message", containsString("rtplan_truncated.dcm"));
        assertThat(Router.associations()).isEqualTo(before);
        RelayIT.assertTempAreaEmpty();
    }

    @Test
    void aZipOfTheStudyGoesInOneAssociation() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes); Stream<Path> files = Files.list(OrthancResource.corpus().resolve("study-mr3"))) {
            for (Path f : files.sorted().toList()) {
                zip.putNextEntry(new ZipEntry("study/" + f.getFileName()));
                zip.write(Files.readAllBytes(f));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("__MACOSX/study/._IM01.dcm"));
            zip.write(new byte[] {0, 5, 22, 7});
            zip.closeEntry();
        }
        int before = Router.associations();
        given().multiPart("file", "study.zip", bytes.toByteArray(), "application/zip")
                .multiPart("patientid", "PZIP").multiPart("acc", "AZIP")
                .when().post("/api/dicom/upload")
                .then().statusCode(200).body("files", equalTo(1)).body("instances", equalTo(11)).body("sent", equalTo(11))
                .body("studies.size()", equalTo(1)).body("studies[0].study", equalTo(OrthancResource.STUDY_MR3));
        Router.awaitEnded(before + 1);
        assertThat(Router.associations() - before).isEqualTo(1);
        assertThat(Pydicom.idsAndAccessions(Router.received())).hasSize(11).containsOnly("PZIP|AZIP");
        RelayIT.assertTempAreaEmpty();
    }

    @io.quarkus.test.common.http.TestHTTPResource("/")
    java.net.URL base;

    @Test
    void aClientThatGoesAwayMidUploadLeavesNothingBehind() throws Exception {
        int before = Router.associations();
        Path temp = Path.of("target/gateway-temp");
        try (java.net.Socket socket = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), base.getPort())) {
            java.io.OutputStream out = socket.getOutputStream();
            out.write(("POST /api/dicom/upload HTTP/1.1\r\nHost: localhost\r\nContent-Type: multipart/form-data; boundary=xyz\r\n"
                    + "Content-Length: 3000000\r\n\r\n--xyz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.dcm\"\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            out.write(new byte[1 << 20]);
            out.flush();
            // The upload is being written into a request directory right now...
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (requestDirectories(temp) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(requestDirectories(temp)).as("a request directory while the upload streams in").isEqualTo(1);
        } // ...and the client goes away.
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (requestDirectories(temp) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        RelayIT.assertTempAreaEmpty();
        assertThat(Router.associations()).isEqualTo(before);
    }

    private static long requestDirectories(Path temp) throws IOException {
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(temp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("gw-req-")).count();
        }
    }

    @Test
    void twoStudiesGoInTwoAssociations() throws Exception {
        int before = Router.associations();
        Path corpus = OrthancResource.corpus();
        given().multiPart("file", corpus.resolve("study-mr3/IM01.dcm").toFile())
                .multiPart("file", corpus.resolve("files/CT_small.dcm").toFile())
                .multiPart("file", corpus.resolve("study-mr3/IM02.dcm").toFile())
                // CT_small has no Accession Number: the router would drop it without one
                .multiPart("acc", "ACCTWO1")
                .when().post("/api/dicom/upload")
                .then().statusCode(200).body("files", equalTo(3)).body("sent", equalTo(3)).body("studies.size()", equalTo(2));
        Router.awaitEnded(before + 2);
        assertThat(Router.associations() - before).isEqualTo(2);
        RelayIT.assertTempAreaEmpty();
    }
}
