package id.dicomgateway.relay;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.util.ArrayList;
import java.util.List;

/**
 * Items that arrive before and after their one subscriber does, as a {@link Multi}: the fetch of
 * a study starts before the send subscribes (the first instance must be cleared first), so what
 * came before is replayed, then each item follows as it comes. Built on Mutiny's public emitter
 * API, buffering while the subscriber asks for nothing more.
 */
final class Arrivals<T> {
    /** Guarded by {@code this}, as are the fields below it. */
    private final List<T> items = new ArrayList<>();
    private MultiEmitter<? super T> emitter;
    private int emitted;
    private Throwable failure;
    private boolean completed;
    private boolean subscribed;
    /** Set by the subscriber's cancellation, from any thread: read without the lock. */
    private volatile boolean terminated;

    synchronized void add(T item) {
        if (completed || failure != null) {
            return;
        }
        items.add(item);
        drain();
    }

    synchronized void complete() {
        if (failure == null) {
            completed = true;
            drain();
        }
    }

    synchronized void fail(Throwable error) {
        if (!completed && failure == null) {
            failure = error;
            drain();
        }
    }

    /** The items, for one subscriber; a second one gets an error. */
    Multi<T> multi() {
        return Multi.createFrom().emitter(e -> {
            synchronized (this) {
                if (subscribed) {
                    e.fail(new IllegalStateException("the instances of a study have one subscriber"));
                    return;
                }
                subscribed = true;
                emitter = e;
                e.onTermination(() -> terminated = true);
                drain();
            }
        }, BackPressureStrategy.BUFFER);
    }

    /** Caller holds {@code this}. */
    private void drain() {
        if (emitter == null) {
            return;
        }
        while (!terminated && emitted < items.size()) {
            emitter.emit(items.get(emitted++));
        }
        if (terminated) {
            emitter = null;
        } else if (failure != null) {
            emitter.fail(failure);
            emitter = null;
        } else if (completed) {
            emitter.complete();
            emitter = null;
        }
    }
}
