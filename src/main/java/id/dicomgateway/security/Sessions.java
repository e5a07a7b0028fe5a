package id.dicomgateway.security;

import id.dicomgateway.store.sessions.JdbcSessionStore;
import id.dicomgateway.store.sessions.SessionRecord;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.Cancellable;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.LongSupplier;
import org.jboss.logging.Logger;

/**
 * The built-in users' sign-in sessions, kept in the job store every replica shares
 * ({@link JdbcSessionStore}): the browser holds a random value ({@link #COOKIE}), the store its
 * SHA-256, the user, the role, when it began and when it was last used. A request's session is
 * read from the store at most every {@code check} (5 s) per replica; a sign-out on this replica
 * applies at once, on the others within {@code check}. A session ends at sign-out, when its user
 * is no longer configured, after {@code idle} without use and {@code max} after it began; its
 * open event streams are closed then too ({@link #bound}). Blocking: call off the event loop.
 */
public final class Sessions {
    private static final Logger LOG = Logger.getLogger(Sessions.class);
    /** The cookie beside the form sign-in's: Quarkus's cookie says who, this one which session (ended on the server). */
    public static final String COOKIE = "gateway-session";
    static final String ATTRIBUTE = "gateway.session";
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    private final JdbcSessionStore store;
    private final Duration idle;
    private final Duration max;
    private final long checkNanos;
    private final Clock clock;
    private final LongSupplier nanos;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Seen> seen = new ConcurrentHashMap<>();
    private final Map<String, List<Runnable>> streams = new ConcurrentHashMap<>();

    /** The last look at a session from this replica: whom it was for, when it was live, until when that is trusted. */
    private record Seen(String user, Instant created, long trustedUntil) {
    }

    public Sessions(JdbcSessionStore store, Duration idle, Duration max, Duration check, Clock clock, LongSupplier nanos) {
        this.store = store;
        this.idle = idle;
        this.max = max;
        this.checkNanos = Math.max(0, check.toNanos());
        this.clock = clock;
        this.nanos = nanos;
    }

    public Duration check() {
        return Duration.ofNanos(checkNanos);
    }

    /** A new session for {@code user}: the cookie's value (only the browser keeps it). */
    public String begin(String user, String role) {
        byte[] value = new byte[32];
        random.nextBytes(value);
        String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        store.create(hash(cookie), user, role, clock.instant());
        return cookie;
    }

    /** Whether the cookie's session is live and {@code user}'s, trusting this replica's last look for {@code check}. */
    public boolean live(String cookie, String user) {
        if (cookie == null || cookie.isEmpty() || user == null) {
            return false;
        }
        String id = hash(cookie);
        Seen s = seen.get(id);
        long now = nanos.getAsLong();
        if (s != null && now - s.trustedUntil() < 0) {
            return s.user().equals(user) && clock.instant().isBefore(s.created().plus(max));
        }
        Optional<SessionRecord> r = store.find(id);
        Instant at = clock.instant();
        if (r.isEmpty() || r.get().ended() != null || !r.get().user().equals(user)) {
            seen.remove(id);
            return false;
        }
        SessionRecord record = r.get();
        if (!at.isBefore(record.created().plus(max)) || !at.isBefore(record.lastSeen().plus(idle))) {
            end(id, !at.isBefore(record.created().plus(max)) ? "expired" : "idle");
            return false;
        }
        if (Duration.between(record.lastSeen(), at).compareTo(TOUCH_EVERY) >= 0) {
            store.touch(id, at);
        }
        seen.put(id, new Seen(user, record.created(), now + checkNanos));
        return true;
    }

    /** Signs the cookie's session out everywhere; the user whose live session it was, if it was one. */
    public Optional<String> signOut(String cookie) {
        if (cookie == null || cookie.isEmpty()) {
            return Optional.empty();
        }
        String id = hash(cookie);
        Optional<SessionRecord> r = store.find(id);
        return end(id, "sign-out") ? r.map(SessionRecord::user) : Optional.empty();
    }

    /** At start: the sessions of users no longer configured end, on every replica. */
    public int endAllBut(Set<String> users) {
        int n = store.endAllBut(users, "user-removed", clock.instant());
        if (n > 0) {
            LOG.infof("Sign-in: ended %d session(s) of users no longer in GATEWAY_USERS", n);
        }
        seen.clear();
        return n;
    }

    private boolean end(String id, String reason) {
        seen.remove(id);
        boolean ended = store.end(id, reason, clock.instant());
        close(id);
        return ended;
    }

    /** {@link #bound(SecurityIdentity, Multi)} for the request's signed-in identity, if any. */
    public <T> Multi<T> bound(RoutingContext http, Multi<T> events) {
        return bound(http != null && http.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null, events);
    }

    /**
     * {@code events}, closed (completed) when the identity's session ends; unchanged for an
     * identity without a session (API keys, OIDC, checks off).
     */
    public <T> Multi<T> bound(SecurityIdentity identity, Multi<T> events) {
        Object id = identity == null ? null : identity.getAttribute(ATTRIBUTE);
        if (!(id instanceof String session)) {
            return events;
        }
        return Multi.createFrom().emitter(emitter -> {
            Cancellable upstream = events.subscribe().with(emitter::emit, emitter::fail, emitter::complete);
            Runnable closer = () -> {
                upstream.cancel();
                emitter.complete();
            };
            streams.computeIfAbsent(session, k -> new CopyOnWriteArrayList<>()).add(closer);
            emitter.onTermination(() -> {
                upstream.cancel();
                streams.computeIfPresent(session, (k, list) -> {
                    list.remove(closer);
                    return list.isEmpty() ? null : list;
                });
            });
        });
    }

    /** Closes the streams of sessions that have ended on another replica or run out (the scheduler calls it every {@code check}). */
    public void closeEndedStreams() {
        Set<String> open = Set.copyOf(streams.keySet());
        if (open.isEmpty()) {
            return;
        }
        Set<String> live = store.live(open);
        for (String id : open) {
            Seen s = seen.get(id);
            boolean expired = s != null && !clock.instant().isBefore(s.created().plus(max));
            if (!live.contains(id) || expired) {
                seen.remove(id);
                close(id);
            }
        }
    }

    /** Open streams of sessions, for tests and metrics. */
    int openStreams() {
        return streams.values().stream().mapToInt(List::size).sum();
    }

    /** Deletes sessions older than their absolute lifetime (ended or not) and a day. */
    public int purge() {
        return store.purge(clock.instant().minus(max).minus(Duration.ofDays(1)));
    }

    private void close(String id) {
        List<Runnable> closers = streams.remove(id);
        if (closers != null) {
            new ArrayList<>(closers).forEach(Runnable::run);
        }
    }

    static String hash(String cookie) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cookie.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** The session attribute of an identity, for {@link #bound}: the hash only. */
    static String attribute(String cookie) {
        return hash(cookie);
    }
}
