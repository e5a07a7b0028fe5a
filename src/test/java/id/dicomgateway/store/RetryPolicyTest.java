package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void delaysDoubleUpToTheCap() {
        RetryPolicy p = new RetryPolicy(10, Duration.ofSeconds(30), Duration.ofMinutes(30), 0, Duration.ofHours(24), () -> 0.7);
        assertThat(p.delay(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.delay(2)).isEqualTo(Duration.ofMinutes(1));
        assertThat(p.delay(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(p.delay(6)).isEqualTo(Duration.ofMinutes(16));
        assertThat(p.delay(7)).isEqualTo(Duration.ofMinutes(30));
        assertThat(p.delay(1000)).as("no overflow").isEqualTo(Duration.ofMinutes(30));
    }

    @Test
    void jitterTakesARandomShareOffSoJobsThatFailedTogetherSpreadOut() {
        RetryPolicy low = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), 0.2, Duration.ofHours(1), () -> 0.0);
        RetryPolicy high = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), 0.2, Duration.ofHours(1), () -> 0.999999);
        assertThat(low.delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(high.delay(1)).isBetween(Duration.ofSeconds(8), Duration.ofMillis(8001));

        Random random = new Random(42);
        RetryPolicy real = new RetryPolicy(5, Duration.ofSeconds(10), Duration.ofMinutes(1), 0.2, Duration.ofHours(1), random::nextDouble);
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            Duration d = real.delay(2);
            assertThat(d).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(20));
            seen.add(d);
        }
        assertThat(seen).as("spread, not one value").hasSizeGreaterThan(20);
    }

    @Test
    void nonsenseSettingsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> new RetryPolicy(0, Duration.ofSeconds(1), Duration.ofSeconds(2), 0, Duration.ZERO, Math::random))
                .hasMessageContaining("was 0");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(5), Duration.ofSeconds(2), 0, Duration.ZERO, Math::random))
                .hasMessageContaining("PT5S");
        assertThatThrownBy(() -> new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(2), 1.5, Duration.ZERO, Math::random))
                .hasMessageContaining("1.5");
    }
}
