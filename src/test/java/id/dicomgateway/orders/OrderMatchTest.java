package id.dicomgateway.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import id.dicomgateway.job.JobState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Issue 24 item 3's decision: exactly one open order of the PatientID, modality and day on the hospital's clock, or no answer. */
class OrderMatchTest {
    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");
    private static final LocalDate DAY = LocalDate.of(2032, 11, 20);

    private static Order order(String id, String pid, String modality, String start, OrderState state) {
        OffsetDateTime at = OffsetDateTime.parse(start);
        return new Order(id, "ACSN-" + id, pid, "Secret^Name", null, null, modality, at, "", "", null, null, null, null, "2.25.1",
                state, "json", null, Instant.EPOCH, Instant.EPOCH, 1);
    }

    @Test
    void exactlyOneMatchIsTheAnswer() {
        OrderMatch m = OrderMatch.decide(List.of(order("a", "P1", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED),
                order("b", "P2", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED)), "P1", Set.of("CT"), DAY, JAKARTA);
        assertThat(m.exact()).isTrue();
        assertThat(m.order().id()).isEqualTo("a");
        assertThat(m.describe()).contains("order a", "ACSN-a").doesNotContain("Secret");
    }

    @Test
    void noneIsNoAnswer() {
        OrderMatch m = OrderMatch.decide(List.of(order("a", "P2", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED)), "P1",
                Set.of("CT"), DAY, JAKARTA);
        assertThat(m.exact()).isFalse();
        assertThat(m.orders()).isEmpty();
        assertThat(m.describe()).isEqualTo("no open order");
        assertThatThrownBy(m::order).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void severalAreNoAnswerAndBothAreNamed() {
        OrderMatch m = OrderMatch.decide(List.of(order("a", "P1", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED),
                order("b", "P1", "CT", "2032-11-20T14:00:00+07:00", OrderState.IMAGES_RECEIVED)), "P1", Set.of("CT"), DAY, JAKARTA);
        assertThat(m.exact()).isFalse();
        assertThat(m.orders()).extracting(Order::id).containsExactly("a", "b");
        assertThat(m.describe()).contains("2 open orders", "a", "b").doesNotContain("Secret");
        assertThatThrownBy(m::order).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theDayIsReadOnTheHospitalsClock() {
        // 2032-11-19T23:30 in UTC is 06:30 on the 20th in Jakarta; 2032-11-20T20:00 UTC is the 21st there.
        Order early = order("early", "P1", "CR", "2032-11-19T23:30:00Z", OrderState.SCHEDULED);
        Order late = order("late", "P1", "CR", "2032-11-20T20:00:00Z", OrderState.SCHEDULED);
        assertThat(OrderMatch.decide(List.of(early, late), "P1", Set.of("CR"), DAY, JAKARTA).order().id()).isEqualTo("early");
        assertThat(OrderMatch.decide(List.of(early, late), "P1", Set.of("CR"), DAY, ZoneId.of("UTC")).order().id()).isEqualTo("late");
        assertThat(OrderMatch.decide(List.of(early, late), "P1", Set.of("CR"), DAY.plusDays(5), JAKARTA).orders()).isEmpty();
    }

    @Test
    void theModalityMustBeOneOfTheStudys() {
        List<Order> orders = List.of(order("ct", "P1", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED),
                order("mr", "P1", "MR", "2032-11-20T10:00:00+07:00", OrderState.SCHEDULED));
        assertThat(OrderMatch.decide(orders, "P1", Set.of("MR"), DAY, JAKARTA).order().id()).isEqualTo("mr");
        assertThat(OrderMatch.decide(orders, "P1", Set.of("MR", "SR"), DAY, JAKARTA).order().id()).isEqualTo("mr");
        assertThat(OrderMatch.decide(orders, "P1", Set.of("CT", "MR"), DAY, JAKARTA).orders()).hasSize(2);
        assertThat(OrderMatch.decide(orders, "P1", Set.of("DX"), DAY, JAKARTA).orders()).isEmpty();
        assertThat(OrderMatch.decide(orders, "P1", Set.of(), DAY, JAKARTA).orders()).isEmpty();
    }

    @Test
    void cancelledAndFinishedOrdersAreIgnored() {
        List<Order> orders = List.of(order("cancelled", "P1", "CT", "2032-11-20T08:00:00+07:00", OrderState.CANCELLED),
                order("sent", "P1", "CT", "2032-11-20T08:30:00+07:00", OrderState.SENT),
                order("failed", "P1", "CT", "2032-11-20T08:40:00+07:00", OrderState.FAILED),
                order("confirmed", "P1", "CT", "2032-11-20T08:50:00+07:00", OrderState.CONFIRMED),
                order("open", "P1", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED));
        assertThat(OrderMatch.decide(orders, "P1", Set.of("CT"), DAY, JAKARTA).order().id()).isEqualTo("open");
    }

    @Test
    void noPatientIdOrDayMatchesNothing() {
        List<Order> orders = List.of(order("a", "P1", "CT", "2032-11-20T09:00:00+07:00", OrderState.SCHEDULED));
        assertThat(OrderMatch.decide(orders, null, Set.of("CT"), DAY, JAKARTA).orders()).isEmpty();
        assertThat(OrderMatch.decide(orders, " ", Set.of("CT"), DAY, JAKARTA).orders()).isEmpty();
        assertThat(OrderMatch.decide(orders, "P1", Set.of("CT"), null, JAKARTA).orders()).isEmpty();
        assertThat(OrderMatch.decide(orders, " P1 ", Set.of("CT"), DAY, JAKARTA).order().id()).isEqualTo("a");
    }

    @Test
    void theOrderFollowsItsJob() {
        assertThat(new JobOutcome(JobState.SUCCEEDED, false).next(OrderState.IMAGES_RECEIVED)).contains(OrderState.SENT);
        assertThat(new JobOutcome(JobState.SUCCEEDED, true).next(OrderState.IMAGES_RECEIVED)).contains(OrderState.CONFIRMED);
        assertThat(new JobOutcome(JobState.SUCCEEDED, true).next(OrderState.SENT)).contains(OrderState.CONFIRMED);
        assertThat(new JobOutcome(JobState.SUCCEEDED, false).next(OrderState.SENT)).isEmpty();
        assertThat(new JobOutcome(JobState.FAILED, false).next(OrderState.IMAGES_RECEIVED)).contains(OrderState.FAILED);
        assertThat(new JobOutcome(JobState.PARTLY_FAILED, false).next(OrderState.IMAGES_RECEIVED)).contains(OrderState.FAILED);
        assertThat(new JobOutcome(JobState.FAILED, false).next(OrderState.SENT)).isEmpty();
        for (JobState open : List.of(JobState.QUEUED, JobState.RUNNING, JobState.WAITING_FOR_ORDER)) {
            assertThat(new JobOutcome(open, false).next(OrderState.IMAGES_RECEIVED)).isEqualTo(Optional.empty());
        }
        // a person cancelled the sending, not the examination: the order is offered again
        assertThat(new JobOutcome(JobState.CANCELLED, false).next(OrderState.IMAGES_RECEIVED)).contains(OrderState.SCHEDULED);
        assertThat(new JobOutcome(JobState.CANCELLED, false).next(OrderState.SENT)).isEmpty();
        // a cancelled order is not brought back by its job
        assertThat(new JobOutcome(JobState.SUCCEEDED, true).next(OrderState.CANCELLED)).isEmpty();
    }
}
