package id.dicomgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged gateway in the prod profile with no way to sign in configured does not start, and
 * its log says what to set; no key, no secret in that message.
 */
class AuthStartupIT {
    private static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Test
    void refusesToStartWithoutAnySignInMethodAndSaysWhatToSet() throws Exception {
        Path log = Files.createTempFile("gateway-auth-startup", ".log");
        ProcessBuilder builder = new ProcessBuilder("java", "-jar", JAR.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.remove("GATEWAY_API_KEYS");
        env.remove("GATEWAY_USERS");
        env.remove("GATEWAY_AUTH");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_MANAGEMENT_PORT", "0"); // health and metrics: not the fixed 9000, which another run may hold
        env.put("TEMP_DIR", Files.createTempDirectory("gateway-auth-startup").toString());
        Process gateway = builder.start();
        try {
            assertThat(gateway.waitFor(90, TimeUnit.SECONDS)).as("the gateway exits by itself").isTrue();
            String output = Files.readString(log);
            assertThat(gateway.exitValue()).as(output).isNotZero();
            assertThat(output).contains("No way to sign in is configured", "GATEWAY_API_KEYS", "GATEWAY_USERS", "GATEWAY_OIDC_ENABLED",
                    "GATEWAY_AUTH=none");
        } finally {
            gateway.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
