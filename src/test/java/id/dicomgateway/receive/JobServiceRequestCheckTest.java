package id.dicomgateway.receive;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.orders.ServiceRequestCheck;
import id.dicomgateway.orders.ServiceRequestStatus;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.router.SendGuard;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the order of a job records from the job's check before sending (issue 24 item 1), in the words SendGuard writes. */
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

    @Test
    void nothingWhileLookingOrWithoutTheCheck() {
        assertThat(of(CheckStatus.PENDING, "looking up the ServiceRequest for Accession Number 8001")).isNull();
        assertThat(GatewayScp.serviceRequestCheck("job-7", List.of())).isNull();
        assertThat(GatewayScp.serviceRequestCheck("job-7", null)).isNull();
    }
}
