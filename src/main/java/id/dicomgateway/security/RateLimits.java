package id.dicomgateway.security;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per caller: {@code perMinute} requests at once, refilled evenly over the
 * minute. {@link #take} answers 0 when a request may go, else the whole seconds until it may
 * (the Retry-After of RFC 9110 §10.2.3).
 */
public final class RateLimits {
    private static final int MAX_BUCKETS = 10_000;

    private final double perMinute;
    private final LongSupplier nanos;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long at;

        Bucket(double tokens, long at) {
            this.tokens = tokens;
            this.at = at;
        }
    }

    public RateLimits(int perMinute, LongSupplier nanos) {
        this.perMinute = Math.max(1, perMinute);
        this.nanos = nanos;
    }

    public long take(String caller) {
        long now = nanos.getAsLong();
        if (buckets.size() > MAX_BUCKETS) {
            buckets.values().removeIf(b -> refilled(b, now) >= perMinute); // full buckets carry no state worth keeping
        }
        Bucket b = buckets.computeIfAbsent(caller, k -> new Bucket(perMinute, now));
        synchronized (b) {
            b.tokens = refilled(b, now);
            b.at = now;
            if (b.tokens >= 1) {
                b.tokens -= 1;
                return 0;
            }
            double secondsPerToken = 60.0 / perMinute;
            return Math.max(1, (long) Math.ceil((1 - b.tokens) * secondsPerToken));
        }
    }

    private double refilled(Bucket b, long now) {
        return Math.min(perMinute, b.tokens + (now - b.at) / 1e9 * perMinute / 60.0);
    }
}
