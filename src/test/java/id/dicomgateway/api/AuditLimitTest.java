package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * GET /api/audit's filters as a caller can get them wrong (checks are off in this profile, so no key is needed):
 * each is a 400 INVALID_REQUEST that names what it takes. A limit that is not a number was once JAX-RS's 404.
 */
@QuarkusTest
class AuditLimitTest {

    @Test
    void aLimitThatIsNotANumberIsA400NamingTheRange() {
        refused("limit=many", "limit must be a whole number from 1 to 1000, not \"many\"");
        refused("limit=1001", "limit must be a whole number from 1 to 1000, not \"1001\"");
        given().get("/api/audit?limit=3").then().statusCode(200);
    }

    @Test
    void aDayThatIsNotADayIsA400() {
        refused("day=yesterday", "day must be a date as YYYY-MM-DD, e.g. 2026-12-01, not \"yesterday\"");
    }

    private static void refused(String query, String message) {
        given().get("/api/audit?" + query).then().statusCode(400)
                .body("code", equalTo("INVALID_REQUEST"))
                .body("message", equalTo(message));
    }
}
