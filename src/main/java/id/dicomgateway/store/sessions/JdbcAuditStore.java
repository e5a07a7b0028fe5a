package id.dicomgateway.store.sessions;

import id.dicomgateway.store.JdbcJobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail on the job store's database ({@code V6__audit.sql}): written by every replica,
 * read by any, kept for a retention period. Same SQL on both dialects, in {@link JdbcJobStore}'s
 * transactions.
 */
public final class JdbcAuditStore {
    private final JdbcJobStore db;

    public JdbcAuditStore(JdbcJobStore db) {
        this.db = db;
    }

    public void record(AuditEntry e) {
        db.tx("record an audit entry", tx -> tx.update("INSERT INTO gateway_audit (at, who, role, sign_in, action, study_uid, job_id, "
                + "result, address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.at(), clip(e.who(), 128), clip(e.role(), 16),
                clip(e.signIn(), 16), clip(e.action(), 64), clip(e.study(), 64), clip(e.job(), 64), e.result(), clip(e.address(), 64)));
    }

    /** Newest first; a null filter matches anything; {@code from} inclusive, {@code to} exclusive. */
    public List<AuditEntry> find(String who, String action, String job, Instant from, Instant to, int limit) {
        List<Object> args = new ArrayList<>();
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        and(where, args, "who = ?", who);
        and(where, args, "action = ?", action);
        and(where, args, "job_id = ?", job);
        and(where, args, "at >= ?", from);
        and(where, args, "at < ?", to);
        args.add(Math.max(0, limit));
        return db.tx("read the audit trail", tx -> tx.query("SELECT at, who, role, sign_in, action, study_uid, job_id, result, address "
                + "FROM gateway_audit" + where + " ORDER BY at DESC, id DESC LIMIT ?",
                rs -> new AuditEntry(JdbcJobStore.instant(rs, 1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.getInt(8), rs.getString(9)), args.toArray()));
    }

    /** Deletes the entries older than {@code before}; how many. */
    public int purge(Instant before) {
        return db.tx("apply the audit retention", tx -> tx.update("DELETE FROM gateway_audit WHERE at < ?", before));
    }

    /** Adds {@code condition} on {@code value} to the WHERE clause; a null value filters nothing. */
    private static void and(StringBuilder where, List<Object> args, String condition, Object value) {
        if (value != null) {
            where.append(" AND ").append(condition);
            args.add(value);
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
