package id.dicomgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.DimseSettings;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.testing.FreePorts;
import id.dicomgateway.testing.StoreScpProcess;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The router half of readiness, without Quarkus: a C-ECHO through {@link CachedProbe} to a real storescp, and to nothing. */
class RouterProbeIT {

    private final Vertx vertx = Vertx.vertx();
    private final StoreScu scu = new StoreScu(vertx, DimseSettings.defaults());

    @AfterEach
    void close() {
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }

    private CachedProbe.Outcome probe(Destination router) {
        return new CachedProbe(() -> scu.echo(router), Duration.ofSeconds(10), Duration.ofSeconds(3), Clock.systemUTC())
                .outcome().await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void upWhenTheRouterAnswersCEcho() throws IOException {
        try (StoreScpProcess scp = StoreScpProcess.start()) {
            CachedProbe.Outcome o = probe(new Destination("127.0.0.1", scp.port(), scp.aeTitle(), "DICOMGW"));
            assertThat(o.up()).as(o.error() == null ? "" : o.error()).isTrue();
        }
    }

    @Test
    void downWithTheReasonWhenNothingListens() throws IOException {
        // Free, and below the ephemeral range: no bind(0) of a parallel test takes it while this one probes it.
        int closed = FreePorts.freePort();
        CachedProbe.Outcome o = probe(new Destination("127.0.0.1", closed, "DCMROUTER", "DICOMGW"));
        assertThat(o.up()).isFalse();
        assertThat(o.error()).isNotBlank();
    }
}
