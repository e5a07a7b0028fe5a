package id.dicomgateway.ui;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DashboardResourceTest {

    @Test
    void indonesianByDefault() {
        given().get("/").then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Set-Cookie", nullValue())
                .body(containsString("<html lang=\"id\">"))
                .body(containsString("EKSEKUSI PROSES"))
                .body(containsString("Riwayat job"))
                .body(not(containsString("RUN PROCESS")));
    }

    @Test
    void englishOnRequestAndRememberedInACookie() {
        given().get("/?lang=en").then().statusCode(200)
                .cookie("lang", "en")
                .body(containsString("<html lang=\"en\">"))
                .body(containsString("RUN PROCESS"))
                .body(containsString("Job history"))
                .body(not(containsString("EKSEKUSI PROSES")));
        given().cookie("lang", "en").get("/").then().statusCode(200).body(containsString("RUN PROCESS"));
        given().cookie("lang", "en").get("/?lang=id").then().statusCode(200).cookie("lang", "id")
                .body(containsString("EKSEKUSI PROSES"));
    }

    @Test
    void unknownLanguageFallsBackToIndonesianWithoutCookie() {
        given().get("/?lang=xx").then().statusCode(200).header("Set-Cookie", nullValue())
                .body(containsString("EKSEKUSI PROSES"));
    }

    @Test
    void assetsAreServedByTheGatewayItself() {
        String page = given().get("/").then().extract().asString();
        org.assertj.core.api.Assertions.assertThat(page).doesNotContain("http://", "https://", "cdn");
        given().get("/ui/app.js").then().statusCode(200).body(containsString("EventSource"));
        given().get("/ui/app.css").then().statusCode(200).body(containsString(".tabs"));
    }
}
