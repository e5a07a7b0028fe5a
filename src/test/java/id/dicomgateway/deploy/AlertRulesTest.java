package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import id.dicomgateway.relay.RelayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The alert rules read only metrics the running gateway exports, the PrometheusRule carries the
 * same groups as the plain file, and each rule tells a person what to do. (promtool checks the
 * syntax: AlertRulesIT.)
 */
@QuarkusTest
class AlertRulesTest {
    @Inject
    MeterRegistry registry;
    @Inject
    RelayMetrics relay;

    @Test
    void thePrometheusRuleHasTheSameGroupsAsThePlainFile() throws IOException {
        JsonNode rule = AlertRules.operatorRule();
        assertThat(rule.path("apiVersion").asText()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(rule.at("/spec/groups")).isEqualTo(AlertRules.plainGroups());
    }

    @Test
    void everyRuleReadsExportedMetricsAndSaysWhatToDo() throws IOException {
        Set<String> exported = ExportedMetrics.names(ExportedMetrics.scrapeAfterTraffic(registry, relay));
        List<JsonNode> rules = AlertRules.rules(AlertRules.plainGroups());
        var missing = new TreeMap<String, String>();
        Set<String> alerts = new TreeSet<>();
        for (JsonNode r : rules) {
            String alert = r.path("alert").asText();
            alerts.add(alert);
            String expr = r.path("expr").asText();
            Set<String> names = ExportedMetrics.metricsIn(expr);
            assertThat(names).as("metrics in %s", alert).isNotEmpty();
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> missing.put(n, alert));
            assertThat(r.at("/annotations/summary").asText()).as("summary of %s", alert).isNotBlank();
            assertThat(r.at("/annotations/description").asText()).as("description of %s", alert).hasSizeGreaterThan(80);
            assertThat(r.at("/labels/severity").asText()).as("severity of %s", alert).isIn("warning", "critical");
        }
        assertThat(missing).as("metrics the rules read that the gateway does not export").isEmpty();
        assertThat(alerts).contains("GatewayRouterUnreachable", "GatewayJobsFailedForGood", "GatewayJobWaitingForOrderTooLong",
                "GatewayQueueNotDraining", "GatewayDiskNearlyFull", "GatewayNoSuccessfulSendInWorkingHours");
        JsonNode router = rules.stream().filter(r -> r.path("alert").asText().equals("GatewayRouterUnreachable")).findFirst().orElseThrow();
        assertThat(router.path("for").asText()).isEqualTo("5m");
    }

    @Test
    void theMetricNamesOfAnExpressionAreFoundAndTheRestIsNot() {
        // the extraction itself, so a rule cannot pass by hiding its metric from it
        assertThat(ExportedMetrics.metricsIn("(sum(increase(gateway_studies_total{outcome=\"success\"}[4h])) or vector(0)) == 0"
                + " and on() ((hour() + 7) % 24 >= 8)")).containsExactly("gateway_studies_total");
        assertThat(ExportedMetrics.metricsIn("histogram_quantile(0.9, sum by (le) (rate(a_bucket{job=~\"$job\"}[$__rate_interval])))"))
                .containsExactly("a_bucket");
        assertThat(ExportedMetrics.metricsIn("max by (instance, area) (x_free / x_size) < 0.10")).containsExactly("x_free", "x_size");
    }
}
