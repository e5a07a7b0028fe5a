package id.dicomgateway.store;

import id.dicomgateway.job.StoreException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only when the job store answers with its schema: a replica that cannot record a job must
 * not get requests, since every async request records one before it is answered.
 */
@Readiness
@ApplicationScoped
public class StoreReadiness implements HealthCheck {
    @Inject
    JdbcJobStore store;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("job-store")
                .withData("database", store.dialect() == Dialect.POSTGRESQL ? "postgresql" : "embedded")
                .withData("hearsOtherReplicas", store.listening());
        try {
            store.ping();
            return r.up().build();
        } catch (StoreException e) {
            // The message names what failed, never the URL's credentials (they are not in it).
            return r.down().withData("error", e.getMessage()).build();
        }
    }
}
