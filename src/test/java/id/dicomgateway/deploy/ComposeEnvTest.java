package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * .env.example and compose.yaml agree with each other and with the gateway: every variable a
 * hospital is told to set is one the gateway reads (application.properties) or Compose uses, each is
 * explained, and every variable compose.yaml takes from .env is in .env.example. (docker-compose
 * itself renders the file in ComposeIT.)
 */
class ComposeEnvTest {
    private static final Path ROOT = ExportedMetrics.projectRoot();
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)");
    /** Variables Compose reads itself from .env. */
    private static final Set<String> COMPOSE_OWN = Set.of("COMPOSE_PROFILES", "COMPOSE_PROJECT_NAME");

    /** VARIABLE -> the comment lines right above it, in file order. */
    private static Map<String, String> example() throws IOException {
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> comment = new ArrayList<>();
        for (String line : Files.readAllLines(ROOT.resolve(".env.example"), StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.startsWith("#")) {
                comment.add(l);
            } else if (l.isEmpty()) {
                comment.clear();
            } else {
                assertThat(l).as(".env.example line").matches("[A-Z][A-Z0-9_]*=.*");
                String name = l.substring(0, l.indexOf('='));
                assertThat(vars).as("%s twice in .env.example", name).doesNotContainKey(name);
                vars.put(name, String.join("\n", comment));
            }
        }
        return vars;
    }

    private static Set<String> references(Path file) throws IOException {
        Set<String> names = new TreeSet<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.stripLeading().startsWith("#")) {
                continue;
            }
            Matcher m = REFERENCE.matcher(line);
            while (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    @Test
    void everyVariableOfTheExampleIsReadByTheGatewayOrUsedByCompose() throws IOException {
        Set<String> readByGateway = references(ROOT.resolve("src/main/resources/application.properties"));
        Set<String> usedByCompose = references(ROOT.resolve("compose.yaml"));
        Map<String, String> example = example();
        assertThat(example).hasSizeGreaterThan(20);
        for (var e : example.entrySet()) {
            String name = e.getKey();
            assertThat(readByGateway.contains(name) || usedByCompose.contains(name) || COMPOSE_OWN.contains(name))
                    .as("%s in .env.example: neither the gateway (application.properties) nor compose.yaml uses it", name).isTrue();
            if (!COMPOSE_OWN.contains(name)) {
                assertThat(usedByCompose).as("%s in .env.example never reaches the gateway: compose.yaml does not pass it", name)
                        .contains(name);
            }
        }
        // each variable explained by a comment above it (a group of related lines shares one)
        String previous = null;
        for (var e : example.entrySet()) {
            assertThat(!e.getValue().isBlank() || previous != null).as("%s has no explanation", e.getKey()).isTrue();
            previous = e.getValue().isBlank() ? previous : e.getValue();
        }
    }

    @Test
    void everyVariableComposeTakesIsInTheExample() throws IOException {
        Set<String> example = example().keySet();
        assertThat(example).containsAll(references(ROOT.resolve("compose.yaml")));
    }

    @Test
    void gatewayEnvironmentNamesAreOnesTheGatewayReads() throws IOException {
        // the names on the left of compose.yaml's environment: blocks, apart from Quarkus's own and other images'
        Set<String> readByGateway = references(ROOT.resolve("src/main/resources/application.properties"));
        String compose = Files.readString(ROOT.resolve("compose.yaml"));
        String gateway = compose.substring(compose.indexOf("\n  gateway:"), compose.indexOf("\n  postgres:"));
        Matcher m = Pattern.compile("(?m)^      ([A-Z][A-Z0-9_]*):").matcher(gateway);
        List<String> names = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        assertThat(names).contains("GATEWAY_DB_URL", "GATEWAY_DATA_DIR", "TEMP_DIR", "ROUTER_IP");
        for (String name : names) {
            assertThat(name.startsWith("QUARKUS_") || readByGateway.contains(name))
                    .as("compose.yaml sets %s for the gateway, which does not read it", name).isTrue();
        }
    }

    @Test
    void secretsStayOutOfGitAndOutOfTheExample() throws IOException {
        assertThat(Files.readAllLines(ROOT.resolve(".gitignore"))).contains(".env");
        Map<String, String> example = example();
        for (String secret : List.of("SATUSEHAT_CLIENT_SECRET", "GATEWAY_SESSION_KEY", "GATEWAY_OIDC_CLIENT_SECRET",
                "ROUTER_WEBHOOK_PASSWORD", "GATEWAY_API_KEYS", "GATEWAY_USERS")) {
            assertThat(example).containsKey(secret);
        }
        String text = Files.readString(ROOT.resolve(".env.example"));
        assertThat(text).containsPattern("(?m)^SATUSEHAT_CLIENT_SECRET=$").containsPattern("(?m)^GATEWAY_SESSION_KEY=$")
                .containsPattern("(?m)^GATEWAY_DB_PASSWORD=change-me");
    }
}
