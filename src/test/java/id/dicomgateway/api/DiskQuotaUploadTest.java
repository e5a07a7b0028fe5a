package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.relay.files.Bombs;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 23 row 8 through the API: a ZIP bomb uploaded by an operator is 413 with a message a person
 * can act on, after writing a bounded amount; an upload that fits its own allowance but not the
 * gateway's temporary-area quota is 507; either way the temporary area is left empty and nothing
 * reaches the router ({@link NoPacsProfile}'s, which records what reaches it).
 */
@QuarkusTest
@TestProfile(NoPacsProfile.class)
class DiskQuotaUploadTest {

    @TempDir
    Path dir;

    private static long requestDirectories() throws IOException {
        Path temp = Path.of("target/gateway-temp");
        if (!Files.isDirectory(temp)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(temp)) {
            return list.filter(p -> p.getFileName().toString().startsWith("gw-req-")).count();
        }
    }

    @Test
    void aZipBombIs413AndLeavesNothingBehind() throws IOException {
        // an entry whose header says 1 GiB, more than the request's 512M: refused before a byte of it is written
        Path declared = Bombs.zerosZip(dir.resolve("declared.zip"), "zeros.dcm", 1L << 30);
        assertThat(Files.size(declared)).isLessThan(4L << 20);
        given().multiPart("file", declared.toFile(), "application/zip").multiPart("acc", "ACC1").multiPart("patientid", "P1")
                .when().post("/api/dicom/upload")
                .then().statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("'declared.zip'"))
                .body("message", containsString("TEMP_MAX_REQUEST_SIZE"))
                .body("message", containsString("nothing was sent"));
        assertThat(requestDirectories()).as("request directories left in the temporary area").isZero();

        // 256 MiB of zeros in some 250 KiB, within the allowance: the expansion ratio stops it at 100 times
        Path bomb = Bombs.zerosZip(dir.resolve("bomb.zip"), "zeros.dcm", 256L << 20);
        given().multiPart("file", bomb.toFile(), "application/zip").multiPart("acc", "ACC1").multiPart("patientid", "P1")
                .when().post("/api/dicom/upload")
                .then().statusCode(413)
                .body("code", equalTo("TOO_LARGE"))
                .body("message", containsString("ZIP bomb"))
                .body("message", containsString("nothing was sent"));
        assertThat(requestDirectories()).as("request directories left in the temporary area").isZero();
        assertThat(NoPacsProfile.ROUTER.received).as("instances that reached the router").isEmpty();
    }

    @Test
    void anUploadPastTheGatewaysQuotaIs507AndLeavesNothingBehind() throws IOException {
        // 60 entries of 1 MiB, each 16 KiB of noise and zeros: some 60 times smaller zipped, so not a bomb,
        // and each well under the request's 512M, but 60 MiB in all against a 48M quota.
        Random random = new Random(23);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < 60; i++) {
                byte[] entry = new byte[1 << 20];
                byte[] noise = new byte[16 << 10];
                random.nextBytes(noise);
                System.arraycopy(noise, 0, entry, 0, noise.length);
                zip.putNextEntry(new ZipEntry("im" + i + ".dcm"));
                zip.write(entry);
                zip.closeEntry();
            }
        }
        given().multiPart("file", "study.zip", bytes.toByteArray(), "application/zip").multiPart("acc", "ACC1")
                .multiPart("patientid", "P1")
                .when().post("/api/dicom/upload")
                .then().statusCode(507)
                .body("code", equalTo("INSUFFICIENT_STORAGE"))
                .body("message", containsString("GATEWAY_TEMP_QUOTA"));
        assertThat(requestDirectories()).isZero();
        assertThat(NoPacsProfile.ROUTER.received).as("instances that reached the router").isEmpty();
    }
}
