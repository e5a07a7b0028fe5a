package id.dicomgateway.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import org.jboss.logging.Logger;

/**
 * Delivers notices to every GATEWAY_NOTIFY_URL: POSTs on Vert.x's HTTP client (nothing waits for them), at most
 * {@value #IN_FLIGHT_PER_URL} at once per URL, a bounded queue of what is due, and tries again after a failure (no answer, or not 2xx) with a growing wait, on the
 * scheduler's tick. {@link #tell} only queues: a receiver that is down or slow never holds up a job.
 *
 * <p>A URL may hold a secret (a bot token, a webhook key): logs name only its scheme and host.
 */
@Singleton
public class Deliveries {
    private static final Logger LOG = Logger.getLogger(Deliveries.class);
    /** POSTs on their way at once to one URL: a receiver that hangs holds up only its own notices. */
    static final int IN_FLIGHT_PER_URL = 2;
    private static final int BACKOFF_FACTOR = 3;

    private final NotifyConfig config;
    private final List<String> urls;
    private final ObjectMapper json;
    private final HttpClient client;
    private final Clock clock = Clock.systemUTC();
    /** Guarded by itself: due first. */
    private final PriorityQueue<Delivery> queue = new PriorityQueue<>(Comparator.comparing(Delivery::due));
    /** POSTs on their way, per URL; guarded by {@link #queue}. */
    private final java.util.Map<String, Integer> inFlight = new java.util.HashMap<>();

    /** One notice to one URL, and how often it was tried. */
    record Delivery(Notice notice, String url, int tries, Instant due) {
    }

    Deliveries(NotifyConfig config, ObjectMapper json, Vertx vertx) {
        this.config = config;
        this.json = json;
        this.urls = config.url().orElse(List.of()).stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
        for (String url : urls) {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("GATEWAY_NOTIFY_URL: not a URL: " + shown(url));
            }
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("GATEWAY_NOTIFY_URL: each URL must be http:// or https:// with a host, not "
                        + shown(url));
            }
        }
        int millis = (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
        this.client = urls.isEmpty() ? null : vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(millis)
                .setIdleTimeout(millis).setIdleTimeoutUnit(java.util.concurrent.TimeUnit.MILLISECONDS)
                .setMaxPoolSize(IN_FLIGHT_PER_URL));
    }

    /** Whether any URL is set: without one nothing is queued or watched. */
    public boolean enabled() {
        return !urls.isEmpty();
    }

    /** Queues {@code notice} for every URL and starts what may start now; never blocks, never throws. */
    public void tell(Notice notice) {
        if (!enabled()) {
            return;
        }
        Instant now = clock.instant();
        synchronized (queue) {
            for (String url : urls) {
                if (queue.size() >= config.queue()) {
                    LOG.warnf("Notifications: %d waiting already; %s to %s dropped", queue.size(), about(notice), shown(url));
                    continue;
                }
                queue.add(new Delivery(notice, url, 0, now));
            }
        }
        pump();
    }

    /** Deliveries waiting or on their way (tests, the queue's bound). */
    public int pending() {
        synchronized (queue) {
            return queue.size() + inFlight.values().stream().mapToInt(Integer::intValue).sum();
        }
    }

    @Scheduled(every = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (enabled()) {
            pump();
        }
    }

    /** Starts every due delivery there is room for. */
    private void pump() {
        List<Delivery> start = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (queue) {
            List<Delivery> waiting = new ArrayList<>();
            while (!queue.isEmpty() && !queue.peek().due().isAfter(now)) {
                Delivery d = queue.poll();
                int n = inFlight.getOrDefault(d.url(), 0);
                if (n < IN_FLIGHT_PER_URL) {
                    inFlight.put(d.url(), n + 1);
                    start.add(d);
                } else {
                    waiting.add(d); // its URL is busy: the next pump, when one of its POSTs ends
                }
            }
            queue.addAll(waiting);
        }
        for (Delivery d : start) {
            post(d).subscribe().with(status -> done(d, null), failure -> done(d, failure));
        }
    }

    private void done(Delivery d, Throwable failure) {
        synchronized (queue) {
            inFlight.merge(d.url(), -1, Integer::sum);
            if (failure != null) {
                int tries = d.tries() + 1;
                if (tries < config.tries()) {
                    Duration wait = config.firstRetry().multipliedBy((long) Math.pow(BACKOFF_FACTOR, tries - 1));
                    queue.add(new Delivery(d.notice(), d.url(), tries, clock.instant().plus(wait)));
                    LOG.infof("Notifications: %s to %s failed (%s); try %d of %d in %s", about(d.notice()), shown(d.url()),
                            failure.getMessage(), tries + 1, config.tries(), wait);
                } else {
                    LOG.warnf("Notifications: %s to %s failed %d times (%s); given up", about(d.notice()), shown(d.url()), tries,
                            failure.getMessage());
                }
            }
        }
        if (failure == null) {
            LOG.debugf("Notifications: %s delivered to %s", about(d.notice()), shown(d.url()));
        }
        pump();
    }

    private Uni<Integer> post(Delivery d) {
        String body;
        try {
            body = json.writeValueAsString(d.notice());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(d.url())
                .putHeader("Content-Type", "application/json").putHeader("User-Agent", "dicom-gateway");
        return client.request(request)
                .chain(r -> r.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(ignored -> response.statusCode()))
                .ifNoItem().after(config.timeout()).failWith(() -> new IllegalStateException("no answer within " + config.timeout()))
                .chain(status -> status / 100 == 2 ? Uni.createFrom().item(status)
                        : Uni.createFrom().failure(new IllegalStateException("HTTP " + status)));
    }

    /** A notice as logs name it: its event and its job or peer. */
    private static String about(Notice n) {
        return n.event() + (n.jobId() != null ? " of job " + n.jobId() : n.peer() != null ? " of the " + n.peer() : "");
    }

    /** A URL as logs may show it: scheme and host, never the path or query a token may be in. */
    static String shown(String url) {
        try {
            URI uri = URI.create(url);
            return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/…";
        } catch (IllegalArgumentException e) {
            return "(a URL that cannot be parsed)";
        }
    }

    @PreDestroy
    void close() {
        if (client != null) {
            client.closeAndAwait();
        }
    }
}
