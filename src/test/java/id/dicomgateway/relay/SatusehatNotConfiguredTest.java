package id.dicomgateway.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.confirm.ConfirmationResult;
import id.dicomgateway.relay.confirm.ConfirmationResult.Outcome;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.router.Clearance;
import id.dicomgateway.relay.router.SendGuard;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** No SATUSEHAT_* settings (no test resource): both checks are skipped, visibly; empty values are still refused. */
@QuarkusTest
class SatusehatNotConfiguredTest {

    @Inject
    SendGuard guard;

    @Inject
    Confirmation confirmation;

    @Inject
    JobRegistry jobs;

    @Test
    void thePreCheckIsSkippedAndRecordedAsSkipped() {
        String job = jobs.create(JobKind.DIRECT, "1.2.826.0.1.3680043.8.498.3", "9001", "RM-1").id();

        Clearance clearance = guard.clear(job, "9001", "RM-1", false).await().atMost(Duration.ofSeconds(10));

        assertThat(clearance.forced()).isFalse();
        assertThat(clearance.patientReference()).isNull();
        Check check = check(job, SendGuard.CHECK);
        assertThat(check.status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(check.detail()).contains("SATUSEHAT is not configured");
    }

    @Test
    void emptyValuesAreRefusedEvenWithoutSatusehat() {
        RelayException e = catchThrowableOfType(RelayException.class,
                () -> guard.clear(null, "", "RM-1", false).await().atMost(Duration.ofSeconds(10)));
        assertThat(e).isNotNull();
        assertThat(e.code()).isEqualTo(FailureCode.ROUTER_WOULD_DROP);
    }

    @Test
    void theConfirmationIsSkippedAndRecordedAsSkipped() throws Exception {
        String job = jobs.create(JobKind.DIRECT, "1.2.826.0.1.3680043.8.498.4", "9002", "RM-1").id();

        ConfirmationResult result = confirmation.confirm(job, "9002", Set.of("1.2.3.4"))
                .subscribeAsCompletionStage().get(10, TimeUnit.SECONDS);

        assertThat(result.outcome()).isEqualTo(Outcome.SKIPPED);
        Check check = check(job, Confirmation.CHECK);
        assertThat(check.status()).isEqualTo(CheckStatus.SKIPPED);
        assertThat(check.detail()).contains("SATUSEHAT is not configured");
    }

    private Check check(String job, String name) {
        return jobs.find(job).orElseThrow().checks().stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }
}
