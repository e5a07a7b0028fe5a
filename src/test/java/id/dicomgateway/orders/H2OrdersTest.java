package id.dicomgateway.orders;

import id.dicomgateway.store.Dialect;
import java.util.UUID;
import javax.sql.DataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;

/** {@link JdbcOrdersContract} on the embedded store's H2, one fresh in-memory database per test. */
class H2OrdersTest extends JdbcOrdersContract {
    private DataSource ds;

    @BeforeEach
    void database() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:orders-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds = h2;
        migrate(ds, false);
    }

    @Override
    DataSource dataSource() {
        return ds;
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }
}
