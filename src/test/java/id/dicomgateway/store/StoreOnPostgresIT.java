package id.dicomgateway.store;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import id.dicomgateway.testing.Management;
import id.dicomgateway.testing.PostgresProcess;
import id.dicomgateway.testing.PostgresResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
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
}
