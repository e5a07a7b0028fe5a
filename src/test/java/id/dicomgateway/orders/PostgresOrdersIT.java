package id.dicomgateway.orders;

import id.dicomgateway.store.Dialect;
import id.dicomgateway.testing.PostgresProcess;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link JdbcOrdersContract} on a real PostgreSQL, migrated with the PostgreSQL locations as the application does. */
class PostgresOrdersIT extends JdbcOrdersContract {
    static PostgresProcess pg;
    private DataSource ds;

    @BeforeEach
    void database() {
        if (pg == null) {
            pg = PostgresProcess.start();
        }
        PGSimpleDataSource p = new PGSimpleDataSource();
        p.setURL(pg.jdbcUrl(pg.createDatabase()));
        p.setUser(PostgresProcess.USER);
        p.setPassword(pg.password());
        ds = p;
        migrate(ds, true);
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
            pg = null;
        }
    }

    @Override
    DataSource dataSource() {
        return ds;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
