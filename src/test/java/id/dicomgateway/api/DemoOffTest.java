package id.dicomgateway.api;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import id.dicomgateway.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Demo mode is never on unless asked: off here (test profile) and in prod, on only in dev. */
@QuarkusTest
class DemoOffTest {

    @Test
    void withoutDemoModeThereIsNoReceiverAndThePacsIsTheConfiguredOne() {
        given().when().get("/api/demo/router").then().statusCode(404)
                .body("code", equalTo("NOT_FOUND")).body("message", containsString("GATEWAY_DEMO=true"));
        // the sample itself is served in every mode
        given().when().get("/api/demo/sample.zip").then().statusCode(200).contentType("application/zip");
        Management.given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'router' }.data.receiver", equalTo("router"));
    }

    @Test
    void theDefaultsAreOffForTheJarAndOnInDevMode() throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("src/main/resources/application.properties"), StandardCharsets.UTF_8)) {
            p.load(r);
        }
        assertThat(p.getProperty("gateway.demo.enabled")).isEqualTo("${GATEWAY_DEMO:false}");
        assertThat(p.getProperty("%dev.gateway.demo.enabled")).isEqualTo("${GATEWAY_DEMO:true}");
        assertThat(p.stringPropertyNames()).noneMatch(k -> k.startsWith("%prod.gateway.demo"));
    }
}
