package id.dicomgateway.store.sessions;

import java.time.Instant;

/** One audit row as the store keeps it (V6__audit.sql): names, ids, a status and an address; never a patient's name or a secret. */
public record AuditEntry(Instant at, String who, String role, String signIn, String action, String study, String job,
        int result, String address) {
}
