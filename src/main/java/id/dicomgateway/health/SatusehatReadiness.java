package id.dicomgateway.health;

import id.dicomgateway.satusehat.SatusehatClient;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says whether the SATUSEHAT steps run, without calling SATUSEHAT: the gateway can relay
 * without it, so it never makes the gateway unready. Not configured, the ServiceRequest check before
 * sending and the ImagingStudy confirmation after are skipped, and this check says so.
 */
@Singleton
public final class SatusehatReadiness {
    static final String SKIPPED = "not configured (SATUSEHAT_URL, SATUSEHAT_ORG_ID, SATUSEHAT_CLIENT_ID, SATUSEHAT_CLIENT_SECRET):"
            + " the ServiceRequest check before sending and the ImagingStudy confirmation after are skipped";

    @Inject
    SatusehatClient satusehat;

    @Produces
    @Readiness
    AsyncHealthCheck satusehatSteps() {
        return () -> Uni.createFrom().item(() -> satusehat.configured()
                ? HealthCheckResponse.named("satusehat").up().withData("configured", true)
                        .withData("checks", "ServiceRequest before sending, ImagingStudy after (not probed by readiness)").build()
                : HealthCheckResponse.named("satusehat").up().withData("configured", false).withData("checks", SKIPPED).build());
    }
}
