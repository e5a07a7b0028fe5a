package id.dicomgateway.security;

import java.time.LocalDate;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Where audit records are kept. {@code audit.MemoryAuditTrail} keeps the latest in memory; a durable
 * store (the jobs database) replaces it by providing another bean of this type.
 */
public interface AuditTrail {

    /** Each record also goes to this log category, so a log shipper keeps a copy off the gateway. */
    static void log(AuditRecord record) {
        Log.AUDIT.info(record.line());
    }

    void record(AuditRecord record);

    /** Newest first; each filter null for any. {@code day} in the gateway's time zone. */
    List<AuditRecord> find(Query query);

    record Query(String who, String action, LocalDate day, String job, int limit) {
    }

    /** Holder of the audit log category (an interface has no private fields). */
    final class Log {
        static final Logger AUDIT = Logger.getLogger("id.dicomgateway.audit");

        private Log() {
        }
    }
}
