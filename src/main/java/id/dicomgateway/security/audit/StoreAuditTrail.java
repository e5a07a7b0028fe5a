package id.dicomgateway.security.audit;

import id.dicomgateway.security.AuditRecord;
import id.dicomgateway.security.AuditTrail;
import id.dicomgateway.security.AuthConfig;
import id.dicomgateway.store.sessions.AuditEntry;
import id.dicomgateway.store.sessions.JdbcAuditStore;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The audit trail in the job store ({@link JdbcAuditStore}): every replica writes there and any
 * reads all of it; records older than GATEWAY_AUDIT_RETENTION are deleted hourly. Replaces
 * {@link MemoryAuditTrail}. A record made on the event loop is written on a worker, never
 * blocking it.
 */
@Singleton
public final class StoreAuditTrail implements AuditTrail {
    private static final Logger LOG = Logger.getLogger(StoreAuditTrail.class);
    private final JdbcAuditStore store;
    private final Duration retention;
    private final Clock clock;
    private final ZoneId zone = ZoneId.systemDefault();

    @jakarta.inject.Inject
    StoreAuditTrail(JdbcAuditStore store, AuthConfig config) {
        this(store, config.audit().retention(), Clock.systemUTC());
    }

    public StoreAuditTrail(JdbcAuditStore store, Duration retention, Clock clock) {
        this.store = store;
        this.retention = retention;
        this.clock = clock;
    }

    @Override
    public void record(AuditRecord r) {
        AuditEntry e = new AuditEntry(r.time(), r.who() == null ? "-" : r.who(), r.role() == null ? "none" : r.role(),
                r.signIn() == null ? "-" : r.signIn(), r.action(), r.study(), r.job(), r.result(), r.address());
        if (Context.isOnEventLoopThread()) {
            Uni.createFrom().item(() -> {
                store.record(e);
                return e;
            }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).subscribe()
                    .with(ok -> { }, failure -> LOG.warnf("Audit: a record could not be stored (the log has it): %s", failure.getMessage()));
        } else {
            try {
                store.record(e);
            } catch (RuntimeException failure) {
                LOG.warnf("Audit: a record could not be stored (the log has it): %s", failure.getMessage());
            }
        }
    }

    @Override
    public List<AuditRecord> find(Query q) {
        var from = q.day() == null ? null : q.day().atStartOfDay(zone).toInstant();
        var to = q.day() == null ? null : q.day().plusDays(1).atStartOfDay(zone).toInstant();
        return store.find(q.who(), q.action(), q.job(), from, to, q.limit()).stream()
                .map(e -> new AuditRecord(e.at(), e.who(), e.role(), e.signIn(), e.action(), e.study(), e.job(), e.result(), e.address()))
                .toList();
    }

    /** Deletes records older than the retention; how many. */
    public int purge() {
        return store.purge(clock.instant().minus(retention));
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "audit-retention")
    void retention() {
        try {
            int n = purge();
            if (n > 0) {
                LOG.infof("Audit: retention deleted %d record(s) older than %s", n, retention);
            }
        } catch (RuntimeException e) {
            LOG.warnf("Audit: retention could not run: %s", e.getMessage());
        }
    }
}
