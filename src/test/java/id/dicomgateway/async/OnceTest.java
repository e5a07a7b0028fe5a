package id.dicomgateway.async;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
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
}
