package id.dicomgateway.relay.search;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answers kept for a short while by key. Callers that ask for a key while its answer is on the
 * way share that one lookup; a failed lookup is not kept, so the next caller asks again.
 */
final class ShortCache<V> {
    /** Beyond this many keys, expired ones are dropped; if that is not enough, all of them. */
    static final int MAX_KEYS = 10_000;

    private record Entry<V>(Uni<V> value, Instant expires) {
    }

    private final Map<String, Entry<V>> entries = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Clock clock;

    ShortCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    Uni<V> get(String key, Supplier<Uni<V>> load) {
        return Uni.createFrom().deferred(() -> {
            Instant now = clock.instant();
            Entry<V> cached = entries.get(key);
            if (cached != null && now.isBefore(cached.expires())) {
                return cached.value();
            }
            @SuppressWarnings("unchecked")
            Entry<V>[] self = new Entry[1];
            Uni<V> shared = Uni.createFrom().<V>deferred(load::get)
                    .onFailure().invoke(() -> entries.remove(key, self[0]))
                    .memoize().indefinitely();
            self[0] = new Entry<>(shared, now.plus(ttl));
            Entry<V> raced = entries.merge(key, self[0], (old, fresh) -> now.isBefore(old.expires()) ? old : fresh);
            trim(now);
            return raced.value();
        });
    }

    int size() {
        return entries.size();
    }

    private void trim(Instant now) {
        if (entries.size() <= MAX_KEYS) {
            return;
        }
        entries.values().removeIf(e -> !now.isBefore(e.expires()));
        if (entries.size() > MAX_KEYS) {
            entries.clear();
        }
    }
}
