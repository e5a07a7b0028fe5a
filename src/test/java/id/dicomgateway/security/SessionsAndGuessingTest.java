package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 23 rows 2, 3 and 4, as a tester tried them: a copy of a signed-out cookie, and guessing
 * passwords on the form and on the router webhook. In order: the guessing locks the test's one
 * address at the end.
 */
@QuarkusTest
@TestProfile(SessionsProfile.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SessionsAndGuessingTest {
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    Sessions sessions;

    private String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private HttpResponse<String> signIn(String user, String password) throws Exception {
        String form = "j_username=" + URLEncoder.encode(user, StandardCharsets.UTF_8) + "&j_password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/j_security_check"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String cookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("set-cookie").stream().filter(v -> v.startsWith(name + "="))
                .map(v -> v.substring(name.length() + 1, v.indexOf(';') < 0 ? v.length() : v.indexOf(';'))).findFirst().orElse(null);
    }

    private HttpResponse<String> get(String path, String cookies) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookies).header("Accept", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String audit(String query) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/audit?" + query))
                .header("Authorization", "Bearer " + SessionsProfile.ADMIN_KEY).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Row 2: sign in, copy the cookie, sign out, reuse the copy: 401 (it was 200), and the session's open event stream closes. */
    @Test
    @Order(1)
    void aCopyOfTheCookieIsRefusedOnceSignedOutAndItsStreamsClose() throws Exception {
        HttpResponse<String> in = signIn("nurse", SessionsProfile.NURSE_PASSWORD);
        assertThat(in.statusCode()).isEqualTo(302);
        String copy = "quarkus-credential=" + cookie(in, "quarkus-credential") + "; " + Sessions.COOKIE + "=" + cookie(in, Sessions.COOKIE);
        assertThat(cookie(in, Sessions.COOKIE)).as("the session cookie").isNotBlank();
        assertThat(get("/api/jobs", copy).statusCode()).as("signed in").isEqualTo(200);

        int before = sessions.openStreams();
        CompletableFuture<HttpResponse<String>> stream = http.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/api/jobs/events"))
                .header("Cookie", copy).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofString());
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sessions.openStreams() == before && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(sessions.openStreams()).as("the dashboard's stream is open").isEqualTo(before + 1);

        HttpResponse<String> out = http.send(HttpRequest.newBuilder(URI.create(base() + "/auth/logout")).header("Cookie", copy)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(cookie(out, Sessions.COOKIE)).as("cleared").isEmpty();

        assertThat(get("/api/jobs", copy).statusCode()).as("the copy taken before signing out").isEqualTo(401);
        assertThat(stream.get(10, TimeUnit.SECONDS).statusCode()).as("the stream ended with the session").isEqualTo(200);
        assertThat(audit("who=nurse&action=signOut")).contains("\"action\":\"signOut\"");
        assertThat(audit("who=nurse&action=signIn")).contains("\"address\":\"127.0.0.1\"");
    }

    /** Row 4: wrong passwords on the router webhook's Basic auth are slowed: 429 with Retry-After, the right one too while locked. */
    @Test
    @Order(2)
    void wrongPasswordsOnTheRouterWebhookAreSlowed() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        String retryAfter = null;
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> r = webhook("router-test:guess-" + i);
            statuses.add(r.statusCode());
            retryAfter = r.headers().firstValue("Retry-After").orElse(retryAfter);
        }
        assertThat(statuses.subList(0, 4)).as("the first wrong passwords").containsOnly(401);
        assertThat(statuses.subList(5, 40)).as("then slowed").containsOnly(429);
        assertThat(Long.parseLong(retryAfter)).isPositive();
        assertThat(webhook("router-test:webhook-Sekr3t").statusCode()).as("locked: not even the right password is looked at").isEqualTo(429);
    }

    private HttpResponse<String> webhook(String credentials) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base() + "/api/router/webhook"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Row 3: 30 wrong passwords for one user, then 60 in parallel: the name locks (429, Retry-After,
     * its right password refused too), the burst is answered at once (429 or 503, never a queue of
     * hashes), and failures and the lock are in the audit trail with the name and the address.
     */
    @Test
    @Order(3)
    void guessingIsSlowedAndSeen() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            statuses.add(signIn("clerk", "guess number " + i).statusCode());
        }
        assertThat(statuses.subList(0, 4)).as("the first wrong passwords: back to the form").containsOnly(302);
        assertThat(statuses.subList(5, 30)).as("then refused without a look").containsOnly(429);
        HttpResponse<String> right = signIn("clerk", SessionsProfile.CLERK_PASSWORD);
        assertThat(right.statusCode()).as("locked: the right password too").isEqualTo(429);
        assertThat(right.headers().firstValue("Retry-After")).isPresent();
        assertThat(cookie(right, Sessions.COOKIE)).isNull();

        long start = System.nanoTime();
        List<CompletableFuture<HttpResponse<String>>> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String form = "j_username=ghost-" + i + "&j_password=guess";
            burst.add(http.sendAsync(HttpRequest.newBuilder(URI.create(base() + "/j_security_check"))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                    HttpResponse.BodyHandlers.ofString()));
        }
        List<Integer> burstStatuses = new ArrayList<>();
        for (CompletableFuture<HttpResponse<String>> f : burst) {
            burstStatuses.add(f.get(60, TimeUnit.SECONDS).statusCode());
        }
        assertThat(burstStatuses).as("answered: back to the form, locked or busy, never an error").allMatch(s -> s == 302 || s == 429 || s == 503);
        assertThat(burstStatuses).as("the burst beyond the hashes at once is answered at once").containsAnyOf(429, 503);
        assertThat(burstStatuses.stream().filter(s -> s == 302).count()).as("hashes computed for the burst").isLessThan(60);
        System.out.printf("60 parallel sign-ins answered in %d ms: %s%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start), burstStatuses);

        // Other names from the same address: it locks after its failures, for every name.
        int tries = 0;
        while (signIn("ghost-seq-" + tries, "guess").statusCode() != 429 && tries < SessionsProfile.ADDRESS_FAILURES) {
            tries++;
        }
        assertThat(tries).as("the address locked within " + SessionsProfile.ADDRESS_FAILURES + " failures").isLessThan(SessionsProfile.ADDRESS_FAILURES);
        HttpResponse<String> nurse = signIn("nurse", SessionsProfile.NURSE_PASSWORD);
        assertThat(nurse.statusCode()).as("the address is locked for every name").isEqualTo(429);
        assertThat(nurse.headers().firstValue("Retry-After")).isPresent();
        String failed = "";
        long auditUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!failed.contains("signInLocked") && System.nanoTime() < auditUntil) {
            failed = audit("who=clerk&limit=1000");
            Thread.sleep(100);
        }
        assertThat(failed).contains("\"action\":\"signInFailed\"", "\"action\":\"signInLocked\"", "\"who\":\"clerk\"",
                "\"address\":\"127.0.0.1\"").doesNotContain("guess number");
    }
}
