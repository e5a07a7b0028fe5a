package id.dicomgateway.dimse;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/** A StoreListener for tests: records every event, answers C-STORE with a chosen status. */
final class RecordingListener implements StoreListener {

    /** How one association ended. */
    record Ended(AssociationInfo info, boolean released, String reason) {
    }

    final List<AssociationInfo> accepted = new CopyOnWriteArrayList<>();
    final List<ReceivedInstance> stored = new CopyOnWriteArrayList<>();
    final List<Ended> ended = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();
    private volatile Function<ReceivedInstance, Uni<Integer>> answer = i -> Uni.createFrom().item(0);

    RecordingListener answering(Function<ReceivedInstance, Uni<Integer>> f) {
        this.answer = f;
        return this;
    }

    @Override
    public AssociationHandler accepted(AssociationInfo info) {
        accepted.add(info);
        return new AssociationHandler() {
            @Override
            public Uni<Integer> stored(ReceivedInstance instance) {
                threads.add(Thread.currentThread().getName());
                stored.add(instance);
                return answer.apply(instance);
            }

            @Override
            public void released() {
                ended.add(new Ended(info, true, null));
            }

            @Override
            public void aborted(String reason) {
                ended.add(new Ended(info, false, reason));
            }
        };
    }

    void awaitEnded(int n, Duration timeout) throws InterruptedException {
        await(() -> ended.size() >= n, timeout, () -> "associations ended: " + ended);
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out; " + what.get());
            }
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }
}
