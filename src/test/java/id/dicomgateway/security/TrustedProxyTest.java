package id.dicomgateway.security;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 rows 5 and 7, the other side: behind a proxy GATEWAY_TRUSTED_PROXIES names (127.0.0.1
 * here), its X-Forwarded-For is the client's address in the audit trail, and its X-Forwarded-Proto:
 * https makes the answer carry Strict-Transport-Security. {@link SessionsProfile} names the proxy and holds
 * {@link EdgeProfile}'s keys; {@link ForwardedForTest} is the side without a trusted proxy.
 */
@QuarkusTest
@TestProfile(SessionsProfile.class)
class TrustedProxyTest {

    @Test
    void theNamedProxysForwardedForIsBelieved() {
        assertThat(ForwardedForTest.auditedAddress("10.20.3.44")).isEqualTo("10.20.3.44");
    }

    @Test
    void httpsThroughTheNamedProxyEarnsHsts() {
        String hsts = given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).header("X-Forwarded-Proto", "https")
                .when().get("/api/jobs").then().statusCode(200).header("Cache-Control", "no-store").extract().header("Strict-Transport-Security");
        assertThat(hsts).isEqualTo(NoStoreHeaders.HSTS);
        assertThat(given().header("Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY).when().get("/api/jobs").then().statusCode(200)
                .extract().header("Strict-Transport-Security")).as("plain HTTP through the proxy").isNull();
    }
}
