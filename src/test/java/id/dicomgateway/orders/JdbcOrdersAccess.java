package id.dicomgateway.orders;

import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;

/** {@link JdbcOrders} for tests of other packages (benchmarks): the calls they need, nothing more. */
public final class JdbcOrdersAccess {
    private final JdbcOrders store;

    public JdbcOrdersAccess(DataSource ds) {
        this.store = new JdbcOrders(ds, Clock.systemUTC());
    }

    public Posted upsert(NewOrder o) {
        return store.upsert(o);
    }

    public List<Order> candidates(String fromDay, String toDay, String modality) {
        return store.candidates(fromDay, toDay, modality, 2000);
    }
}
