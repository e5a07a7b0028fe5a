package id.dicomgateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.ManualClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class CachedProbeTest {

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger probes = new AtomicInteger();

    @Test
    void anOutcomeIsReusedUntilItIsOlderThanTheCacheTime() {
        CachedProbe probe = new CachedProbe(() -> Uni.createFrom().item(probes.incrementAndGet()),
                Duration.ofSeconds(10), Duration.ofSeconds(3), clock);
        assertThat(probe.outcome().await().indefinitely().up()).isTrue();
        clock.advance(Duration.ofSeconds(9));
        assertThat(probe.outcome().await().indefinitely().up()).isTrue();
        assertThat(probes).hasValue(1);
        clock.advance(Duration.ofSeconds(2));
        probe.outcome().await().indefinitely();
        assertThat(probes).hasValue(2);
    }

    @Test
    void aFailureIsDownWithItsMessageAndIsCachedToo() {
        CachedProbe probe = new CachedProbe(() -> {
            probes.incrementAndGet();
            return Uni.createFrom().failure(new IllegalStateException("connection refused"));
        }, Duration.ofSeconds(10), Duration.ofSeconds(3), clock);
        CachedProbe.Outcome o = probe.outcome().await().indefinitely();
        assertThat(o.up()).isFalse();
        assertThat(o.error()).isEqualTo("connection refused");
        probe.outcome().await().indefinitely();
        assertThat(probes).hasValue(1);
    }

    @Test
    void aHangingPeerIsDownAfterTheTimeout() {
        CachedProbe probe = new CachedProbe(() -> Uni.createFrom().nothing(), Duration.ofSeconds(10), Duration.ofMillis(100), Clock.systemUTC());
        CachedProbe.Outcome o = probe.outcome().await().atMost(Duration.ofSeconds(5));
        assertThat(o.up()).isFalse();
        assertThat(o.error()).contains("100 ms");
    }

    @Test
    void concurrentProbesShareOneRun() {
        List<UniEmitter<? super Object>> pending = new ArrayList<>();
        CachedProbe probe = new CachedProbe(() -> Uni.createFrom().emitter(e -> {
            probes.incrementAndGet();
            pending.add(e);
        }), Duration.ofSeconds(10), Duration.ofSeconds(30), clock);
        List<AtomicReference<CachedProbe.Outcome>> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            AtomicReference<CachedProbe.Outcome> r = new AtomicReference<>();
            probe.outcome().subscribe().with(r::set);
            seen.add(r);
        }
        assertThat(probes).hasValue(1);
        pending.get(0).complete("pong");
        assertThat(seen).allSatisfy(r -> assertThat(r.get().up()).isTrue());
    }
}
