package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import id.dicomgateway.orders.OrderState;
import id.dicomgateway.orders.ServiceRequestCheck;
import id.dicomgateway.orders.ServiceRequestStatus;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.router.SendGuard;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the order of a job takes from the job (issue 24): what its check before sending found of the ServiceRequest (item 1),
 * in the words SendGuard writes, and whether the confirmation found the ImagingStudy, which ends the order CONFIRMED (item 4).
 */
class JobServiceRequestCheckTest {
    private static final Instant AT = Instant.parse("2031-01-07T01:30:00Z");

    private static ServiceRequestCheck of(CheckStatus status, String detail) {
        return GatewayScp.serviceRequestCheck("job-7", List.of(new Check("satusehat.imagingStudy", CheckStatus.PASSED, "ImagingStudy/x", AT),
                new Check(SendGuard.CHECK, status, detail, AT)));
    }

    @Test
    void foundWithItsIdNotFoundAndNotAsked() {
        ServiceRequestCheck found = of(CheckStatus.PASSED, "Patient/P00284578000 (ServiceRequest/ce124594-0000-0000-0000-000000000001)");
        assertThat(found.status()).isEqualTo(ServiceRequestStatus.FOUND);
        assertThat(found.id()).isEqualTo("ce124594-0000-0000-0000-000000000001");
        assertThat(found.checkedAt()).isEqualTo(AT);
        assertThat(found.note()).contains("job-7");

        assertThat(of(CheckStatus.FAILED, "SATUSEHAT has no ServiceRequest for Accession Number 8001: the router would accept the files")
                .status()).isEqualTo(ServiceRequestStatus.NOT_FOUND);
        ServiceRequestCheck skipped = of(CheckStatus.SKIPPED, "not checked: SATUSEHAT is not configured on this gateway");
        assertThat(skipped.status()).isEqualTo(ServiceRequestStatus.UNKNOWN);
        assertThat(skipped.note()).contains("not configured");
    }

    /** Issue 24 item 4: the confirmation's check finding the ImagingStudy is what ends the job's order CONFIRMED. */
    @Test
    void theConfirmationFindingTheImagingStudyConfirmsTheOrder() {
        Check confirmed = new Check(Confirmation.CHECK, CheckStatus.PASSED, "ImagingStudy/4630e0ce", AT);
        Check waiting = new Check(Confirmation.CHECK, CheckStatus.PENDING, "waiting for the router", AT);
        assertThat(GatewayScp.outcome("job-7", JobState.SUCCEEDED, List.of(waiting)).next(OrderState.IMAGES_RECEIVED))
                .contains(OrderState.SENT);
        assertThat(GatewayScp.outcome("job-7", JobState.SUCCEEDED, List.of(waiting)).next(OrderState.SENT)).isEmpty();
        assertThat(GatewayScp.outcome("job-7", JobState.SUCCEEDED, List.of(confirmed)).next(OrderState.SENT))
                .contains(OrderState.CONFIRMED);
        assertThat(GatewayScp.outcome("job-7", JobState.SUCCEEDED, List.of(confirmed)).next(OrderState.IMAGES_RECEIVED))
                .contains(OrderState.CONFIRMED);
        assertThat(GatewayScp.outcome("job-7", JobState.SUCCEEDED, null).imagingStudyConfirmed()).isFalse();
    }

    @Test
    void nothingWhileLookingOrWithoutTheCheck() {
        assertThat(of(CheckStatus.PENDING, "looking up the ServiceRequest for Accession Number 8001")).isNull();
        assertThat(GatewayScp.serviceRequestCheck("job-7", List.of())).isNull();
        assertThat(GatewayScp.serviceRequestCheck("job-7", null)).isNull();
    }
}
