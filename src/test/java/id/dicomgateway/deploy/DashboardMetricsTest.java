package id.dicomgateway.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import id.dicomgateway.relay.RelayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every query of the Grafana dashboard reads metrics the running gateway exports. */
@QuarkusTest
class DashboardMetricsTest {
    @Inject
    MeterRegistry registry;
    @Inject
    RelayMetrics relay;

    @Test
    void everyDashboardQueryReadsAnExportedMetric() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(
                Files.readString(ExportedMetrics.projectRoot().resolve("deploy/grafana/dicom-gateway.json")));
        Set<String> exported = ExportedMetrics.names(ExportedMetrics.scrapeAfterTraffic(registry, relay));
        List<String> exprs = new ArrayList<>();
        dashboard.findValues("expr").forEach(e -> exprs.add(e.asText()));
        assertThat(exprs).as("queries in the dashboard").hasSizeGreaterThanOrEqualTo(6);

        var missing = new TreeMap<String, String>();
        Set<String> read = new TreeSet<>();
        for (String expr : exprs) {
            Set<String> names = ExportedMetrics.metricsIn(expr);
            assertThat(names).as("metrics in %s", expr).isNotEmpty();
            read.addAll(names);
            names.stream().filter(n -> !exported.contains(n)).forEach(n -> missing.put(n, expr));
        }
        assertThat(missing).as("metrics the dashboard reads that the gateway does not export (exported: %s)", exported).isEmpty();
        // the panels the dashboard promises, by the metric each one reads
        assertThat(read).contains("gateway_studies_total", "gateway_instances_sent_total", "gateway_failures_total", "gateway_jobs",
                "gateway_jobs_oldest_waiting_for_order_seconds", "gateway_peer_up", "gateway_request_duration_seconds_bucket",
                "gateway_disk_used_bytes", "jvm_memory_used_bytes");
    }

    @Test
    void theDashboardIsImportableWithAPrometheusDatasourceInput() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(
                Files.readString(ExportedMetrics.projectRoot().resolve("deploy/grafana/dicom-gateway.json")));
        JsonNode input = dashboard.path("__inputs").get(0);
        assertThat(input.path("name").asText()).isEqualTo("DS_PROMETHEUS");
        assertThat(input.path("type").asText()).isEqualTo("datasource");
        assertThat(input.path("pluginId").asText()).isEqualTo("prometheus");
        assertThat(dashboard.path("panels").size()).isGreaterThanOrEqualTo(6);
        for (JsonNode panel : dashboard.path("panels")) {
            if (!"row".equals(panel.path("type").asText())) {
                assertThat(panel.at("/datasource/uid").asText()).as("datasource of %s", panel.path("title")).isEqualTo("${DS_PROMETHEUS}");
                assertThat(panel.path("targets").size()).as("queries of %s", panel.path("title")).isPositive();
            }
        }
    }
}
