package id.dicomgateway.store;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * When to try again: exponential backoff with jitter, after dcm4chee-arc's export tasks (delay,
 * multiplier, max retries). The n-th retry waits {@code initialDelay * 2^(n-1)}, capped at
 * {@code maxDelay}, less a random share up to {@code jitter} of it, so jobs that failed together
 * (the router was down) do not all come back in the same second.
 *
 * @param maxAttempts attempts charged before a job that can heal is FAILED for good (at least 1)
 * @param jitter 0 (none) to 1 (anything between 0 and the full delay)
 * @param orderWait how long a job waits for SATUSEHAT's ServiceRequest before it fails
 * @param random numbers in [0, 1): Math::random in production, fixed in tests
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay, double jitter, Duration orderWait,
        DoubleSupplier random) {

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("max attempts must be at least 1, was " + maxAttempts);
        }
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("retry delays must satisfy 0 <= initial (" + initialDelay + ") <= max (" + maxDelay + ")");
        }
        if (jitter < 0 || jitter > 1) {
            throw new IllegalArgumentException("jitter must be within 0..1, was " + jitter);
        }
    }

    public static RetryPolicy defaults() {
        return new RetryPolicy(5, Duration.ofSeconds(30), Duration.ofMinutes(30), 0.2, Duration.ofHours(24), Math::random);
    }

    /** The wait before retry number {@code retry} (1 for the first retry). */
    public Duration delay(int retry) {
        long cap = maxDelay.toMillis();
        long delay = Math.min(cap, initialDelay.toMillis());
        for (int i = 1; i < retry && delay < cap; i++) {
            delay = Math.min(cap, delay * 2);
        }
        long jitterMillis = (long) (delay * jitter * random.getAsDouble());
        return Duration.ofMillis(delay - jitterMillis);
    }
}
