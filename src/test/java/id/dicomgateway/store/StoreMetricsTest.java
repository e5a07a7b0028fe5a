package id.dicomgateway.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The queue's gauges on /q/metrics follow the store (the embedded one here). */
@QuarkusTest
class StoreMetricsTest {

    @Inject
    JobStore store;

    @Test
    void jobsByStateAndTheOldestDueJobAreScraped() throws InterruptedException {
        double before = gauge("gateway_jobs{state=\"RUNNING\"}");
        // Running under another replica's lease, so this one's workers leave them alone.
        store.create(NewJob.queued("PROCESS", "1.2.840.77", "P", "A").runBy("replica-x"));
        store.create(NewJob.queued("PROCESS", "1.2.840.78", "P", "A").runBy("replica-x"));
        Thread.sleep(1100); // the counts are cached for a second
        // at least: jobs of other classes sharing this application may start or end meanwhile
        assertThat(gauge("gateway_jobs{state=\"RUNNING\"}")).isGreaterThanOrEqualTo(before + 2);
        assertThat(gauge("gateway_jobs_oldest_due_seconds")).isGreaterThanOrEqualTo(0.0);
    }

    private static double gauge(String series) {
        String body = Management.given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$").matcher(body);
        assertThat(m.find()).as("%s in /q/metrics", series).isTrue();
        return Double.parseDouble(m.group(1));
    }
}
