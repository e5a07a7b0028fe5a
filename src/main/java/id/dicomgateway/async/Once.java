package id.dicomgateway.async;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.ArrayList;
import java.util.List;

/**
 * A result that is settled once, from any thread, and read as a {@link Uni} by any number of
 * subscribers, early or late. A subscriber cancelling cancels only its own subscription, never the
 * result. Settling again does nothing.
 *
 * <p>Each subscriber gets its own emitter, made after the subscriber is ready, and the result is
 * handed to it outside the lock. (A memoized Uni settled from another thread while a subscriber was
 * still subscribing once delivered a failure twice into an {@code onItemOrFailure().call} downstream,
 * seen as a CompositeException of one failure with itself.)
 */
public final class Once<T> {
    private final Object lock = new Object();
    /** What it was settled with: an {@link Item} or a {@link Failed}; null while open. Guarded by {@link #lock}. */
    private Object settled;
    /** The subscribers waiting while it is open. Guarded by {@link #lock}. */
    private final List<UniEmitter<? super T>> waiting = new ArrayList<>();

    /** A result settled already. */
    public static <T> Once<T> of(T item) {
        Once<T> once = new Once<>();
        once.complete(item);
        return once;
    }

    /** Settles it with {@code item}; false when it was settled before. */
    public boolean complete(T item) {
        return settle(new Item(item));
    }

    /** Settles it with {@code failure}; false when it was settled before. */
    public boolean fail(Throwable failure) {
        return settle(new Failed(failure));
    }

    private boolean settle(Object result) {
        List<UniEmitter<? super T>> told;
        synchronized (lock) {
            if (settled != null) {
                return false;
            }
            settled = result;
            told = new ArrayList<>(waiting);
            waiting.clear();
        }
        told.forEach(emitter -> deliver(emitter, result));
        return true;
    }

    public boolean isDone() {
        synchronized (lock) {
            return settled != null;
        }
    }

    /** The item if it was settled with one, else {@code fallback} (open, or failed). */
    @SuppressWarnings("unchecked")
    public T getNow(T fallback) {
        synchronized (lock) {
            return settled instanceof Item i ? (T) i.value : fallback;
        }
    }

    /** The result, when it is settled. */
    public Uni<T> uni() {
        return Uni.createFrom().emitter(emitter -> {
            Object now;
            synchronized (lock) {
                now = settled;
                if (now == null) {
                    waiting.add(emitter);
                    emitter.onTermination(() -> {
                        synchronized (lock) {
                            waiting.remove(emitter); // cancelled: only this subscriber goes
                        }
                    });
                    return;
                }
            }
            deliver(emitter, now);
        });
    }

    @SuppressWarnings("unchecked")
    private void deliver(UniEmitter<? super T> emitter, Object result) {
        if (result instanceof Failed f) {
            emitter.fail(f.failure);
        } else {
            emitter.complete((T) ((Item) result).value);
        }
    }

    private record Item(Object value) {
    }

    private record Failed(Throwable failure) {
    }
}
