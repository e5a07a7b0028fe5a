package id.dicomgateway.health;

import id.dicomgateway.demo.DemoMode;
import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.relay.jobs.JobLogs;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * Health at {@code /q/health}. Liveness: the process answers. Readiness: the gateway can do its
 * job, i.e. the PACS answers a DICOMweb search AND the router answers C-ECHO; each result is
 * cached for {@code gateway.health.cache-for} ({@link CachedProbe}).
 */
@Singleton
public final class PeerReadiness {

    private final CachedProbe pacs;
    private final CachedProbe router;
    private final Destination routerDestination;
    private final DemoMode demo;

    PeerReadiness(PacsClient pacsClient, StoreScu storeScu, Destination routerDestination, HealthConfig config, DemoMode demo,
                  ReceiverSyntaxes receiverSyntaxes, JobLogs logs) {
        this.routerDestination = routerDestination;
        this.demo = demo;
        // The probes' own lines (the PACS client's, dimse's) say task=readiness, not nothing (JobLogs).
        JobLogs.Scope readiness = logs.task("readiness");
        this.pacs = new CachedProbe(() -> readiness.subscribeWithin(pacsClient::ping), config.cacheFor(), config.timeout(), Clock.systemUTC());
        // a router that answers may have been replaced by another version: learn again what it takes
        this.router = new CachedProbe(() -> readiness.subscribeWithin(() -> storeScu.echo(routerDestination))
                .invoke(receiverSyntaxes::refreshInBackground), config.cacheFor(), config.timeout(), Clock.systemUTC());
    }

    /** The PACS's last readiness result without probing: 1 up, 0 down, NaN not probed yet; 1 when no PACS is configured (demo). */
    double pacsUp() {
        return demo.pacsConfigured() ? up(pacs.last()) : 1;
    }

    /** The router's last readiness result without probing: 1 up, 0 down, NaN not probed yet. */
    double routerUp() {
        return up(router.last());
    }

    boolean pacsConfigured() {
        return demo.pacsConfigured();
    }

    private static double up(CachedProbe.Outcome o) {
        return o == null ? Double.NaN : o.up() ? 1 : 0;
    }

    @Produces
    @Liveness
    AsyncHealthCheck alive() {
        return () -> Uni.createFrom().item(HealthCheckResponse.up("alive"));
    }

    @Produces
    @Readiness
    AsyncHealthCheck pacsReachable() {
        if (!demo.pacsConfigured()) {
            // Demo mode without a PACS: nothing to be down, and nothing the gateway needs to upload.
            return () -> Uni.createFrom().item(HealthCheckResponse.named("pacs").up().withData("configured", false)
                    .withData("note", "not configured: set " + DemoMode.PACS_VARIABLES).build());
        }
        return () -> pacs.outcome().map(o -> response("pacs", o).build());
    }

    @Produces
    @Readiness
    AsyncHealthCheck routerEchoes() {
        return () -> router.outcome().map(o -> response("router", o)
                .withData("destination", routerDestination.calledAeTitle() + "@" + routerDestination.host() + ":" + routerDestination.port())
                // In demo mode the C-ECHO goes to the embedded receiver listening there.
                .withData("receiver", demo.enabled() ? "embedded (demo mode)" : "router")
                .build());
    }

    private static HealthCheckResponseBuilder response(String name, CachedProbe.Outcome o) {
        HealthCheckResponseBuilder b = HealthCheckResponse.named(name).status(o.up())
                .withData("checkedAt", o.checkedAt().toString())
                .withData("tookMs", o.took().toMillis());
        if (!o.up()) {
            b.withData("error", o.error());
        }
        return b;
    }
}
