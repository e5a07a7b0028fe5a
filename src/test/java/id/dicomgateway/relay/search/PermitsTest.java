package id.dicomgateway.relay.search;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.search.Permits;
import id.dicomgateway.relay.search.ShortCache;
import id.dicomgateway.testing.ManualClock;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The two pieces that keep a result page from flooding SATUSEHAT: bounded concurrency and the short cache. */
class PermitsTest {

    @Test
    void atMostMaxRunAtOnceAndTheRestFollowInOrder() {
        Permits permits = new Permits(3);
        List<UniEmitter<? super Integer>> running = new ArrayList<>();
        List<Integer> started = new ArrayList<>();
        List<UniAssertSubscriber<Integer>> callers = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            int n = i;
            callers.add(permits.run(() -> Uni.createFrom().<Integer>emitter(e -> {
                started.add(n);
                running.add(e);
            })).subscribe().withSubscriber(UniAssertSubscriber.create()));
        }
        assertThat(started).containsExactly(0, 1, 2);
        assertThat(permits.waiting()).isEqualTo(7);
        running.get(1).complete(1);
        callers.get(1).assertItem(1);
        assertThat(started).containsExactly(0, 1, 2, 3);
        running.get(0).fail(new IllegalStateException("SATUSEHAT down"));
        callers.get(0).assertFailedWith(IllegalStateException.class);
        assertThat(started).containsExactly(0, 1, 2, 3, 4);
        assertThat(permits.inUse()).isEqualTo(3);

        // A caller that goes away while waiting leaves the queue and never runs.
        callers.get(6).cancel();
        assertThat(permits.waiting()).isEqualTo(4);
        // Each completion starts the next waiting one, which joins the list: the loop reaches it too.
        for (int i = 0; i < running.size(); i++) {
            running.get(i).complete(i);
            assertThat(permits.inUse()).isLessThanOrEqualTo(3);
        }
        assertThat(started).doesNotContain(6).hasSize(9);
        assertThat(permits.inUse()).isZero();
    }

    @Test
    void theCacheSharesOneLookupKeepsItForTheTtlAndForgetsFailures() {
        ManualClock clock = new ManualClock();
        ShortCache<String> cache = new ShortCache<>(Duration.ofSeconds(30), clock);
        AtomicInteger calls = new AtomicInteger();
        List<UniEmitter<? super String>> pending = new ArrayList<>();
        Uni<String> first = cache.get("ACC1", () -> Uni.createFrom().emitter(e -> {
            calls.incrementAndGet();
            pending.add(e);
        }));
        UniAssertSubscriber<String> a = first.subscribe().withSubscriber(UniAssertSubscriber.create());
        UniAssertSubscriber<String> b = cache.get("ACC1", () -> Uni.createFrom().item(() -> "second " + calls.incrementAndGet()))
                .subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(calls).hasValue(1);
        pending.get(0).complete("found");
        a.assertItem("found");
        b.assertItem("found");

        clock.advance(Duration.ofSeconds(29));
        cache.get("ACC1", () -> Uni.createFrom().item("again")).subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("found");
        clock.advance(Duration.ofSeconds(2));
        cache.get("ACC1", () -> Uni.createFrom().item("fresh")).subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem("fresh");

        cache.get("ACC2", () -> Uni.createFrom().failure(new IllegalStateException("503")))
                .subscribe().withSubscriber(UniAssertSubscriber.create()).assertFailedWith(IllegalStateException.class);
        cache.get("ACC2", () -> Uni.createFrom().item("recovered")).subscribe().withSubscriber(UniAssertSubscriber.create())
                .assertItem("recovered");
    }
}
