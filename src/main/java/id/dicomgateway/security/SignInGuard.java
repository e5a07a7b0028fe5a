package id.dicomgateway.security;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.LongSupplier;

/**
 * Slows password guessing: failures are counted per user name and per client address; once one
 * of them reaches its limit, that name or address is locked, for {@code lock} at first and twice
 * as long at each further failure counted (at most 64 times), and every attempt while locked is
 * refused without looking at the password. A success clears the name's count. Counts are
 * forgotten after 15 minutes without a failure. Per replica, in memory: with n replicas behind
 * one Service a guesser gets at most n times the attempts.
 *
 * <p>Also bounds how many password hashes are computed at once ({@link #hashing}), so a burst
 * of sign-ins (unknown names cost a full PBKDF2 too) cannot occupy the worker pool.
 */
public final class SignInGuard {
    private static final long FORGET_NANOS = Duration.ofMinutes(15).toNanos();
    private static final int MAX_ENTRIES = 10_000;

    private final int maxFailures;
    private final int maxAddressFailures;
    private final long lockNanos;
    private final LongSupplier nanos;
    private final Semaphore hashing;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();

    private static final class Count {
        int failures;
        long lastFailure;
        boolean locked;
        long lockedUntil;
    }

    /** What a failure did: locked (for how many seconds) or just counted. */
    public record Outcome(boolean locked, long retryAfterSeconds) {
    }

    public SignInGuard(int maxFailures, int maxAddressFailures, Duration lock, int concurrentHashes, LongSupplier nanos) {
        this.maxFailures = Math.max(1, maxFailures);
        this.maxAddressFailures = Math.max(1, maxAddressFailures);
        this.lockNanos = Math.max(1, lock.toNanos());
        this.nanos = nanos;
        this.hashing = new Semaphore(Math.max(1, concurrentHashes));
    }

    /** 0 when {@code name} (may be null) from {@code address} may try now, else the whole seconds until it may (Retry-After). */
    public long wait(String name, String address) {
        long now = nanos.getAsLong();
        return Math.max(remaining(nameKey(name), now), remaining(addressKey(address), now));
    }

    /** Counts a failure of {@code name} (may be null) from {@code address}; whether it locked either. */
    public Outcome failed(String name, String address) {
        long now = nanos.getAsLong();
        if (counts.size() > MAX_ENTRIES) {
            counts.values().removeIf(c -> forgettable(c, now));
        }
        long a = name == null ? 0 : fail(nameKey(name), maxFailures, now);
        long b = fail(addressKey(address), maxAddressFailures, now);
        long wait = Math.max(a, b);
        return new Outcome(wait > 0, seconds(wait));
    }

    /** A good password: the name's failures are forgiven (the address's are not: it may be guessing other names). */
    public void succeeded(String name) {
        counts.remove(nameKey(name));
    }

    /** The permits for computing a password hash; {@code tryAcquire} and release in finally. */
    public Semaphore hashing() {
        return hashing;
    }

    private long fail(String key, int limit, long now) {
        Count c = counts.computeIfAbsent(key, k -> new Count());
        synchronized (c) {
            if (c.failures > 0 && forgettable(c, now)) {
                c.failures = 0;
                c.locked = false;
            }
            c.failures++;
            c.lastFailure = now;
            if (c.failures >= limit) {
                int doublings = Math.min(6, c.failures - limit);
                c.locked = true;
                c.lockedUntil = now + (lockNanos << doublings);
                return c.lockedUntil - now;
            }
            return 0;
        }
    }

    private long remaining(String key, long now) {
        Count c = counts.get(key);
        if (c == null) {
            return 0;
        }
        synchronized (c) {
            return c.locked && c.lockedUntil - now > 0 ? seconds(c.lockedUntil - now) : 0;
        }
    }

    private static boolean forgettable(Count c, long now) {
        return now - c.lastFailure > FORGET_NANOS && (!c.locked || now - c.lockedUntil > 0);
    }

    private static long seconds(long nanos) {
        return nanos <= 0 ? 0 : Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
    }

    private static String nameKey(String name) {
        return "name:" + (name == null ? "" : name);
    }

    private static String addressKey(String address) {
        return "address:" + (address == null ? "unknown" : address);
    }
}
