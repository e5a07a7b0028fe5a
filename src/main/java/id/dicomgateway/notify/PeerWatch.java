package id.dicomgateway.notify;

import id.dicomgateway.store.StoreProducer;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Tells GATEWAY_NOTIFY_URL when the router, SATUSEHAT or the PACS has not answered for GATEWAY_NOTIFY_DOWN_AFTER
 * (PEER_DOWN), and when it answers again after that (PEER_RECOVERED). It reads the readiness checks of /q/health,
 * which cache each probe (gateway.health.cache-for), so watching adds no probe of its own beyond theirs. Each replica
 * watches, and tells, for itself: the body names the replica.
 */
@Singleton
public class PeerWatch {
    private static final Logger LOG = Logger.getLogger(PeerWatch.class);
    /** The readiness checks watched, by their names in /q/health. */
    static final Set<String> PEERS = Set.of("router", "satusehat", "pacs");

    private final Deliveries deliveries;
    private final NotifyConfig config;
    private final Instance<AsyncHealthCheck> checks;
    /** The readiness checks, resolved once: each resolution of a dependent bean would be kept until shutdown. */
    private volatile List<AsyncHealthCheck> resolved;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, Down> down = new ConcurrentHashMap<>();

    /** A peer seen down since {@code since}; {@code told} once PEER_DOWN went out. */
    private record Down(Instant since, String error, boolean told) {
    }

    PeerWatch(Deliveries deliveries, NotifyConfig config, @Readiness @Any Instance<AsyncHealthCheck> checks) {
        this.deliveries = deliveries;
        this.config = config;
        this.checks = checks;
    }

    @Scheduled(every = "${gateway.notify.watch-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> look() {
        if (!deliveries.enabled()) {
            return Uni.createFrom().voidItem();
        }
        if (resolved == null) {
            resolved = checks.stream().toList();
        }
        List<Uni<HealthCheckResponse>> all = new ArrayList<>();
        for (AsyncHealthCheck check : resolved) {
            all.add(check.call().onFailure().recoverWithItem(e -> HealthCheckResponse.named("?").down().build()));
        }
        if (all.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Uni.join().all(all).andCollectFailures().invoke(responses -> responses.forEach(this::seen)).replaceWithVoid()
                .onFailure().invoke(e -> LOG.debugf("Notifications: no look at the peers this time: %s", e.getMessage()))
                .onFailure().recoverWithNull();
    }

    void seen(HealthCheckResponse r) {
        String peer = r.getName();
        if (!PEERS.contains(peer)) {
            return;
        }
        Instant now = clock.instant();
        if (r.getStatus() == HealthCheckResponse.Status.UP) {
            Down was = down.remove(peer);
            if (was != null && was.told()) {
                Duration took = Duration.between(was.since(), now);
                tell(Notice.PEER_RECOVERED, peer, was.since(), null, "The " + peer + " answers again, after " + took.toSeconds()
                        + " s without an answer (seen by " + StoreProducer.REPLICA + ")");
            }
            return;
        }
        String error = r.getData().map(d -> String.valueOf(d.getOrDefault("error", ""))).orElse("");
        Down was = down.computeIfAbsent(peer, p -> new Down(now, error, false));
        if (!was.told() && !now.isBefore(was.since().plus(config.downAfter()))) {
            down.put(peer, new Down(was.since(), error, true));
            tell(Notice.PEER_DOWN, peer, was.since(), error, "The " + peer + " has not answered since " + was.since()
                    + (error.isEmpty() ? "" : ": " + error) + " (seen by " + StoreProducer.REPLICA + ")");
        }
    }

    private void tell(String event, String peer, Instant since, String error, String text) {
        deliveries.tell(new Notice(event, clock.instant(), StoreProducer.REPLICA, null, null, null, null, null,
                error == null || error.isEmpty() ? null : error, null, peer, since, text));
    }
}
