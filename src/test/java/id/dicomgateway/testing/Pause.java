package id.dicomgateway.testing;

/** Sleeping in a test helper or a store double, where an interrupt only ends the wait early (its flag is kept). */
public final class Pause {
    private Pause() {
    }

    /** Sleeps {@code millis}; an interrupt ends it early and stays set on the thread. */
    public static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
