package id.dicomgateway.relay.jobs;

import id.dicomgateway.store.Attempt;
import id.dicomgateway.store.JobRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * Attempts and retries by code (issue 14), counted by the replica that saw each happen, so the sum
 * over replicas is every attempt once: {@code gateway_job_attempts_total{outcome}}, an attempt's end by
 * its outcome code (SUCCEEDED, ROUTER_FAILED, …, LEASE_EXPIRED, HANDED_BACK, CANCELLED), and
 * {@code gateway_job_retries_total{code}}, an attempt begun after an earlier one, by the earlier one's
 * code: why the job went again (a failure that heals, a lost replica, a person's retry, a wait for the order).
 * The gauges of the queue itself are the store's ({@code store.StoreMetrics}).
 */
@Singleton
public class AttemptMetrics {
    private final MeterRegistry registry;

    @Inject
    public AttemptMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** No meters (unit tests of the journal). */
    static AttemptMetrics none() {
        return new AttemptMetrics(null);
    }

    /** The last attempt of {@code record} ended here, as the store recorded it. */
    void ended(JobRecord record) {
        Attempt last = record == null ? null : record.lastAttempt();
        if (last != null && !last.open()) {
            ended(last.outcomeCode());
        }
    }

    void ended(String outcome) {
        if (registry != null) {
            Counter.builder("gateway.job.attempts").description("Job attempts ended, by outcome code")
                    .tag("outcome", outcome == null ? "SUCCEEDED" : outcome).register(registry).increment();
        }
    }

    /**
     * A worker of this replica took up {@code record}: a new attempt after the one before it. An attempt
     * closed by this claim because its replica stopped answering was counted by nobody: it is counted here.
     */
    void begun(JobRecord record) {
        List<Attempt> attempts = record.attempts();
        if (registry == null || attempts.size() < 2) {
            return;
        }
        Attempt before = attempts.get(attempts.size() - 2);
        String code = before.outcomeCode() == null ? "UNKNOWN" : before.outcomeCode();
        if (Attempt.LEASE_EXPIRED.equals(code)) {
            ended(code);
        }
        Counter.builder("gateway.job.retries").description("Job attempts begun after an earlier one, by the earlier one's code")
                .tag("code", code).register(registry).increment();
    }
}
