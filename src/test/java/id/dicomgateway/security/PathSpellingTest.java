package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 row 1: the CSRF guard decides on the path the router matches. A signed-in person's
 * cookie without the page's token is refused on every spelling of a state-changing API path that
 * reaches the resource: {@code //api}, {@code /%61pi} (percent-encoded unreserved letter), {@code /./}
 * and {@code /../}. With the token the same spellings reach the resource (404 JOB_NOT_FOUND), which
 * shows they are routed, not merely refused.
 */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class PathSpellingTest {
    static final List<String> SPELLINGS = List.of("/api/jobs/X/cancel", "//api/jobs/X/cancel", "/%61pi/jobs/X/cancel",
            "/api/./jobs/X/cancel", "/./api/jobs/X/cancel", "/ui/../api/jobs/X/cancel", "/api/jobs/../jobs/X/cancel", "/%61%70%69/jobs/X/cancel");

    @Test
    void aCookieWithoutTheCsrfTokenIsRefusedOnEverySpellingOfTheApiPath() throws Exception {
        String cookies = RawHttp.signIn("nurse", EdgeProfile.NURSE_PASSWORD, "page-token-1");
        for (String path : SPELLINGS) {
            RawHttp.Answer forged = RawHttp.send("POST", path, "", "Cookie", cookies);
            assertThat(forged.status()).as("POST %s with the cookie and no token: %s", path, forged.body()).isEqualTo(403);
            assertThat(forged.body()).as(path).contains(Refusal.CSRF);

            RawHttp.Answer page = RawHttp.send("POST", path, "", "Cookie", cookies, CsrfGuard.HEADER, "page-token-1");
            assertThat(page.status()).as("POST %s with the page's token reaches the resource: %s", path, page.body()).isEqualTo(404);
            assertThat(page.body()).as(path).contains("JOB_NOT_FOUND");
        }
    }

    @Test
    void aProgramWithAnApiKeyNeedsNoCsrfTokenOnAnySpelling() throws Exception {
        for (String path : SPELLINGS) {
            RawHttp.Answer a = RawHttp.send("POST", path, "", "Authorization", "Bearer " + EdgeProfile.OPERATOR_KEY);
            assertThat(a.status()).as("POST %s: %s", path, a.body()).isEqualTo(404);
        }
    }
}
