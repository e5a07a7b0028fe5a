package id.dicomgateway.store.sessions;

import id.dicomgateway.store.JdbcJobStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Sign-in sessions on the job store's database ({@code V5__sessions.sql}), so every replica
 * checks the same rows: a session ended on one is ended on all. Runs in {@link JdbcJobStore}'s
 * transactions (the same retries on a broken connection), with the same SQL on both dialects.
 */
public final class JdbcSessionStore {
    private static final String COLUMNS = "id_hash, user_name, role, created_at, last_seen_at, ended_at, end_reason";
    private final JdbcJobStore db;

    public JdbcSessionStore(JdbcJobStore db) {
        this.db = db;
    }

    public void create(String idHash, String user, String role, Instant at) {
        db.tx("record a session", tx -> tx.update("INSERT INTO gateway_session (id_hash, user_name, role, created_at, last_seen_at) "
                + "VALUES (?, ?, ?, ?, ?)", idHash, user, role, at, at));
    }

    public Optional<SessionRecord> find(String idHash) {
        return db.tx("read a session", tx -> tx.query("SELECT " + COLUMNS + " FROM gateway_session WHERE id_hash = ?",
                JdbcSessionStore::row, idHash)).stream().findFirst();
    }

    /** Moves the session's last use forward (never back); false when it has ended or is unknown. */
    public boolean touch(String idHash, Instant at) {
        return db.tx("note a session's use", tx -> tx.update("UPDATE gateway_session SET last_seen_at = ? WHERE id_hash = ? "
                + "AND ended_at IS NULL AND last_seen_at < ?", at, idHash, at)) > 0;
    }

    /** Ends one session; false when it had ended already or is unknown. */
    public boolean end(String idHash, String reason, Instant at) {
        return db.tx("end a session", tx -> tx.update("UPDATE gateway_session SET ended_at = ?, end_reason = ? "
                + "WHERE id_hash = ? AND ended_at IS NULL", at, reason, idHash)) > 0;
    }

    /** Ends every live session of a user who is not in {@code users} (removed from the configuration); how many. */
    public int endAllBut(Set<String> users, String reason, Instant at) {
        return db.tx("end removed users' sessions", tx -> {
            List<Object> args = new ArrayList<>(List.of(at, reason));
            StringBuilder sql = new StringBuilder("UPDATE gateway_session SET ended_at = ?, end_reason = ? WHERE ended_at IS NULL");
            if (!users.isEmpty()) {
                sql.append(" AND user_name NOT IN (").append(String.join(", ", java.util.Collections.nCopies(users.size(), "?"))).append(')');
                args.addAll(users);
            }
            return tx.update(sql.toString(), args.toArray());
        });
    }

    /** Of {@code idHashes}, those still live (not ended), as the store has them now. */
    public Set<String> live(Collection<String> idHashes) {
        if (idHashes.isEmpty()) {
            return Set.of();
        }
        return db.tx("read sessions", tx -> Set.copyOf(tx.query("SELECT id_hash FROM gateway_session WHERE ended_at IS NULL AND id_hash IN ("
                + String.join(", ", java.util.Collections.nCopies(idHashes.size(), "?")) + ")", rs -> rs.getString(1), idHashes.toArray())));
    }

    /** Deletes sessions made before {@code createdBefore}: past their absolute lifetime, ended or not. */
    public int purge(Instant createdBefore) {
        return db.tx("delete old sessions", tx -> tx.update("DELETE FROM gateway_session WHERE created_at < ?", createdBefore));
    }

    /** The store's clock, for callers that compare with what it wrote. */
    public Instant now() {
        return db.now();
    }

    private static SessionRecord row(ResultSet rs) throws SQLException {
        return new SessionRecord(rs.getString(1), rs.getString(2), rs.getString(3), JdbcJobStore.instant(rs, 4),
                JdbcJobStore.instant(rs, 5), JdbcJobStore.instant(rs, 6), rs.getString(7));
    }
}
