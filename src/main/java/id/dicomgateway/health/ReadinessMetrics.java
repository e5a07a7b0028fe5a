package id.dicomgateway.health;

import id.dicomgateway.satusehat.SatusehatClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Readiness as Prometheus gauges, so a dashboard and an alert see what {@code /q/health/ready} sees:
 * {@code gateway_peer_up{peer}} (router, pacs, satusehat: 1 up, 0 down, NaN not known yet) and
 * {@code gateway_peer_configured{peer}}. A scrape never calls a peer: router and PACS show the last
 * result of readiness's cached probe ({@link CachedProbe}; probed whenever readiness is asked, by the
 * orchestrator or the Compose healthcheck), SATUSEHAT the last search the gateway made there
 * (readiness does not call SATUSEHAT either; 1 when it is not configured, as readiness says).
 */
@Singleton
public class ReadinessMetrics {
    @Inject
    PeerReadiness peers;
    @Inject
    SatusehatClient satusehat;
    @Inject
    MeterRegistry registry;
    /** What this bean registered, removed again when the application stops (a test JVM starts several). */
    private final List<Meter> meters = new CopyOnWriteArrayList<>();

    void register(@Observes StartupEvent event) {
        up("router", this, m -> m.peers.routerUp());
        up("pacs", this, m -> m.peers.pacsUp());
        up("satusehat", this, m -> !m.satusehat.configured() ? 1 : m.satusehat.lastReached().map(r -> r ? 1.0 : 0.0).orElse(Double.NaN));
        configured("router", this, m -> 1);
        configured("pacs", this, m -> m.peers.pacsConfigured() ? 1 : 0);
        configured("satusehat", this, m -> m.satusehat.configured() ? 1 : 0);
    }

    void unregister(@Observes ShutdownEvent event) {
        meters.forEach(registry::remove);
        meters.clear();
    }

    private void up(String peer, ReadinessMetrics self, java.util.function.ToDoubleFunction<ReadinessMetrics> value) {
        meters.add(Gauge.builder("gateway.peer.up", self, value).description("Readiness of a peer as last checked: 1 up, 0 down")
                .tag("peer", peer).register(registry));
    }

    private void configured(String peer, ReadinessMetrics self, java.util.function.ToDoubleFunction<ReadinessMetrics> value) {
        meters.add(Gauge.builder("gateway.peer.configured", self, value).description("Whether a peer is configured: 1 yes, 0 no")
                .tag("peer", peer).register(registry));
    }
}
