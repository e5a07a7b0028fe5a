package id.dicomgateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The API keys of programs, as configured: only their SHA-256 hashes, so the Secret holding
 * GATEWAY_API_KEYS cannot be used to call the gateway. A key is revoked by removing its entry.
 * A presented key is compared with every entry in constant time, whichever matches, so the time
 * taken tells nothing about how close a guess was or which entry it was near.
 */
public final class ApiKeys {
    /** One configured key: its name (never the key) is what the audit trail shows. */
    public record Entry(String name, String role, byte[] sha256) {
    }

    private final List<Entry> entries;

    private ApiKeys(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses {@code name:role:sha256hex,...}. A malformed entry stops the gateway from starting
     * with a message naming its position (never its value).
     */
    public static ApiKeys parse(Optional<String> configured) {
        List<Entry> entries = new ArrayList<>();
        for (CredentialEntry entry : CredentialEntry.split(configured)) {
            String item = entry.text();
            String[] parts = item.split(":", -1);
            String where = "GATEWAY_API_KEYS entry " + entry.position();
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " must be name:role:sha256hex");
            }
            String name = parts[0].trim();
            String role = parts[1].trim();
            String hex = parts[2].trim().toLowerCase();
            if (!name.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new IllegalArgumentException(where + ": the name must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!Roles.known(role)) {
                throw new IllegalArgumentException(where + " (" + name + "): role must be one of " + Roles.ALL);
            }
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(where + " (" + name + "): the third part must be the key's SHA-256 as 64 hex digits"
                        + " (printf %s \"$KEY\" | sha256sum), never the key itself");
            }
            for (Entry e : entries) {
                if (e.name().equals(name)) {
                    throw new IllegalArgumentException(where + ": the name " + name + " is used twice");
                }
            }
            entries.add(new Entry(name, role, HexFormat.of().parseHex(hex)));
        }
        return new ApiKeys(entries);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The entry whose hash is the presented key's, looking at every entry whatever matched. */
    public Optional<Entry> match(String presentedKey) {
        byte[] digest = sha256(presentedKey);
        Entry found = null;
        for (Entry e : entries) {
            if (MessageDigest.isEqual(digest, e.sha256()) && found == null) {
                found = e;
            }
        }
        return Optional.ofNullable(found);
    }

    public static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }
}
