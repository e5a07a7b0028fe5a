package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The sign-in guard's counting, locks and their growth, on a clock the test moves. */
class SignInGuardTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final SignInGuard guard = new SignInGuard(3, 5, Duration.ofSeconds(60), 2, nanos::get);

    @Test
    void aNameLocksAfterItsFailuresAndEachFurtherFailureDoublesTheLock() {
        assertThat(guard.failed("clerk", "10.0.0.1").locked()).isFalse();
        assertThat(guard.failed("clerk", "10.0.0.2").locked()).isFalse();
        SignInGuard.Outcome third = guard.failed("clerk", "10.0.0.3");
        assertThat(third.locked()).isTrue();
        assertThat(third.retryAfterSeconds()).isEqualTo(60);
        assertThat(guard.wait("clerk", "10.9.9.9")).as("from any address").isEqualTo(60);
        assertThat(guard.wait("nurse", "10.9.9.9")).as("another name").isZero();
        assertThat(guard.failed("clerk", "10.0.0.4").retryAfterSeconds()).as("doubled").isEqualTo(120);
        nanos.addAndGet(Duration.ofSeconds(121).toNanos());
        assertThat(guard.wait("clerk", "10.9.9.9")).isZero();
    }

    @Test
    void anAddressLocksForEveryNameItTries() {
        for (int i = 0; i < 4; i++) {
            assertThat(guard.failed("name-" + i, "10.1.1.1").locked()).isFalse();
        }
        assertThat(guard.failed("name-4", "10.1.1.1").locked()).isTrue();
        assertThat(guard.wait("nurse", "10.1.1.1")).isEqualTo(60);
        assertThat(guard.wait(null, "10.1.1.1")).isEqualTo(60);
        assertThat(guard.wait("nurse", "10.1.1.2")).isZero();
    }

    @Test
    void aGoodPasswordForgivesTheNameAndQuietCountsAreForgotten() {
        guard.failed("clerk", "10.0.0.1");
        guard.failed("clerk", "10.0.0.1");
        guard.succeeded("clerk");
        assertThat(guard.failed("clerk", "10.0.0.1").locked()).as("counted from one again").isFalse();
        nanos.addAndGet(Duration.ofMinutes(16).toNanos());
        guard.failed("clerk", "10.0.0.1");
        assertThat(guard.failed("clerk", "10.0.0.1").locked()).as("the failure of 16 minutes ago is forgotten").isFalse();
    }

    @Test
    void atMostTheConfiguredHashesAtOnce() {
        assertThat(guard.hashing().tryAcquire()).isTrue();
        assertThat(guard.hashing().tryAcquire()).isTrue();
        assertThat(guard.hashing().tryAcquire()).as("a third waits for nobody: refused").isFalse();
    }
}
