package id.dicomgateway.ui;

import id.dicomgateway.health.PeerSummary;
import id.dicomgateway.security.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The dashboard's health strip: which peers are up, on the public port. Health and metrics
 * themselves are on the management port (9000), which a browser at the dashboard does not reach;
 * this answer carries only names and states, never an error text or a peer's address.
 */
@Path("/ui/health")
public final class HealthStripResource {

    /** The strip's JSON: the checks, in the order readiness lists them. */
    public record Strip(List<PeerSummary.Check> checks) {
    }

    @Inject
    PeerSummary summary;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(hidden = true)
    public Uni<Strip> strip() {
        return summary.checks().map(Strip::new);
    }
}
