package id.dicomgateway.dimse;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * At most {@code max} associations at once per destination; further ones queue in arrival
 * order. The router acts per association on release (docs/domain.md §4), so nothing is pooled:
 * a permit is the right to open one association.
 */
final class DestinationLimiter {

    private final int max;
    private final Map<String, Slots> byDestination = new HashMap<>();

    private static final class Slots {
        int inUse;
        final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    }

    DestinationLimiter(int max) {
        this.max = max;
    }

    /**
     * Runs {@code start} now if a permit is free, else when one is released. The returned
     * handle withdraws a waiting request; it does nothing once {@code start} ran.
     */
    Runnable acquire(String key, Runnable start) {
        boolean now;
        synchronized (this) {
            Slots slots = byDestination.computeIfAbsent(key, k -> new Slots());
            now = slots.inUse < max;
            if (now) {
                slots.inUse++;
            } else {
                slots.waiting.add(start);
            }
        }
        if (now) {
            start.run();
        }
        return () -> {
            synchronized (this) {
                Slots slots = byDestination.get(key);
                if (slots != null) {
                    slots.waiting.remove(start);
                }
            }
        };
    }

    /** Returns a permit; hands it to the next waiting request, if any. */
    void release(String key) {
        Runnable next;
        synchronized (this) {
            Slots slots = byDestination.get(key);
            if (slots == null || slots.inUse == 0) {
                throw new IllegalStateException("release without acquire for " + key);
            }
            next = slots.waiting.poll();
            if (next == null) {
                slots.inUse--;
                if (slots.inUse == 0) {
                    byDestination.remove(key);
                }
            }
        }
        if (next != null) {
            next.run();
        }
    }

    synchronized int inUse(String key) {
        Slots slots = byDestination.get(key);
        return slots == null ? 0 : slots.inUse;
    }
}
