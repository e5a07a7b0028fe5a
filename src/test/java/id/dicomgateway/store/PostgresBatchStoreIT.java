package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.testing.PostgresProcess;
import io.agroal.api.AgroalDataSource;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Batches on a real PostgreSQL 15, the store every replica shares. */
class PostgresBatchStoreIT extends BatchStoreContract {
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

    @Test
    void aBatchsNewJobsNotifyNobodyAndTheirClaimsAreHeard() throws Exception {
        BlockingQueue<JobChange> heard = new LinkedBlockingQueue<>();
        jobsB.subscribe(heard::add);
        JobStoreContract.awaitListening(jobsB);
        a.create(rows(200));
        assertThat(heard.poll(500, TimeUnit.MILLISECONDS)).as("200 new queued jobs, not 200 notifications").isNull();
        JobRecord plain = jobsA.create(JobStoreContract.job("1.2.9", "N1"));
        assertThat(JobStoreContract.next(heard, plain.id())).as("a job of no batch is heard as before").isTrue();
        List<JobRecord> claimed = jobsA.claim("replica-a", 2);
        List<String> ids = new java.util.ArrayList<>();
        JobChange c;
        while ((c = heard.poll(1, TimeUnit.SECONDS)) != null) {
            ids.add(c.jobId());
        }
        assertThat(ids).as("claims are heard").containsAll(claimed.stream().map(JobRecord::id).toList());
    }
}
