package id.dicomgateway.store;

import id.dicomgateway.testing.PostgresProcess;
import io.agroal.api.AgroalDataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Batches on a real PostgreSQL 15, the store every replica shares. */
class PostgresBatchStoreTest extends BatchStoreContract {
    static PostgresProcess pg;
    static AgroalDataSource ds;

    @BeforeAll
    static void database() {
        pg = PostgresProcess.start();
        ds = StoreDatabases.pool(pg.jdbcUrl(pg.createDatabase()), PostgresProcess.USER, pg.password());
        StoreDatabases.migrate(ds, Dialect.POSTGRESQL);
    }

    @AfterAll
    static void stopDatabase() {
        if (ds != null) {
            ds.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Override
    AgroalDataSource dataSource() {
        return ds;
    }

    @Override
    Dialect dialect() {
        return Dialect.POSTGRESQL;
    }
}
