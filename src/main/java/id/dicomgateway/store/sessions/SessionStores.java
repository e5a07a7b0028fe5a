package id.dicomgateway.store.sessions;

import id.dicomgateway.store.JdbcJobStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Sign-in sessions and the audit trail live on the job store's database and run in its
 * transactions, so every replica sees the same rows.
 */
@ApplicationScoped
public class SessionStores {

    /** Sign-in sessions on the same database, so every replica ends a session at once (V5). */
    @Produces
    @Singleton
    JdbcSessionStore sessions(JdbcJobStore store) {
        return new JdbcSessionStore(store);
    }

    /** The audit trail on the same database, written and read by every replica (V6). */
    @Produces
    @Singleton
    JdbcAuditStore audit(JdbcJobStore store) {
        return new JdbcAuditStore(store);
    }
}
