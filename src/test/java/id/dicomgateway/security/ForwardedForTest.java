package id.dicomgateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 row 5: with GATEWAY_TRUSTED_PROXIES at its default (empty), an X-Forwarded-For from a
 * machine in a private range (here 127.0.0.1) is not believed: the audit trail records the TCP
 * peer, and forged addresses share the peer's rate-limit bucket instead of getting fresh ones.
 */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class ForwardedForTest {

    /** The address the audit trail recorded for a cancel of job {@code job} sent with X-Forwarded-For: {@code forged}. */
    static String auditedAddress(String forged) {
        String job = "edge-" + UUID.randomUUID();
        given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).header("X-Forwarded-For", forged)
                .header("Forwarded", "for=" + forged).when().post("/api/jobs/" + job + "/cancel").then().statusCode(404);
        List<String> addresses = given().header("Authorization", "Bearer " + EdgeProfile.ADMIN_KEY).queryParam("job", job)
                .when().get("/api/audit").then().statusCode(200).extract().jsonPath().getList("address", String.class);
        assertThat(addresses).as("audit records of job %s", job).hasSize(1);
        return addresses.get(0);
    }

    @Test
    void theAuditTrailRecordsThePeerNotTheForgedAddress() {
        assertThat(auditedAddress("6.6.6.6")).isEqualTo("127.0.0.1");
    }

    @Test
    void forgedAddressesShareThePeersRateLimitBucket() {
        for (int i = 0; i < EdgeProfile.PER_ADDRESS; i++) {
            int status = given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).header("X-Forwarded-For", "6.6.6." + i)
                    .when().get("/api/dicom/imageid/ACC1").statusCode();
            assertThat(status).as("request %d", i + 1).isNotEqualTo(429);
        }
        given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).header("X-Forwarded-For", "6.6.7.1")
                .when().get("/api/dicom/imageid/ACC1").then().statusCode(429);
    }
}
