package id.dicomgateway.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The built-in user list for hospitals without an identity provider: GATEWAY_USERS from a
 * Kubernetes Secret, {@code name:role:pbkdf2-sha256$iterations$salt$hash} entries (base64 salt and
 * hash; tools/hash-password makes one). PBKDF2 with HMAC-SHA-256 is in every JDK and native image,
 * and its iteration count makes a stolen list slow to guess from (NIST SP 800-132).
 */
public final class Users {
    static final String SCHEME = "pbkdf2-sha256";
    /**
     * New hashes (tools/auth/hash-password): OWASP Password Storage Cheat Sheet (2023 and since),
     * "PBKDF2 with a work factor of 600,000 or more and ... HMAC-SHA-256"
     * (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#pbkdf2).
     * A hash carries its own count, so older entries (210,000) still verify.
     */
    public static final int ITERATIONS = 600_000;
    private static final int MIN_ITERATIONS = 100_000;

    public record User(String name, String role, int iterations, byte[] salt, byte[] hash) {
    }

    private final Map<String, User> users;
    /** Compared against when the name is unknown: the configured users' largest work, so an unknown name costs as long as a wrong password. */
    private final User nobody;

    private Users(Map<String, User> users) {
        this.users = Map.copyOf(users);
        int work = users.values().stream().mapToInt(User::iterations).max().orElse(ITERATIONS);
        this.nobody = new User("", Roles.VIEWER, work, new byte[16], new byte[32]);
    }

    /** The PBKDF2 rounds an unknown name costs (those of the slowest configured hash). */
    int dummyIterations() {
        return nobody.iterations();
    }

    public java.util.Set<String> names() {
        return users.keySet();
    }

    public static Users parse(Optional<String> configured) {
        Map<String, User> users = new LinkedHashMap<>();
        for (CredentialEntry entry : CredentialEntry.split(configured)) {
            String item = entry.text();
            String where = "GATEWAY_USERS entry " + entry.position();
            String[] parts = item.split(":", 3);
            if (parts.length != 3) {
                throw new IllegalArgumentException(where + " must be name:role:" + SCHEME + "$iterations$salt$hash");
            }
            String name = parts[0].trim();
            String role = parts[1].trim();
            if (!name.matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalArgumentException(where + ": the name must be 1-64 letters, digits, '.', '_', '@' or '-'");
            }
            if (!Roles.known(role)) {
                throw new IllegalArgumentException(where + " (" + name + "): role must be one of " + Roles.ALL);
            }
            String[] hash = parts[2].trim().split("\\$");
            try {
                if (hash.length != 4 || !hash[0].equals(SCHEME)) {
                    throw new IllegalArgumentException("format");
                }
                int iterations = Integer.parseInt(hash[1]);
                byte[] salt = Base64.getDecoder().decode(hash[2]);
                byte[] derived = Base64.getDecoder().decode(hash[3]);
                if (iterations < MIN_ITERATIONS || salt.length < 16 || derived.length < 32) {
                    throw new IllegalArgumentException("weak");
                }
                if (users.put(name, new User(name, role, iterations, salt, derived)) != null) {
                    throw new IllegalArgumentException(where + ": the name " + name + " is used twice");
                }
            } catch (IllegalArgumentException e) {
                if (e.getMessage() != null && e.getMessage().startsWith(where)) {
                    throw e;
                }
                throw new IllegalArgumentException(where + " (" + name + "): the password must be a " + SCHEME
                        + "$iterations$salt$hash made by tools/hash-password (at least " + MIN_ITERATIONS
                        + " iterations, 16 bytes of salt), never the password itself");
            }
        }
        return new Users(users);
    }

    public int size() {
        return users.size();
    }

    public Optional<User> find(String name) {
        return Optional.ofNullable(users.get(name));
    }

    /** The user if the password is theirs; as slow for an unknown name as for a wrong password. */
    public Optional<User> verify(String name, char[] password) {
        User user = users.getOrDefault(name, nobody);
        boolean ok = MessageDigest.isEqual(derive(password, user.salt(), user.iterations(), user.hash().length), user.hash());
        return ok && user != nobody ? Optional.of(user) : Optional.empty();
    }

    public static String hash(char[] password, byte[] salt, int iterations) {
        return SCHEME + "$" + iterations + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, iterations, 32));
    }

    static byte[] derive(char[] password, byte[] salt, int iterations, int bytes) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, bytes * 8);
            try {
                return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
            } finally {
                spec.clearPassword();
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        }
    }
}
