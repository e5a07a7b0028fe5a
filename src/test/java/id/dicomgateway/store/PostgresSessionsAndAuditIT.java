package id.dicomgateway.store;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.store.sessions.AuditEntry;
import id.dicomgateway.store.sessions.JdbcAuditStore;
import id.dicomgateway.store.sessions.JdbcSessionStore;
import id.dicomgateway.store.sessions.SessionRecord;
import id.dicomgateway.testing.PostgresProcess;
import io.agroal.api.AgroalDataSource;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions (V5) and the audit trail (V6) on a real PostgreSQL 15, the store every replica shares:
 * two stores (two replicas) on one database, with the same SQL the H2 tests run.
 */
class PostgresSessionsAndAuditIT {
    static PostgresProcess pg;
    static AgroalDataSource ds;
    static JdbcJobStore a;
    static JdbcJobStore b;

    @BeforeAll
    static void database() {
        pg = PostgresProcess.start();
        ds = StoreDatabases.pool(pg.jdbcUrl(pg.createDatabase()), PostgresProcess.USER, pg.password());
        StoreDatabases.migrate(ds, Dialect.POSTGRESQL);
        a = new JdbcJobStore(ds, Dialect.POSTGRESQL, RetryPolicy.defaults(), Duration.ofSeconds(30), java.time.Clock.systemUTC(),
                Duration.ofSeconds(5)).start();
        b = new JdbcJobStore(ds, Dialect.POSTGRESQL, RetryPolicy.defaults(), Duration.ofSeconds(30), java.time.Clock.systemUTC(),
                Duration.ofSeconds(5)).start();
    }

    @AfterAll
    static void stopDatabase() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        if (ds != null) {
            ds.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void aSessionEndedByOneReplicaIsEndedForTheOther() {
        JdbcSessionStore onA = new JdbcSessionStore(a);
        JdbcSessionStore onB = new JdbcSessionStore(b);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        onA.create("h1", "nurse", "operator", now);
        onA.create("h2", "clerk", "viewer", now);
        assertThat(onB.find("h1")).get().extracting(SessionRecord::user, SessionRecord::ended).containsExactly("nurse", null);
        assertThat(onB.touch("h1", now.plusSeconds(60))).isTrue();
        assertThat(onA.end("h1", "sign-out", now.plusSeconds(61))).isTrue();
        assertThat(onB.end("h1", "sign-out", now.plusSeconds(62))).as("once").isFalse();
        assertThat(onB.find("h1").orElseThrow().endReason()).isEqualTo("sign-out");
        assertThat(onB.live(Set.of("h1", "h2"))).containsExactly("h2");
        assertThat(onB.endAllBut(Set.of("nurse"), "user-removed", now.plusSeconds(63))).isEqualTo(1);
        assertThat(onA.live(Set.of("h1", "h2"))).isEmpty();
        assertThat(onA.purge(now.plusSeconds(1))).isEqualTo(2);
    }

    @Test
    void theAuditTrailIsReadByEveryReplicaAndKeptForItsRetention() {
        JdbcAuditStore onA = new JdbcAuditStore(a);
        JdbcAuditStore onB = new JdbcAuditStore(b);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        onA.record(new AuditEntry(now.minus(Duration.ofDays(200)), "key:ris", "operator", "api-key", "processStudy", "1.2.3", "j1", 200,
                "10.0.0.1"));
        onA.record(new AuditEntry(now, "clerk", "none", "password", "signInFailed", null, null, 401, "10.0.0.2"));
        assertThat(onB.find(null, null, null, null, null, 10)).extracting(AuditEntry::action).containsExactly("signInFailed", "processStudy");
        assertThat(onB.find("clerk", "signInFailed", null, now.minusSeconds(1), now.plusSeconds(1), 10)).hasSize(1);
        assertThat(onB.find(null, null, "j1", null, null, 10)).extracting(AuditEntry::study).containsExactly("1.2.3");
        assertThat(onB.purge(now.minus(Duration.ofDays(180)))).isEqualTo(1);
        assertThat(onA.find(null, null, null, null, null, 10)).extracting(AuditEntry::who).containsExactly("clerk");
    }
}
