package id.dicomgateway.dimse.ul;

import io.vertx.core.Vertx;

/** One-shot timers on the association's context (ARTIM); a test drives them by hand. */
public interface Timers {

    /** Runs {@code task} after {@code millis}; returns an id for {@link #cancel}. */
    long start(long millis, Runnable task);

    void cancel(long id);

    static Timers of(Vertx vertx) {
        return new Timers() {
            @Override
            public long start(long millis, Runnable task) {
                return vertx.setTimer(Math.max(1, millis), id -> task.run());
            }

            @Override
            public void cancel(long id) {
                vertx.cancelTimer(id);
            }
        };
    }
}
