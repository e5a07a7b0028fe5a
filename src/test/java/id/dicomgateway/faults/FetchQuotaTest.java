package id.dicomgateway.faults;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 item 7: the temporary area's quota runs out while a study is fetched from the PACS and sent
 * at the same time (study-mr3: 11 instances of some 2.3 KB against a 12 000-byte quota). The answer is
 * 507 INSUFFICIENT_STORAGE, and the router's association is aborted, never released, so it files none
 * of the study: never a half-sent study. The temporary area is left empty.
 */
@QuarkusTest
@TestProfile(FaultProfile.SmallTempQuota.class)
class FetchQuotaTest {

    FaultPeers peers;

    @Test
    void theQuotaRunningOutMidStudyIs507AndTheAssociationIsAbortedNotReleased() throws Exception {
        peers.reset();
        String response = given().contentType(ContentType.JSON)
                .body("{\"study\":\"" + peers.study() + "\",\"patientid\":\"PID-Q\",\"acc\":\"ACCQ001\",\"force\":true,\"verify\":false}")
                .when().post("/api/dicom/process")
                .then().statusCode(507).contentType(ContentType.JSON)
                .extract().asString();
        JsonPath body = JsonPath.from(response);
        assertThat(body.getString("code")).as(response).isEqualTo("INSUFFICIENT_STORAGE");
        assertThat(body.getString("message")).contains("GATEWAY_TEMP_QUOTA");
        assertThat(peers.router().stored.size()).as("some instances went out before the quota ran out")
                .isLessThan(peers.instances().size());
        if (!peers.router().received.isEmpty()) {
            long deadline = System.currentTimeMillis() + 5000;
            while (!peers.router().events.contains("A-ABORT") && System.currentTimeMillis() < deadline) {
                Thread.sleep(50);
            }
            assertThat(peers.router().events).as("router events").contains("A-ABORT");
            assertThat(body.getString("message")).contains("aborted, not released");
        }
        assertThat(peers.router().events).as("router events").doesNotContain("A-RELEASE-RQ");
        Path temp = Path.of(FaultProfile.SmallTempQuota.TEMP_DIR);
        try (Stream<Path> left = Files.isDirectory(temp) ? Files.list(temp) : Stream.empty()) {
            assertThat(left.filter(p -> p.getFileName().toString().startsWith("gw-req-"))).as("request directories left").isEmpty();
        }
    }
}
