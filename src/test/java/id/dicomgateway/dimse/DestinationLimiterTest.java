package id.dicomgateway.dimse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DestinationLimiterTest {

    @Test
    void boundsPerDestinationInArrivalOrderAndWithdrawsWaiters() {
        DestinationLimiter limiter = new DestinationLimiter(2);
        List<String> started = new ArrayList<>();
        limiter.acquire("a", () -> started.add("a1"));
        limiter.acquire("a", () -> started.add("a2"));
        limiter.acquire("a", () -> started.add("a3"));
        Runnable withdrawA4 = limiter.acquire("a", () -> started.add("a4"));
        limiter.acquire("a", () -> started.add("a5"));
        limiter.acquire("b", () -> started.add("b1")); // another destination is not held up
        assertThat(started).containsExactly("a1", "a2", "b1");
        withdrawA4.run();
        limiter.release("a");
        assertThat(started).containsExactly("a1", "a2", "b1", "a3");
        limiter.release("a");
        assertThat(started).containsExactly("a1", "a2", "b1", "a3", "a5");
        assertThat(limiter.inUse("a")).isEqualTo(2);
        limiter.release("a");
        limiter.release("a");
        limiter.release("b");
        assertThat(limiter.inUse("a")).isZero();
        assertThatThrownBy(() -> limiter.release("a")).isInstanceOf(IllegalStateException.class);
    }
}
