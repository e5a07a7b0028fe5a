package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.OrthancResource;
import id.dicomgateway.testing.Router;
import id.dicomgateway.testing.RouterResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.oidc.server.OidcWiremockTestResource;
import io.restassured.RestAssured;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * People signing in, over plain HTTP as a browser would: the built-in user list's form, and the
 * authorization code flow with the test OIDC provider; cookie attributes, CSRF on the
 * dashboard's state-changing calls, sign-out. Same app as {@link SecurityMatrixIT}.
 */
@QuarkusTest
@TestProfile(SecuredProfile.class)
@WithTestResource(OidcWiremockTestResource.class) // restricted to the class: as a global resource it started with every test application
@WithTestResource(OrthancResource.class)
@WithTestResource(RouterResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class SignInFlowIT {
    private static final String STUDY = OrthancResource.STUDY_MR3;

    private final CookieManager cookies = new CookieManager();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private String base() {
        return "http://127.0.0.1:" + RestAssured.port;
    }

    private HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : base() + url)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String contentType, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue)
                .findFirst().orElse(null);
    }

    private static String setCookie(HttpResponse<?> r, String name) {
        return r.headers().allValues("set-cookie").stream().filter(v -> v.startsWith(name + "=")).findFirst().orElse(null);
    }

    private static String form(String... pairs) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < pairs.length; i += 2) {
            b.append(i == 0 ? "" : "&").append(pairs[i]).append('=').append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void aUserOfTheBuiltInListSignsInSendsWithTheCsrfTokenAndSignsOut() throws Exception {
        assertThat(get("/login").statusCode()).isEqualTo(200);
        assertThat(cookie(CsrfGuard.COOKIE)).as("the page's CSRF token").isNotBlank();

        HttpResponse<String> wrong = post("/j_security_check", "application/x-www-form-urlencoded",
                form("j_username", "nurse", "j_password", "not the password"));
        assertThat(wrong.statusCode()).isEqualTo(302);
        assertThat(wrong.headers().firstValue("location").orElse("")).contains("/login?error=1");
        assertThat(cookie("quarkus-credential")).isNull();

        HttpResponse<String> signIn = post("/j_security_check", "application/x-www-form-urlencoded",
                form("j_username", "nurse", "j_password", SecuredProfile.NURSE_PASSWORD), "X-Forwarded-Proto", "https");
        assertThat(signIn.statusCode()).isEqualTo(302);
        String session = setCookie(signIn, "quarkus-credential");
        assertThat(session).as("session cookie").isNotNull().containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax")
                .containsIgnoringCase("Secure");
        assertThat(session).doesNotContain(SecuredProfile.NURSE_PASSWORD);
        // The https-only cookie would not go back over http: hand it over as the browser behind the ingress would.
        String sessionValue = session.substring("quarkus-credential=".length(), session.indexOf(';'));
        String serverSession = setCookie(signIn, Sessions.COOKIE);
        assertThat(serverSession).as("the session the store ends").isNotNull().containsIgnoringCase("HttpOnly").containsIgnoringCase("Secure");
        String serverSessionValue = serverSession.substring(Sessions.COOKIE.length() + 1, serverSession.indexOf(';'));
        cookies.getCookieStore().removeAll();
        assertThat(get("/login").statusCode()).isEqualTo(200);
        String csrf = cookie(CsrfGuard.COOKIE);
        String cookieHeader = "quarkus-credential=" + sessionValue + "; " + Sessions.COOKIE + "=" + serverSessionValue + "; "
                + CsrfGuard.COOKIE + "=" + csrf;
        HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> me = plain.send(HttpRequest.newBuilder(URI.create(base() + "/auth/me")).header("Cookie", cookieHeader).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(me.body()).contains("\"who\":\"nurse\"", "\"role\":\"operator\"", "\"signIn\":\"password\"");

        Router.clear();
        int before = Router.associations();
        String body = "{\"study\":\"" + STUDY + "\",\"patientid\":\"PID-FORM\",\"acc\":\"ACCFORM01\"}";
        HttpResponse<String> forged = plain.send(HttpRequest.newBuilder(URI.create(base() + "/api/dicom/process"))
                .header("Cookie", cookieHeader).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).as(forged.body()).isEqualTo(403);
        assertThat(forged.body()).contains(Refusal.CSRF);
        assertThat(Router.associations()).as("nothing sent for a forged call").isEqualTo(before);

        HttpResponse<String> sent = plain.send(HttpRequest.newBuilder(URI.create(base() + "/api/dicom/process"))
                .header("Cookie", cookieHeader).header("Content-Type", "application/json").header(CsrfGuard.HEADER, csrf)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(200);
        Router.awaitEnded(before + 1);
        assertThat(Router.files()).hasSize(11);

        HttpResponse<String> out = plain.send(HttpRequest.newBuilder(URI.create(base() + "/auth/logout")).header("Cookie", cookieHeader)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("location").orElse("")).endsWith(LoginResource.PATH);
        assertThat(setCookie(out, "quarkus-credential")).containsIgnoringCase("Max-Age=0");
    }

    @Test
    void theHospitalAccountSignsInThroughTheCodeFlowAndOut() throws Exception {
        HttpResponse<String> start = get("/auth/oidc");
        assertThat(start.statusCode()).isEqualTo(302);
        String authorize = start.headers().firstValue("location").orElseThrow();
        assertThat(authorize).contains("/realms/quarkus", "response_type=code", "client_id=quarkus-web-app", "state=");

        // The provider's login page would take the password; its stub answers with the code straight away.
        String query = URI.create(authorize).getRawQuery();
        String state = param(query, "state");
        String redirectUri = java.net.URLDecoder.decode(param(query, "redirect_uri"), StandardCharsets.UTF_8);
        URI provider = URI.create(authorize);
        HttpResponse<String> login = get(provider.getScheme() + "://" + provider.getAuthority() + "/login?state=" + state
                + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8));
        assertThat(login.statusCode()).isEqualTo(302);
        HttpResponse<String> callback = get(login.headers().firstValue("location").orElseThrow());
        assertThat(callback.statusCode()).as(callback.body()).isEqualTo(302);
        String session = setCookie(callback, "q_session_web");
        assertThat(session).as("OIDC session cookie").isNotNull().containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Lax");
        HttpResponse<String> landing = get(callback.headers().firstValue("location").orElseThrow());
        assertThat(landing.statusCode()).isEqualTo(303);
        assertThat(landing.headers().firstValue("location").orElse("")).endsWith("/");
        assertThat(get("/", "Accept", "text/html").statusCode()).isEqualTo(200);

        HttpResponse<String> me = get("/auth/me");
        assertThat(me.body()).contains("\"who\":\"alice\"", "\"role\":\"admin\"", "\"signIn\":\"oidc\"");
        assertThat(get("/api/audit?limit=5", "Accept", "application/json").statusCode()).as("alice is admin").isEqualTo(200);
        HttpResponse<String> forged = post("/api/dicom/direct-dcm", "application/json", "{\"study\":\"" + STUDY + "\"}");
        assertThat(forged.statusCode()).as("a session cookie without the page's token").isEqualTo(403);

        HttpResponse<String> out = post("/auth/logout", "application/x-www-form-urlencoded", "");
        assertThat(out.statusCode()).isEqualTo(200);
        assertThat(out.body()).contains(LoginResource.OIDC_LOGOUT_PATH);
        HttpResponse<String> providerLogout = get(LoginResource.OIDC_LOGOUT_PATH);
        assertThat(providerLogout.statusCode()).isEqualTo(302);
        assertThat(providerLogout.headers().firstValue("location").orElse("")).contains("/end-session");
        assertThat(get("/api/jobs", "Accept", "application/json").statusCode()).as("signed out").isEqualTo(401);
    }

    private static String param(String query, String name) {
        for (String p : query.split("&")) {
            if (p.startsWith(name + "=")) {
                return p.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no " + name + " in " + query);
    }

}
