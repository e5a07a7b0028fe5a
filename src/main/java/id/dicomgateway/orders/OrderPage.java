package id.dicomgateway.orders;

import java.util.List;

/** One page of a list, by scheduled start; {@code total} counts every order the filter selects. */
public record OrderPage(List<Order> orders, int limit, int offset, long total) {
    public boolean more() {
        return offset + orders.size() < total;
    }
}
