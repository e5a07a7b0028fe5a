package id.dicomgateway.async;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A result that is settled once, from any thread, and read as a {@link Uni} by any number of
 * subscribers, early or late: a memoized Mutiny emitter. A subscriber cancelling cancels only its
 * own subscription, never the result. Settling again does nothing.
 */
public final class Once<T> {
    /** What it was settled with: the item (maybe null) or a {@link Failed}; null while open. */
    private final AtomicReference<Object> settled = new AtomicReference<>();
    private final UniEmitter<? super T>[] emitter;
    private final Uni<T> uni;

    @SuppressWarnings("unchecked")
    public Once() {
        UniEmitter<? super T>[] holder = new UniEmitter[1];
        this.emitter = holder;
        this.uni = Uni.createFrom().<T>emitter(e -> holder[0] = e).memoize().indefinitely();
        // Subscribed here, so the emitter exists before anyone settles it (the emitter is made on subscription).
        uni.subscribe().with(item -> {
        }, failure -> {
        });
    }

    /** A result settled already. */
    public static <T> Once<T> of(T item) {
        Once<T> once = new Once<>();
        once.complete(item);
        return once;
    }

    /** Settles it with {@code item}; false when it was settled before. */
    public boolean complete(T item) {
        if (!settled.compareAndSet(null, new Item(item))) {
            return false;
        }
        emitter[0].complete(item);
        return true;
    }

    /** Settles it with {@code failure}; false when it was settled before. */
    public boolean fail(Throwable failure) {
        if (!settled.compareAndSet(null, new Failed(failure))) {
            return false;
        }
        emitter[0].fail(failure);
        return true;
    }

    public boolean isDone() {
        return settled.get() != null;
    }

    /** The item if it was settled with one, else {@code fallback} (open, or failed). */
    @SuppressWarnings("unchecked")
    public T getNow(T fallback) {
        return settled.get() instanceof Item i ? (T) i.value : fallback;
    }

    /** The result, when it is settled. */
    public Uni<T> uni() {
        return uni;
    }

    private record Item(Object value) {
    }

    private record Failed(Throwable failure) {
    }
}
