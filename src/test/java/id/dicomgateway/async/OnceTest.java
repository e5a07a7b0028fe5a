package id.dicomgateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.CompositeException;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class OnceTest {

    @Test
    void earlyAndLateSubscribersGetTheOneResultAndASecondSettlingChangesNothing() {
        Once<String> once = new Once<>();
        UniAssertSubscriber<String> early = once.uni().subscribe().withSubscriber(UniAssertSubscriber.create());
        assertThat(once.isDone()).isFalse();
        assertThat(once.getNow("open")).isEqualTo("open");
        early.assertNotTerminated();

        assertThat(once.complete("first")).isTrue();
        assertThat(once.complete("second")).isFalse();
        assertThat(once.fail(new IllegalStateException("late"))).isFalse();

        early.assertItem("first");
        assertThat(once.uni().await().atMost(Duration.ofSeconds(1))).isEqualTo("first");
        assertThat(once.getNow("open")).isEqualTo("first");
    }

    @Test
    void aSubscriberCancellingDoesNotCancelTheResult() {
        Once<Integer> once = new Once<>();
        UniAssertSubscriber<Integer> leaving = once.uni().subscribe().withSubscriber(UniAssertSubscriber.create());
        leaving.cancel();
        once.complete(42);
        assertThat(once.uni().await().atMost(Duration.ofSeconds(1))).isEqualTo(42);
    }

    @Test
    void aFailureReachesEverySubscriberAndGetNowGivesTheFallback() {
        Once<String> once = new Once<>();
        assertThat(once.fail(new IllegalArgumentException("the fetch failed"))).isTrue();
        assertThat(once.isDone()).isTrue();
        assertThat(once.getNow("fallback")).isEqualTo("fallback");
        assertThatThrownBy(() -> once.uni().await().atMost(Duration.ofSeconds(1))).hasMessage("the fetch failed");
        assertThat(Once.of("ready").uni().await().atMost(Duration.ofSeconds(1))).isEqualTo("ready");
    }

    /**
     * StudyRelay's shape: the fetch fails {@code first} and {@code done} from its thread while the relay subscribes,
     * and cleans up in {@code onItemOrFailure().call} with a recovered {@code done}. A memoized Uni delivered that
     * failure twice about once in 20,000 (a CompositeException of one failure with itself, answered 500 by PacsDownTest
     * in a CI rehearsal); one emitter per subscriber must never.
     */
    @Test
    void aFailureSettledWhileSubscribersArriveIsDeliveredOnce() {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            int composite = 0;
            for (int i = 0; i < 50_000; i++) {
                Once<String> first = new Once<>();
                Once<String> done = new Once<>();
                RuntimeException failure = new RuntimeException("fetch failed " + i);
                pool.execute(() -> {
                    first.fail(failure);
                    done.fail(failure);
                });
                try {
                    first.uni().emitOn(pool)
                            .onItemOrFailure().call((r, f) -> done.uni().replaceWithVoid().onFailure().recoverWithNull()
                                    .ifNoItem().after(Duration.ofSeconds(2)).recoverWithItem((Void) null))
                            .await().atMost(Duration.ofSeconds(5));
                } catch (CompositeException e) {
                    composite++;
                } catch (RuntimeException e) {
                    assertThat(e).isSameAs(failure);
                }
            }
            assertThat(composite).isZero();
        } finally {
            pool.shutdownNow();
        }
    }
}
