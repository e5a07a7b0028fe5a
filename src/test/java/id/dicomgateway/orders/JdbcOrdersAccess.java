package id.dicomgateway.orders;

import id.dicomgateway.store.JdbcJobStore;
import java.util.List;

/** {@link JdbcOrders} for tests of other packages (benchmarks): the calls they need, nothing more. */
public final class JdbcOrdersAccess {
    private final JdbcOrders store;

    public JdbcOrdersAccess(JdbcJobStore db) {
        this.store = new JdbcOrders(db);
    }

    public Posted upsert(NewOrder o) {
        return store.upsert(o);
    }

    public List<Order> candidates(String fromDay, String toDay, String modality) {
        return store.candidates(fromDay, toDay, modality, 2000);
    }
}
