package id.dicomgateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import id.dicomgateway.security.audit.StoreAuditTrail;
import id.dicomgateway.store.Dialect;
import id.dicomgateway.store.JdbcJobStore;
import id.dicomgateway.store.RetryPolicy;
import id.dicomgateway.store.sessions.AuditEntry;
import id.dicomgateway.store.sessions.JdbcAuditStore;
import id.dicomgateway.store.sessions.JdbcSessionStore;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sessions and the audit trail in the job store, as replicas share it: two stores (two replicas)
 * on one H2 file, each with its own {@link Sessions}, without Quarkus (issue 23 rows 2 and 10).
 */
class SessionsStoreTest {
    private static final Duration IDLE = Duration.ofMinutes(30);
    private static final Duration MAX = Duration.ofHours(8);
    private static final Duration CHECK = Duration.ofSeconds(5);

    @TempDir
    Path dir;
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-05T08:00:00Z"));
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final Clock clock = new Clock() {
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        public Instant instant() {
            return now.get();
        }
    };
    private JdbcJobStore storeA;
    private JdbcJobStore storeB;

    private JdbcJobStore open() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:file:" + dir.resolve("jobs").toAbsolutePath() + ";DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/common").load().migrate();
        return new JdbcJobStore(ds, Dialect.H2, RetryPolicy.defaults(), Duration.ofSeconds(30), clock, Duration.ofSeconds(1)).start();
    }

    private Sessions sessions(JdbcJobStore store) {
        return new Sessions(new JdbcSessionStore(store), IDLE, MAX, CHECK, clock, nanos::get);
    }

    private void pass(Duration d) {
        now.set(now.get().plus(d));
        nanos.addAndGet(d.toNanos());
    }

    @AfterEach
    void close() {
        if (storeA != null) {
            storeA.close();
        }
        if (storeB != null) {
            storeB.close();
        }
    }

    @Test
    void aSignOutOnOneReplicaEndsTheSessionOnTheOtherWithinTheCheckAndClosesItsStreams() {
        storeA = open();
        storeB = open();
        Sessions a = sessions(storeA);
        Sessions b = sessions(storeB);
        String cookie = a.begin("nurse", "operator");
        assertThat(a.live(cookie, "nurse")).isTrue();
        assertThat(b.live(cookie, "nurse")).as("the other replica reads the store").isTrue();
        assertThat(b.live(cookie, "clerk")).as("for its user only").isFalse();
        assertThat(b.live("a-made-up-value", "nurse")).isFalse();

        var identity = QuarkusSecurityIdentity.builder().setPrincipal(new QuarkusPrincipal("nurse"))
                .addAttribute(Sessions.ATTRIBUTE, Sessions.attribute(cookie)).build();
        AssertSubscriber<Long> stream = b.bound(identity, Multi.createFrom().<Long>emitter(e -> e.emit(1L)))
                .subscribe().withSubscriber(AssertSubscriber.create(10));
        stream.assertItems(1L).assertNotTerminated();

        assertThat(a.signOut(cookie)).contains("nurse");
        assertThat(a.live(cookie, "nurse")).as("at once on the replica that signed out").isFalse();
        b.closeEndedStreams();
        stream.assertCompleted();
        pass(CHECK);
        assertThat(b.live(cookie, "nurse")).as("on the other within " + CHECK).isFalse();
        assertThat(a.signOut(cookie)).as("ended once").isEmpty();
    }

    @Test
    void sessionsEndWhenIdleWhenOldAndWhenTheirUserIsRemoved() {
        storeA = open();
        Sessions a = sessions(storeA);
        String idle = a.begin("nurse", "operator");
        pass(IDLE.plusSeconds(1));
        assertThat(a.live(idle, "nurse")).as("unused for longer than " + IDLE).isFalse();

        String busy = a.begin("nurse", "operator");
        for (Duration used = Duration.ZERO; used.compareTo(MAX.minusMinutes(20)) < 0; used = used.plusMinutes(20)) {
            pass(Duration.ofMinutes(20));
            assertThat(a.live(busy, "nurse")).as("used every 20 minutes, at " + used).isTrue();
        }
        pass(Duration.ofMinutes(20));
        assertThat(a.live(busy, "nurse")).as("older than " + MAX + " however busy").isFalse();

        String nurse = a.begin("nurse", "operator");
        String clerk = a.begin("clerk", "viewer");
        storeB = open();
        Sessions restarted = sessions(storeB);
        assertThat(restarted.endAllBut(Set.of("clerk"))).as("nurse removed from GATEWAY_USERS").isEqualTo(1);
        assertThat(restarted.live(nurse, "nurse")).isFalse();
        assertThat(restarted.live(clerk, "clerk")).isTrue();
    }

    @Test
    void theAuditTrailOutlivesARestartAndIsKeptForItsRetention() {
        storeA = open();
        StoreAuditTrail trail = new StoreAuditTrail(new JdbcAuditStore(storeA), Duration.ofDays(180), clock);
        trail.record(new AuditRecord(now.get().minus(Duration.ofDays(200)), "key:ris-bridge", "operator", "api-key", "processStudy",
                "1.2.3", "job-old", 200, "10.0.0.9"));
        trail.record(new AuditRecord(now.get(), "clerk", "none", "password", "signInFailed", null, null, 401, "10.0.0.7"));
        storeA.close();
        storeA = null;

        storeB = open(); // a new process on the same file
        StoreAuditTrail again = new StoreAuditTrail(new JdbcAuditStore(storeB), Duration.ofDays(180), clock);
        List<AuditRecord> all = again.find(new AuditTrail.Query(null, null, null, null, 100));
        assertThat(all).extracting(AuditRecord::action).containsExactly("signInFailed", "processStudy");
        assertThat(all.get(0)).extracting(AuditRecord::who, AuditRecord::address, AuditRecord::result)
                .containsExactly("clerk", "10.0.0.7", 401);
        assertThat(again.find(new AuditTrail.Query("clerk", null, java.time.LocalDate.of(2026, 12, 5), null, 10))).hasSize(1);
        assertThat(again.find(new AuditTrail.Query(null, null, null, "job-old", 10))).hasSize(1);
        assertThat(again.purge()).as("older than 180 days").isEqualTo(1);
        assertThat(again.find(new AuditTrail.Query(null, null, null, null, 100))).extracting(AuditRecord::action).containsExactly("signInFailed");
        assertThat(new JdbcAuditStore(storeB).find(null, null, null, null, null, 10)).extracting(AuditEntry::who).containsExactly("clerk");
    }
}
