package id.dicomgateway.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The alert rules: the plain rules file for Compose and the PrometheusRule for the operator. */
final class AlertRules {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path PLAIN = ExportedMetrics.projectRoot().resolve("deploy/prometheus/dicom-gateway-rules.yaml");
    static final Path OPERATOR = ExportedMetrics.projectRoot().resolve("k8s/monitoring/prometheusrule.yaml");

    private AlertRules() {
    }

    static JsonNode plainGroups() throws IOException {
        return YAML.readTree(PLAIN.toFile()).path("groups");
    }

    static JsonNode operatorRule() throws IOException {
        return YAML.readTree(OPERATOR.toFile());
    }

    /** Every rule of every group. */
    static List<JsonNode> rules(JsonNode groups) {
        List<JsonNode> rules = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }
}
