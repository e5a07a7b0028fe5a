package id.dicomgateway.health;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * A readiness probe of a peer whose result is reused for a short while. Orchestrators probe
 * every few seconds, from every replica; without the cache each probe would open a DICOM
 * association to the router and send a search to the PACS. Probes that arrive while one is
 * running wait for it instead of starting their own, and a probe that hangs counts as down
 * after {@code timeout}.
 */
final class CachedProbe {

    /** The outcome of one probe: up with how long it took, or down with why. */
    record Outcome(boolean up, Duration took, String error, Instant checkedAt) {
    }

    private final Supplier<Uni<?>> probe;
    private final Duration cacheFor;
    private final Duration timeout;
    private final Clock clock;

    private volatile Outcome last;
    /** Guarded by {@code this}. */
    private Uni<Outcome> inFlight;

    CachedProbe(Supplier<Uni<?>> probe, Duration cacheFor, Duration timeout, Clock clock) {
        this.probe = probe;
        this.cacheFor = cacheFor;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** The last probe's outcome, or null before the first: read without probing (metrics). */
    Outcome last() {
        return last;
    }

    Uni<Outcome> outcome() {
        return Uni.createFrom().deferred(() -> {
            Outcome o = last;
            if (fresh(o)) {
                return Uni.createFrom().item(o);
            }
            return run();
        });
    }

    private boolean fresh(Outcome o) {
        return o != null && clock.instant().isBefore(o.checkedAt().plus(cacheFor));
    }

    private synchronized Uni<Outcome> run() {
        if (fresh(last)) {
            return Uni.createFrom().item(last);
        }
        if (inFlight == null) {
            Instant start = clock.instant();
            inFlight = Uni.createFrom().deferred(probe)
                    .ifNoItem().after(timeout).failWith(() -> new IllegalStateException("no answer within " + timeout.toMillis() + " ms"))
                    .map(ignored -> new Outcome(true, Duration.between(start, clock.instant()), null, clock.instant()))
                    .onFailure().recoverWithItem(e -> new Outcome(false, Duration.between(start, clock.instant()),
                            e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), clock.instant()))
                    .invoke(o -> last = o)
                    .onTermination().invoke(this::ended)
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void ended() {
        inFlight = null;
    }
}
