package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A second packaged gateway on the embedded store of a running one does not start, and says why and what to do
 * instead of H2's advice to use its server mode (with which both would claim the same jobs). The first goes on.
 */
class EmbeddedStoreInUseIT {

    @Test
    void aSecondGatewayOnTheSameEmbeddedStoreSaysItIsInUseAndTheFirstGoesOn() throws Exception {
        Path data = Files.createTempDirectory("gw-shared-store-");
        PackagedGateway first = PackagedGateway.launch("store-first", environment(data)).awaitListening();
        PackagedGateway second = PackagedGateway.launch("store-second", environment(data));
        try {
            assertThat(second.process.waitFor(90, TimeUnit.SECONDS)).as("the second gateway exits by itself").isTrue();
            String output = Files.readString(second.log);
            assertThat(second.process.exitValue()).as(output).isNotZero();
            assertThat(output).contains("The embedded job store in " + data.toAbsolutePath() + " is open in another process",
                    "TEMP_DIR", "GATEWAY_DB_URL").doesNotContain("server mode");
            assertThat(first.managementStatus("/q/health/ready")).as("the first gateway's readiness")
                    .isIn(200, 503); // it answers; the router and PACS it names do not exist here
            assertThat(first.status("/api/jobs")).isEqualTo(200);
        } finally {
            second.process.destroyForcibly();
            first.stop();
        }
    }

    private static Map<String, String> environment(Path data) {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_DATA_DIR", data.toString());
        env.put("GATEWAY_AUTH", "none"); // the store, not the roles, is under test
        env.put("GATEWAY_DB_URL", null);
        env.put("SATUSEHAT_URL", null);
        return env;
    }
}
