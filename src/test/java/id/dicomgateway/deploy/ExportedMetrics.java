package id.dicomgateway.deploy;

import id.dicomgateway.relay.RelayMetrics;
import id.dicomgateway.relay.outcome.StudyResult;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the gateway exports to Prometheus, and what a PromQL expression reads, for the checks of the
 * dashboard and the alert rules. The scrape text is taken from the Prometheus registry itself rather
 * than over HTTP, so it does not matter which port serves {@code /q/metrics} (the application's or the
 * management interface's).
 */
final class ExportedMetrics {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    /** PromQL words that are not metric names (operators, modifiers). */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right", "bool",
            "and", "or", "unless", "offset", "inf", "nan", "atan2");

    private ExportedMetrics() {
    }

    /** The Prometheus registry among the application's registries (Quarkus injects the global composite). */
    static PrometheusMeterRegistry prometheus(MeterRegistry registry) {
        if (registry instanceof PrometheusMeterRegistry p) {
            return p;
        }
        if (registry instanceof CompositeMeterRegistry c) {
            for (MeterRegistry r : c.getRegistries()) {
                PrometheusMeterRegistry p = r instanceof PrometheusMeterRegistry direct ? direct
                        : r instanceof CompositeMeterRegistry ? prometheus(r) : null;
                if (p != null) {
                    return p;
                }
            }
        }
        throw new IllegalStateException("no Prometheus registry in " + registry);
    }

    /**
     * The meters that appear only once something happened (a study relayed, a request failed) are made
     * to appear through the gateway's own recording code, with made-up values, then the registry is scraped.
     */
    static String scrapeAfterTraffic(MeterRegistry registry, RelayMetrics relay) {
        relay.sent("process", List.of(new StudyResult("1.2.3.4", 2, 2, 1234, List.of("1.2.3.4.1", "1.2.3.4.2"), List.of()),
                new StudyResult("1.2.3.6", 2, 1, 600, List.of("1.2.3.6.1"),
                        List.of(new StudyResult.InstanceFailure("1.2.3.6.2", "STATUS_FAILURE", 0xA700, "made up")))),
                Duration.ofMillis(120));
        relay.failed("process", "1.2.3.5", new IllegalStateException("made up for the metrics check"), Duration.ofMillis(5));
        return prometheus(registry).scrape();
    }

    /** Every series name in a Prometheus text exposition. */
    static Set<String> names(String scrape) {
        Set<String> names = new TreeSet<>();
        Matcher m = SAMPLE.matcher(scrape);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** The metric names a PromQL expression selects (Grafana's $variables removed first). */
    static Set<String> metricsIn(String expr) {
        String e = expr.replaceAll("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?", "0s")   // $__rate_interval, ${job}
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"")                 // string literals
                .replaceAll("\\{[^}]*}", "")                                      // label matchers
                .replaceAll("\\[[^]]*]", "")                                      // ranges, subqueries
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(e);
        while (m.find()) {
            String word = m.group();
            int after = m.end();
            while (after < e.length() && Character.isWhitespace(e.charAt(after))) {
                after++;
            }
            boolean function = after < e.length() && e.charAt(after) == '(';
            boolean number = m.start() > 0 && (Character.isDigit(e.charAt(m.start() - 1)) || e.charAt(m.start() - 1) == '.');
            if (!function && !number && !KEYWORDS.contains(word.toLowerCase())) {
                names.add(word);
            }
        }
        return names;
    }

    /** The directory holding pom.xml at or above the working directory. */
    static Path projectRoot() {
        for (Path p = Path.of(System.getProperty("user.dir")).toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("no project root above " + System.getProperty("user.dir"));
    }
}
