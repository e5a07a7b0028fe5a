package id.dicomgateway.security.audit;

import id.dicomgateway.security.AuditRecord;
import id.dicomgateway.security.AuditTrail;
import id.dicomgateway.security.AuthConfig;
import io.quarkus.arc.DefaultBean;
import jakarta.inject.Singleton;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/** The latest {@code gateway.auth.audit.capacity} records in memory, oldest dropped first; the log keeps every one. */
@Singleton
@DefaultBean
public final class MemoryAuditTrail implements AuditTrail {
    private final int capacity;
    private final ArrayDeque<AuditRecord> records = new ArrayDeque<>();
    private final ZoneId zone = ZoneId.systemDefault();

    MemoryAuditTrail(AuthConfig config) {
        this.capacity = Math.max(1, config.audit().capacity());
    }

    @Override
    public synchronized void record(AuditRecord record) {
        if (records.size() == capacity) {
            records.removeFirst();
        }
        records.addLast(record);
    }

    @Override
    public synchronized List<AuditRecord> find(Query q) {
        List<AuditRecord> found = new ArrayList<>();
        for (Iterator<AuditRecord> it = records.descendingIterator(); it.hasNext() && found.size() < q.limit();) {
            AuditRecord r = it.next();
            if ((q.who() == null || q.who().equals(r.who())) && (q.action() == null || q.action().equals(r.action()))
                    && (q.job() == null || q.job().equals(r.job()))
                    && (q.day() == null || q.day().equals(r.time().atZone(zone).toLocalDate()))) {
                found.add(r);
            }
        }
        return found;
    }
}
