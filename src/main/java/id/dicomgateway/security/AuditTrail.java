package id.dicomgateway.security;

import java.time.LocalDate;
import java.util.List;

/**
 * Where audit records are kept. {@link MemoryAuditTrail} keeps the latest in memory; a durable
 * store (the jobs database) replaces it by providing another bean of this type.
 */
public interface AuditTrail {

    void record(AuditRecord record);

    /** Newest first; each filter null for any. {@code day} in the gateway's time zone. */
    List<AuditRecord> find(Query query);

    record Query(String who, String action, LocalDate day, String job, int limit) {
    }
}
