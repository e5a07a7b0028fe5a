package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.job.JobState;
import io.agroal.api.AgroalDataSource;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches on the embedded H2 file, the one-node install's store. */
class H2BatchStoreTest extends BatchStoreContract {
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
    void aBatchOutlivesTheProcess() {
        BatchRecord batch = a.create(rows(3));
        jobsA.claim("replica-a", 2);
        jobsA.close();
        jobsB.close();
        ds.close();

        // As after a restart: a new pool on the same file; the dead process's leases run out.
        ds = StoreDatabases.pool(StoreDatabases.h2Url(dir), null, null);
        StoreDatabases.migrate(ds, Dialect.H2);
        jobsA = new JdbcJobStore(ds, Dialect.H2, policy, LEASE, clock, Duration.ofSeconds(20)).start();
        jobsB = new JdbcJobStore(ds, Dialect.H2, policy, LEASE, clock, Duration.ofSeconds(20)).start();
        a = new JdbcBatchStore(jobsA);
        assertThat(a.get(batch.id()).orElseThrow().counts()).containsEntry(JobState.RUNNING, 2).containsEntry(JobState.QUEUED, 1);
        clock.advance(LEASE.plusSeconds(1));
        assertThat(jobsA.claim("replica-a2", 10)).hasSize(3);
        assertThat(a.get(batch.id()).orElseThrow().counts()).containsEntry(JobState.RUNNING, 3);
    }
}
