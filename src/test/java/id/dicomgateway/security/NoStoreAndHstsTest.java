package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Issue 23 row 7: every /api answer (lists with Patient IDs and ACSNs, errors, refusals of the sign-in
 * layer, SSE streams) carries Cache-Control: no-store, and so do the dashboard's pages; HSTS only
 * for HTTPS, which a forwarded header from an untrusted peer does not make (see {@link TrustedProxyTest}).
 */
@QuarkusTest
@TestProfile(EdgeProfile.class)
class NoStoreAndHstsTest {
    private static final String KEY = "Bearer " + EdgeProfile.OPERATOR_KEY;

    @Test
    void everyApiAnswerIsNoStore() throws Exception {
        RawHttp.Answer[] answers = {
            RawHttp.send("GET", "/api/jobs", null, "Authorization", KEY),
            RawHttp.send("GET", "/api/jobs/no-such-job", null, "Authorization", KEY),
            RawHttp.send("GET", "/api/jobs", null),
            RawHttp.send("GET", "/api/jobs", null, "Authorization", "Bearer not-a-key"),
            RawHttp.send("GET", "/api/audit", null, "Authorization", KEY),
            RawHttp.send("POST", "/api/dicom/process", "{", "Authorization", KEY, "Content-Type", "application/json"),
            RawHttp.send("GET", "//api/jobs", null, "Authorization", KEY),
            RawHttp.send("GET", "/api/no-such-thing", null, "Authorization", KEY),
        };
        int[] statuses = {200, 404, 401, 401, 403, 400, 200, 404};
        for (int i = 0; i < answers.length; i++) {
            // The process endpoint is rate-limited per address, and ForwardedForTest may have used this address's minute.
            int expected = statuses[i];
            assertThat(answers[i].status()).as("answer %d: %s", i, answers[i].body()).isIn(expected, expected == 400 ? 429 : expected);
            assertThat(answers[i].header("Cache-Control")).as("answer %d (%d)", i, statuses[i]).isEqualTo("no-store");
            assertThat(answers[i].header("Strict-Transport-Security")).as("plain HTTP: no HSTS (RFC 6797 §7.2)").isNull();
        }
        String cookies = RawHttp.signIn("nurse", EdgeProfile.NURSE_PASSWORD, "t");
        RawHttp.Answer csrf = RawHttp.send("POST", "/api/jobs/X/cancel", "", "Cookie", cookies);
        assertThat(csrf.status()).isEqualTo(403);
        assertThat(csrf.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void theLiveEventStreamIsNoStore() throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<InputStream> sse = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + RestAssured.port + "/api/jobs/events"))
                .header("Authorization", KEY).header("Accept", "text/event-stream").timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = sse.body()) {
            assertThat(sse.statusCode()).isEqualTo(200);
            assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
            assertThat(sse.headers().firstValue("cache-control").orElse(null)).isEqualTo("no-store");
        }
    }

    @Test
    void theDashboardPagesAreNoStoreToo() throws Exception {
        RawHttp.Answer login = RawHttp.send("GET", "/login", null, "Accept", "text/html");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.header("Cache-Control")).isEqualTo("no-store");
        String cookies = RawHttp.signIn("nurse", EdgeProfile.NURSE_PASSWORD, "t");
        RawHttp.Answer dashboard = RawHttp.send("GET", "/", null, "Accept", "text/html", "Cookie", cookies);
        assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
        assertThat(dashboard.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void aForwardedProtoFromAnUntrustedPeerEarnsNoHsts() throws Exception {
        RawHttp.Answer a = RawHttp.send("GET", "/api/jobs", null, "Authorization", KEY, "X-Forwarded-Proto", "https");
        assertThat(a.status()).isEqualTo(200);
        assertThat(a.header("Strict-Transport-Security")).isNull();
    }
}
