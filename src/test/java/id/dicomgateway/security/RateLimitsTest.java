package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitsTest {

    @Test
    void aBurstOfTheMinutesAllowanceThenOneEveryFractionOfAMinute() {
        AtomicLong now = new AtomicLong(0);
        RateLimits limits = new RateLimits(6, now::get); // one token every 10 s
        for (int i = 0; i < 6; i++) {
            assertThat(limits.take("k")).isZero();
        }
        assertThat(limits.take("k")).isEqualTo(10);
        assertThat(limits.take("other")).as("callers are counted apart").isZero();
        now.addAndGet(4_000_000_000L);
        assertThat(limits.take("k")).isEqualTo(6);
        now.addAndGet(6_000_000_000L);
        assertThat(limits.take("k")).isZero();
        assertThat(limits.take("k")).isEqualTo(10);
    }
}
