package id.dicomgateway.api.orders;

import id.dicomgateway.orders.OrderPage;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of orders by scheduled start. */
@RegisterForReflection
@Schema(name = "OrderList")
public record OrderList(List<OrderView> orders, int limit, int offset,
                        @Schema(description = "Orders the filters select, on every page") long total,
                        @Schema(description = "Whether a next page holds more") boolean more) {

    static OrderList of(OrderPage page) {
        return new OrderList(page.orders().stream().map(OrderView::of).toList(), page.limit(), page.offset(), page.total(), page.more());
    }
}
