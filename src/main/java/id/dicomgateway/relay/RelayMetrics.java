package id.dicomgateway.relay;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.Failures;
import id.dicomgateway.relay.outcome.RouterFailure;
import id.dicomgateway.relay.outcome.StudyResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * The one place a relay request's outcome is recorded: Prometheus meters and one log line with study
 * UIDs, counts and duration. Never patient data: PatientID and names stay out of logs and labels.
 */
@Singleton
public class RelayMetrics {
    private static final Logger LOG = Logger.getLogger(RelayMetrics.class);

    @Inject
    MeterRegistry registry;

    /** A request that got as far as sending: its studies, each complete or not. */
    public void sent(String operation, List<StudyResult> studies, Duration duration) {
        boolean complete = studies.stream().allMatch(StudyResult::complete);
        String outcome = complete ? "success" : "router_failure";
        for (StudyResult s : studies) {
            Counter.builder("gateway.studies").description("Studies relayed to the router")
                    .tag("operation", operation).tag("outcome", s.complete() ? "success" : "failure").register(registry).increment();
            Counter.builder("gateway.instances.sent").description("Instances the router confirmed stored")
                    .tag("operation", operation).register(registry).increment(s.sent());
            Counter.builder("gateway.bytes.sent").description("Dataset bytes sent to the router").baseUnit("bytes")
                    .tag("operation", operation).register(registry).increment(s.bytes());
            if (!s.failures().isEmpty()) {
                Counter.builder("gateway.instances.failed").description("Instances the router did not store")
                        .tag("operation", operation).register(registry).increment(s.failures().size());
            }
        }
        timer(operation, outcome).record(duration);
        LOG.infof("%s outcome=%s studies=[%s] instances=%d sent=%d failed=%d bytes=%d duration=%dms", operation, outcome,
                studies.stream().map(StudyResult::study).collect(Collectors.joining(",")),
                studies.stream().mapToInt(StudyResult::instances).sum(),
                studies.stream().mapToInt(StudyResult::sent).sum(),
                studies.stream().mapToInt(s -> s.failures().size()).sum(),
                studies.stream().mapToLong(StudyResult::bytes).sum(),
                duration.toMillis());
    }

    /** A request that ended before sending (bad input, PACS trouble) or with the router failing. */
    public void failed(String operation, String study, Throwable failure, Duration duration) {
        FailureCode code = Failures.codeOf(failure);
        Counter.builder("gateway.failures").description("Relay requests that failed, by error code")
                .tag("operation", operation).tag("code", code.name()).register(registry).increment();
        if (failure instanceof RouterFailure router) {
            sent(operation, router.studies(), duration);
            return;
        }
        timer(operation, "error").record(duration);
        LOG.infof("%s outcome=error code=%s study=%s duration=%dms", operation, code, study == null ? "-" : study, duration.toMillis());
    }

    private Timer timer(String operation, String outcome) {
        // Buckets, so a dashboard can take percentiles over replicas (histogram_quantile); bounded to
        // what a relay takes (a tag edit to an hour-long study) to keep the bucket count small.
        return Timer.builder("gateway.request.duration").description("Relay request duration")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(50)).maximumExpectedValue(Duration.ofHours(1))
                .tag("operation", operation).tag("outcome", outcome).register(registry);
    }
}
