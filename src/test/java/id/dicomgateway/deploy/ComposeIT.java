package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Debian's docker-compose renders compose.yaml with .env.example (it validates without a Docker
 * engine; nothing is started here), and what it renders has the services, volumes, ports and
 * healthcheck docs/operations.md promises.
 */
class ComposeIT {
    private static final Path ROOT = ExportedMetrics.projectRoot();

    private static JsonNode render(String profiles) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", "compose.yaml", "--env-file", ".env.example"));
        if (profiles != null) {
            command.addAll(List.of("--profile", profiles));
        }
        command.add("config");
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_") || k.startsWith("GATEWAY_") || k.startsWith("ROUTER_"));
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("docker-compose config:%n%s", out).isZero();
        return AlertRules.YAML.readTree(out);
    }

    @Test
    void theDefaultServicesRenderWithVolumesPortsAndHealthcheck() throws Exception {
        JsonNode config = render(null);
        JsonNode services = config.path("services");
        // docker-compose 1.29's config renders every service; a profile keeps one out of a plain `up`
        assertThat(names(services)).containsExactlyInAnyOrder("gateway", "postgres", "gateway-demo", "orthanc");
        assertThat(services.at("/gateway/profiles").isMissingNode()).as("the gateway starts without a profile").isTrue();
        assertThat(services.at("/postgres/profiles").isMissingNode()).as("PostgreSQL starts without a profile").isTrue();
        assertThat(names(config.path("volumes"))).contains("gateway-data", "gateway-temp", "postgres-data");

        JsonNode gateway = services.path("gateway");
        assertThat(gateway.at("/build/dockerfile").asText()).isEqualTo("src/main/docker/Dockerfile.jvm");
        assertThat(gateway.path("restart").asText()).isEqualTo("unless-stopped");
        assertThat(gateway.at("/depends_on/postgres/condition").asText()).isEqualTo("service_healthy");
        assertThat(gateway.at("/healthcheck/test").toString()).contains("http://127.0.0.1:9000/q/health/ready");
        JsonNode env = gateway.path("environment");
        assertThat(env.path("GATEWAY_DB_URL").asText()).isEqualTo("jdbc:postgresql://postgres:5432/dicom_gateway");
        assertThat(env.path("GATEWAY_DB_PASSWORD").asText()).isNotBlank();
        assertThat(env.path("GATEWAY_DATA_DIR").asText()).isEqualTo("/var/lib/dicom-gateway");
        assertThat(env.path("TEMP_DIR").asText()).isEqualTo("/var/tmp/dicom-gateway");
        assertThat(env.path("GATEWAY_TRUSTED_PROXIES").asText()).isEmpty();
        assertThat(gateway.path("volumes").toString()).contains("gateway-data", "/var/lib/dicom-gateway", "gateway-temp",
                "/var/tmp/dicom-gateway");
        // 5000 on every address, 9000 (management) on the VM's loopback only
        String ports = gateway.path("ports").toString();
        assertThat(ports).containsPattern("\"5000:5000\"|published\":\"?5000\"?,\"target\":5000");
        assertThat(ports).contains("127.0.0.1").contains("9000");
        for (JsonNode port : gateway.path("ports")) {
            if (port.toString().contains("9000")) {
                assertThat(port.toString()).contains("127.0.0.1");
            }
        }

        JsonNode postgres = services.path("postgres");
        assertThat(postgres.path("image").asText()).startsWith("postgres:");
        assertThat(postgres.path("volumes").toString()).contains("postgres-data", "/var/lib/postgresql/data");
        assertThat(postgres.at("/healthcheck/test").toString()).contains("pg_isready");
        assertThat(postgres.path("ports").isMissingNode()).as("PostgreSQL is not published on the VM").isTrue();
    }

    @Test
    void theDemoAndOrthancProfilesAddTheirServices() throws Exception {
        JsonNode services = render("demo").path("services");
        assertThat(services.at("/gateway-demo/profiles").toString()).isEqualTo("[\"demo\"]");
        assertThat(services.at("/orthanc/profiles").toString()).isEqualTo("[\"orthanc\"]");
        assertThat(services.at("/gateway-demo/environment/GATEWAY_DEMO").asText()).isEqualTo("true");
        assertThat(services.at("/gateway-demo/environment/GATEWAY_DB_URL").isMissingNode()).as("the demo keeps its own store").isTrue();
        assertThat(services.path("gateway-demo").path("ports").toString()).contains("127.0.0.1");

        services = render("orthanc").path("services");
        assertThat(services.at("/orthanc/image").asText()).startsWith("orthancteam/orthanc");
        assertThat(services.at("/orthanc/environment/DICOM_WEB_PLUGIN_ENABLED").asText()).isEqualTo("true");
    }

    @Test
    void aMissingDatabasePasswordStopsTheRender() throws Exception {
        // the required variables are required: without .env, config names the one to set
        Path empty = java.nio.file.Files.createTempFile("empty", ".env");
        ProcessBuilder pb = new ProcessBuilder("docker-compose", "-f", "compose.yaml", "--env-file", empty.toString(), "config")
                .directory(ROOT.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("COMPOSE_") || k.startsWith("GATEWAY_") || k.startsWith("ROUTER_"));
        Process p = pb.start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        java.nio.file.Files.delete(empty);
        assertThat(p.exitValue()).as(out).isNotZero();
        assertThat(out).containsAnyOf("set GATEWAY_DB_PASSWORD in .env", "set ROUTER_IP in .env");
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
