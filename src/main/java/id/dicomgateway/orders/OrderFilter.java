package id.dicomgateway.orders;

import java.time.LocalDate;
import java.util.Set;

/**
 * Which orders a list shows; a null or empty part matches anything, the parts combine.
 *
 * @param day the scheduled day, on the clock each order was posted with
 */
public record OrderFilter(LocalDate day, String modality, String stationAeTitle, Set<OrderState> states,
                          String accessionNumber) {
    public static final OrderFilter ALL = new OrderFilter(null, null, null, Set.of(), null);

    public OrderFilter {
        states = states == null ? Set.of() : Set.copyOf(states);
    }
}
