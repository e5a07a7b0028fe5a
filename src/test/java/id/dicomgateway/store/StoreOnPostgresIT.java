package id.dicomgateway.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.PostgresProcess;
import id.dicomgateway.testing.PostgresResource;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The application with GATEWAY_DB_* set: the job store is on that PostgreSQL (migrated by Flyway at
 * start), the embedded store is off, and readiness follows the database.
 */
@QuarkusTest
@WithTestResource(PostgresResource.class)
@Execution(ExecutionMode.SAME_THREAD) // the Quarkus lane (pom.xml, failsafe)
class StoreOnPostgresIT {

    @Inject
    JdbcJobStore store;
    /**
     * An Instance, not the bean itself: this class is a bean of the one test application every @QuarkusTest shares, and
     * an injection point would make the PostgreSQL datasource required where it is inactive, failing their start.
     */
    @Inject
    @DataSource("postgresql")
    Instance<AgroalDataSource> dataSource;

    @Test
    void jobsAreKeptInThePostgresqlTheSettingsNameAndTheEmbeddedStoreIsOff() throws Exception {
        assertThat(store.dialect()).isEqualTo(Dialect.POSTGRESQL);
        JobStoreContract.awaitListening(store); // the other test restarts the database
        JobRecord job = store.create(NewJob.queued("PROCESS", "1.2.840.1", "P1", "A1"));

        try (Connection c = DriverManager.getConnection(PostgresResource.url(), PostgresProcess.USER, PostgresResource.server().password());
                PreparedStatement ps = c.prepareStatement("SELECT accession_number FROM gateway_job WHERE id = ?")) {
            ps.setString(1, job.id());
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("A1");
            }
        }
        Management.given().when().get("/q/health/ready").then()
                .body("checks.find { it.name == 'job-store' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'job-store' }.data.database", equalTo("postgresql"))
                .body("checks.find { it.name == 'job-store' }.data.hearsOtherReplicas", equalTo(true))
                .body("checks.find { it.name == 'Database connections health check' }.data.keySet()", not(hasItem("embedded")));
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsAndComesBackWithIt() throws Exception {
        PostgresProcess pg = PostgresResource.server();
        pg.stopServer();
        try {
            Management.given().when().get("/q/health/ready").then().statusCode(503)
                    .body("checks.find { it.name == 'job-store' }.status", equalTo("DOWN"));
        } finally {
            pg.startServer();
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = Management.given().when().get("/q/health/ready").then().extract().path("checks.find { it.name == 'job-store' }.status")
                    .equals("UP") ? 200 : 503;
            if (status == 200) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(status).as("job-store UP again after the restart").isEqualTo(200);
        assertThat(store.get(store.create(NewJob.queued("DIRECT", "1.2.840.2", "P2", "A2")).id())).isPresent();
    }

    /**
     * A database host that hangs (every PostgreSQL process stopped: connections open, nothing answering) is a broken
     * connection after the socket timeout, which the store retries on a new one and then calls UNAVAILABLE, instead of a
     * thread waiting on a socket for the kernel's quarter of an hour (a failover that moves the address leaves exactly
     * that). The connection that hears other replicas, which only ever waits, notices too: it asks after 5 s of silence.
     * The shipped timeout is 30 s; the test's URL asks for 3, as an operator may.
     */
    @Test
    void aDatabaseThatHangsIsABrokenConnectionWithinTheSocketTimeoutForStatementsAndForTheListener() throws Exception {
        JobStoreContract.awaitListening(store);
        PostgresProcess pg = PostgresResource.server();
        ExecutorService asker = Executors.newSingleThreadExecutor();
        try (Connection c = dataSource.get().getConnection()) {
            assertThat(c.getNetworkTimeout()).isEqualTo(PostgresResource.SOCKET_TIMEOUT_SECONDS * 1000);
            Throwable failure;
            boolean stillHears;
            long start = System.nanoTime();
            pg.freeze();
            try {
                Future<?> asked = asker.submit(() -> {
                    try (Statement s = c.createStatement()) {
                        s.execute("SELECT 1");
                    }
                    return null;
                });
                try {
                    asked.get(PostgresResource.SOCKET_TIMEOUT_SECONDS * 4L, TimeUnit.SECONDS);
                    failure = null;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                } catch (TimeoutException e) {
                    failure = e;
                }
                // The connection that hears other replicas waits quietly; it must notice too, not hear nothing for ever.
                long deadline = System.nanoTime() + Duration.ofMillis(PgNotifications.QUIET_MILLIS)
                        .plusSeconds(PostgresResource.SOCKET_TIMEOUT_SECONDS * 3L).toNanos();
                while (store.listening() && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                stillHears = store.listening();
            } finally {
                // Before the connection goes back to the pool: its reset would wait on the statement.
                pg.thaw();
                asker.shutdown();
            }
            assertThat(stillHears).as("the store still says it hears other replicas").isFalse();
            assertThat(failure).as("the statement on the stopped database").isInstanceOf(SQLException.class);
            assertThat(JdbcJobStore.connectionFailure((SQLException) failure)).as(failure.toString()).isTrue();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(
                    Duration.ofSeconds(PostgresResource.SOCKET_TIMEOUT_SECONDS).minusMillis(500));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        boolean up = false;
        while (!up && System.nanoTime() < deadline) {
            up = "UP".equals(Management.given().when().get("/q/health/ready").then().extract()
                    .path("checks.find { it.name == 'job-store' }.status"));
            Thread.sleep(200);
        }
        assertThat(up).as("job-store UP again once the host answers").isTrue();
        JobStoreContract.awaitListening(store);
        assertThat(store.get(store.create(NewJob.queued("DIRECT", "1.2.840.3", "P3", "A3")).id())).isPresent();
    }
}
