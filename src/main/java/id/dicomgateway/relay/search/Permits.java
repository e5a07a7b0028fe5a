package id.dicomgateway.relay.search;

import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.function.Supplier;

/**
 * At most {@code max} pieces of work in flight at once; the rest wait in arrival order, without
 * holding a thread. A waiting caller that goes away (a closed browser tab) leaves the queue.
 */
final class Permits {
    private final int max;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private int inUse;

    Permits(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("at least one permit, was " + max);
        }
        this.max = max;
    }

    /** Runs {@code work} when a permit is free and returns its outcome; the permit is returned when it ends. */
    <T> Uni<T> run(Supplier<Uni<T>> work) {
        return Uni.createFrom().emitter(emitter -> {
            Runnable start = () -> {
                Uni<T> started;
                try {
                    started = work.get();
                } catch (RuntimeException e) {
                    release();
                    emitter.fail(e);
                    return;
                }
                started.subscribe().with(item -> {
                    release();
                    emitter.complete(item);
                }, failure -> {
                    release();
                    emitter.fail(failure);
                });
            };
            boolean now;
            synchronized (this) {
                now = inUse < max;
                if (now) {
                    inUse++;
                } else {
                    waiting.add(start);
                }
            }
            if (now) {
                start.run();
            } else {
                emitter.onTermination(() -> withdraw(start));
            }
        });
    }

    synchronized int inUse() {
        return inUse;
    }

    synchronized int waiting() {
        return waiting.size();
    }

    private synchronized void withdraw(Runnable start) {
        waiting.remove(start);
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                inUse--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
