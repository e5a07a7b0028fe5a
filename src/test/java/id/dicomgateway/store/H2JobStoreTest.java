package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store's contract on the embedded H2 file, the one-node install's store. */
class H2JobStoreTest extends JobStoreContract {
    @TempDir
    static Path dir;
    static AgroalDataSource ds;

    @BeforeAll
    static void database() {
        ds = StoreDatabases.pool(StoreDatabases.h2Url(dir), null, null);
        StoreDatabases.migrate(ds, Dialect.H2);
    }

    @AfterAll
    static void closeDatabase() {
        ds.close();
    }

    @Override
    AgroalDataSource dataSource() {
        return ds;
    }

    @Override
    Dialect dialect() {
        return Dialect.H2;
    }

    @Test
    void theQueueOutlivesTheProcess() {
        JobRecord job = a.create(job("10.1", "J1"));
        a.claim("replica-a", 1);
        a.close();
        b.close();
        ds.close();

        // As after a restart: a new pool on the same file, and the lease of the dead process runs out.
        ds = StoreDatabases.pool(StoreDatabases.h2Url(dir), null, null);
        StoreDatabases.migrate(ds, Dialect.H2);
        a = open();
        b = open();
        clock.advance(LEASE.plus(Duration.ofSeconds(1)));
        assertThat(a.claim("replica-a2", 1)).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(job.id());
            assertThat(r.attempts()).extracting(Attempt::outcomeCode).containsExactly(Attempt.LEASE_EXPIRED, null);
        });
    }
}
