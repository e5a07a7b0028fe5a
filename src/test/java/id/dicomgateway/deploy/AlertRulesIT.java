package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * promtool (Debian package prometheus) accepts the alert rules, both the plain file and the groups of
 * the PrometheusRule, and kubectl renders the optional k8s/monitoring kustomization.
 */
class AlertRulesIT {

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).directory(ExportedMetrics.projectRoot().toFile()).redirectErrorStream(true).start();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("%s:%n%s", command, out).isZero();
        return out;
    }

    @Test
    void promtoolAcceptsThePlainRulesFile() throws Exception {
        String out = run(List.of("promtool", "check", "rules", AlertRules.PLAIN.toString()));
        assertThat(out).contains("SUCCESS: " + AlertRules.rules(AlertRules.plainGroups()).size() + " rules found");
    }

    @Test
    void promtoolAcceptsTheGroupsOfThePrometheusRule(@TempDir Path dir) throws Exception {
        ObjectNode rules = AlertRules.YAML.createObjectNode();
        rules.set("groups", AlertRules.operatorRule().at("/spec/groups"));
        Path file = dir.resolve("from-prometheusrule.yaml");
        Files.writeString(file, AlertRules.YAML.writeValueAsString(rules));
        String out = run(List.of("promtool", "check", "rules", file.toString()));
        assertThat(out).contains("SUCCESS");
    }

    @Test
    void kubectlRendersTheMonitoringKustomization() throws Exception {
        String out = run(List.of("kubectl", "kustomize", "k8s/monitoring"));
        assertThat(out).contains("kind: PrometheusRule").contains("GatewayRouterUnreachable");
    }
}
