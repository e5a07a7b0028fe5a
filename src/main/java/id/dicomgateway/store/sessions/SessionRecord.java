package id.dicomgateway.store.sessions;

import java.time.Instant;

/** A sign-in session as the store keeps it: the hash of its cookie value, never the value; {@code ended} null while it lives. */
public record SessionRecord(String idHash, String user, String role, Instant created, Instant lastSeen, Instant ended,
        String endReason) {
}
