package id.dicomgateway.async;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.smallrye.mutiny.operators.multi.processors.UnicastProcessor;
import io.smallrye.mutiny.subscription.Cancellable;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Work that runs one piece at a time, in the order it was handed in, off the caller's thread: a
 * Mutiny queue drained on a worker pool, never a thread of its own. What was handed in first has
 * run before the next starts, so a change written first is also told first.
 */
public final class Serial implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Serial.class);

    private final String name;
    private final UnicastProcessor<Runnable> queue = UnicastProcessor.create();
    private final Cancellable subscription;
    /** The thread running a piece of this queue's work now, if any. */
    private volatile Thread current;
    private volatile boolean closed;

    /** On Mutiny's worker pool (Quarkus's, in the gateway). {@code name} says in the log whose work failed. */
    public Serial(String name) {
        this(name, Infrastructure.getDefaultWorkerPool());
    }

    public Serial(String name, Executor pool) {
        this.name = name;
        this.subscription = queue.emitOn(pool).subscribe().with(this::runOne,
                failure -> LOG.errorf(failure, "%s: its queue stopped", name));
    }

    private void runOne(Runnable work) {
        current = Thread.currentThread();
        try {
            work.run();
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: a piece of work failed", name);
        } finally {
            current = null;
        }
    }

    /** Queues {@code work} after everything queued before it; false when closed (it will not run). */
    public synchronized boolean run(Runnable work) {
        if (closed) {
            return false;
        }
        queue.onNext(work);
        return true;
    }

    /**
     * {@code work}'s result, or its failure, once it ran after everything queued before it. It is
     * queued when the Uni is subscribed; closed, the Uni gives {@code ifClosed} without running it.
     */
    public <T> Uni<T> call(Supplier<T> work, T ifClosed) {
        return Uni.createFrom().emitter(emitter -> {
            boolean queued = run(() -> {
                T result;
                try {
                    result = work.get();
                } catch (RuntimeException e) {
                    emitter.fail(e);
                    return;
                }
                emitter.complete(result);
            });
            if (!queued) {
                emitter.complete(ifClosed);
            }
        });
    }

    /** Whether the calling thread is running a piece of this queue's work (waiting on the queue from there would wait forever). */
    public boolean inside() {
        return current == Thread.currentThread();
    }

    /** Waits, at most {@code timeout}, until what was queued before this call has run; false when it had not by then. */
    public boolean drain(Duration timeout) {
        if (inside()) {
            return true;
        }
        try {
            return call(() -> true, true).await().atMost(timeout);
        } catch (io.smallrye.mutiny.TimeoutException e) {
            return false;
        }
    }

    /** No more work is taken; what was queued before still runs. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            queue.onComplete();
        }
    }

    /** Stops at once: what was queued and has not started is dropped. */
    public synchronized void cancel() {
        closed = true;
        subscription.cancel();
    }
}
