package id.dicomgateway.orders;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which open order a received study without an Accession Number belongs to (issue 24 item 3): the orders
 * of the same PatientID, of one of the study's modalities, scheduled on the study's date on the hospital's
 * clock. Only {@link #exact() exactly one} is an answer; none and several are reported, never guessed between.
 *
 * @param orders the matching orders, by scheduled start
 */
public record OrderMatch(List<Order> orders) {
    /** The orders a study may still belong to: not yet sent, not cancelled. */
    public static final Set<OrderState> OPEN = EnumSet.of(OrderState.SCHEDULED, OrderState.IMAGES_RECEIVED);

    public OrderMatch {
        orders = List.copyOf(orders);
    }

    public boolean exact() {
        return orders.size() == 1;
    }

    /** The one order; only when {@link #exact()}. */
    public Order order() {
        if (!exact()) {
            throw new IllegalStateException(describe());
        }
        return orders.get(0);
    }

    /** In words for the log and the job's check; ids and Accession Numbers only, never a patient's name. */
    public String describe() {
        if (orders.isEmpty()) {
            return "no open order";
        }
        if (exact()) {
            return "order " + orders.get(0).id() + " (ACSN " + orders.get(0).accessionNumber() + ")";
        }
        return orders.size() + " open orders (" + String.join(", ", orders.stream().map(Order::id).toList()) + ")";
    }

    /**
     * The decision, on orders read from the store (or any list).
     *
     * @param patientId  the study's PatientID
     * @param modalities the study's modalities (0008,0060), upper case
     * @param studyDate  the study's StudyDate (0008,0020)
     * @param zone       the hospital's clock, on which an order's start falls on a day
     */
    public static OrderMatch decide(Collection<Order> candidates, String patientId, Set<String> modalities, LocalDate studyDate,
            ZoneId zone) {
        if (patientId == null || patientId.isBlank() || modalities.isEmpty() || studyDate == null) {
            return new OrderMatch(List.of());
        }
        String pid = patientId.strip();
        return new OrderMatch(candidates.stream()
                .filter(o -> OPEN.contains(o.state()))
                .filter(o -> pid.equals(o.patientId()))
                .filter(o -> o.modality() != null && modalities.contains(o.modality().toUpperCase(Locale.ROOT)))
                .filter(o -> o.scheduledStart().atZoneSameInstant(zone).toLocalDate().equals(studyDate))
                .sorted(java.util.Comparator.comparing(Order::scheduledStart).thenComparing(Order::accessionNumber))
                .toList());
    }
}
