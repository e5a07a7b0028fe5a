package id.dicomgateway.relay.confirm;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.relay.confirm.Confirmation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfirmationIntervalsTest {

    @Test
    void intervalsGrowByTheFactorUpToTheMaximum() {
        Duration max = Duration.ofSeconds(60);
        Duration d = Duration.ofSeconds(10);
        d = Confirmation.grown(d, 2, max);
        assertThat(d).isEqualTo(Duration.ofSeconds(20));
        d = Confirmation.grown(d, 2, max);
        assertThat(d).isEqualTo(Duration.ofSeconds(40));
        d = Confirmation.grown(d, 2, max);
        assertThat(d).isEqualTo(max);
        assertThat(Confirmation.grown(d, 2, max)).isEqualTo(max);
        assertThat(Confirmation.grown(Duration.ofSeconds(10), 1.5, max)).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void aFactorBelowOneNeverShrinksTheInterval() {
        assertThat(Confirmation.grown(Duration.ofSeconds(10), 0.5, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void durationsReadForPeople() {
        assertThat(Confirmation.human(Duration.ofMillis(200))).isEqualTo("200ms");
        assertThat(Confirmation.human(Duration.ofSeconds(10))).isEqualTo("10s");
        assertThat(Confirmation.human(Duration.ofMillis(1500))).isEqualTo("1.5s");
        assertThat(Confirmation.human(Duration.ofMinutes(5))).isEqualTo("5m");
        assertThat(Confirmation.human(Duration.ofSeconds(90))).isEqualTo("1m30s");
    }
}
