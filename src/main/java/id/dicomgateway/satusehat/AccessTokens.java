package id.dicomgateway.satusehat;

import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The SATUSEHAT access token, cached until shortly before it expires. Concurrent callers that
 * find no valid token share one token request instead of each asking SATUSEHAT for its own
 * (the token endpoint is rate limited, and every new token would replace the previous one).
 */
final class AccessTokens {

    /** A token as issued: its value and how long SATUSEHAT says it lives. */
    record Issued(String value, Duration lifetime) {
        @Override
        public String toString() {
            return "Issued[value=<redacted>, lifetime=" + lifetime + "]";
        }
    }

    private record Cached(String value, Instant refreshAt) {
        @Override
        public String toString() {
            return "Cached[value=<redacted>, refreshAt=" + refreshAt + "]";
        }
    }

    private final Supplier<Uni<Issued>> issue;
    private final Clock clock;
    private final Duration margin;

    private volatile Cached cached;
    /** The token request in flight, shared by everyone who needs a token meanwhile; guarded by {@code this}. */
    private Uni<String> inFlight;

    AccessTokens(Supplier<Uni<Issued>> issue, Clock clock, Duration margin) {
        this.issue = issue;
        this.clock = clock;
        this.margin = margin;
    }

    /** A token valid now: the cached one, or a fresh one. */
    Uni<String> current() {
        return Uni.createFrom().deferred(() -> {
            Cached c = cached;
            if (c != null && clock.instant().isBefore(c.refreshAt())) {
                return Uni.createFrom().item(c.value());
            }
            return refresh();
        });
    }

    /**
     * SATUSEHAT answered 401 to this token: forget it. Only if it is still the cached one, so
     * that a late 401 for an old token does not throw away the new one another caller just got.
     */
    synchronized void reject(String token) {
        Cached c = cached;
        if (c != null && c.value().equals(token)) {
            cached = null;
        }
    }

    private synchronized Uni<String> refresh() {
        Cached c = cached;
        if (c != null && clock.instant().isBefore(c.refreshAt())) {
            return Uni.createFrom().item(c.value());
        }
        if (inFlight == null) {
            // The lifetime counts from before the request was sent: the token may be older than its answer.
            Instant requestedAt = clock.instant();
            inFlight = issue.get()
                    .invoke(issued -> cached = new Cached(issued.value(), requestedAt.plus(usable(issued.lifetime()))))
                    .map(Issued::value)
                    .onTermination().invoke(this::requestEnded)
                    .memoize().indefinitely();
        }
        return inFlight;
    }

    private synchronized void requestEnded() {
        inFlight = null;
    }

    /**
     * How long a token is used: its lifetime less the margin, but never less than half its
     * lifetime, so a short-lived token is still reused rather than fetched for every request.
     */
    private Duration usable(Duration lifetime) {
        if (lifetime.isNegative() || lifetime.isZero()) {
            return Duration.ZERO;
        }
        Duration half = lifetime.dividedBy(2);
        Duration less = lifetime.minus(margin);
        return less.compareTo(half) > 0 ? less : half;
    }
}
