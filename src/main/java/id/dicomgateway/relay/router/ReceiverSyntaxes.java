package id.dicomgateway.relay.router;

import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.Destination;
import id.dicomgateway.dimse.StoreScu;
import id.dicomgateway.dimse.SyntaxPair;
import id.dicomgateway.relay.jobs.JobLogs;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Which (SOP class, transfer syntax) pairs the router takes, learnt from the association itself:
 * a probe (contexts proposed, nothing sent, released) at start, after each good readiness check,
 * and for a pair not known yet; cached per destination for {@link #FRESH_FOR}, and marked refused
 * at once when a send finds it refused. The gateway asks this BEFORE fetching the rest of a
 * compressed study, so a receiver that does not take the stored syntax gets the study decompressed
 * by the PACS, on purpose, in one association (docs/domain.md §3-4).
 */
@Singleton
public class ReceiverSyntaxes {
    private static final Logger LOG = Logger.getLogger(ReceiverSyntaxes.class);
    static final Duration FRESH_FOR = Duration.ofMinutes(10);

    /** Image classes a radiology study is mostly made of (PS3.4 B.5), probed at start. */
    static final List<String> IMAGE_CLASSES = List.of("1.2.840.10008.5.1.4.1.1.2", "1.2.840.10008.5.1.4.1.1.4",
            "1.2.840.10008.5.1.4.1.1.1", "1.2.840.10008.5.1.4.1.1.1.1", "1.2.840.10008.5.1.4.1.1.1.2",
            "1.2.840.10008.5.1.4.1.1.6.1", "1.2.840.10008.5.1.4.1.1.7", "1.2.840.10008.5.1.4.1.1.12.1",
            "1.2.840.10008.5.1.4.1.1.20", "1.2.840.10008.5.1.4.1.1.128");
    /** The encapsulated syntaxes PACSes store in (PS3.5 A.4): JPEG, JPEG-LS, JPEG 2000, RLE. */
    static final List<String> COMPRESSED = List.of("1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51",
            "1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70", "1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81",
            "1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.5");

    private record Known(boolean accepted, long atNanos) {
    }

    @Inject
    StoreScu scu;
    @Inject
    Destination router;
    private final Map<String, Map<SyntaxPair, Known>> byDestination = new ConcurrentHashMap<>();
    private final AtomicBoolean refreshing = new AtomicBoolean();
    @Inject
    JobLogs logs;

    void atStart(@Observes StartupEvent event) {
        refreshInBackground();
    }

    /** Probes the start-up pairs and every pair known, unless a refresh is running; never fails. */
    public void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) {
            return;
        }
        List<SyntaxPair> pairs = new ArrayList<>();
        for (String sopClass : IMAGE_CLASSES) {
            for (String ts : COMPRESSED) {
                pairs.add(new SyntaxPair(sopClass, ts));
            }
        }
        pairs.addAll(known().keySet());
        // No job's work, even when a job's refusal asked for it: its lines say task=router-syntaxes (JobLogs).
        logs.task("router-syntaxes").run(() -> probe(pairs).subscribe().with(r -> refreshing.set(false), e -> {
            refreshing.set(false);
            LOG.debugf("Probe of %s's transfer syntaxes failed: %s", router, e.getMessage());
        }));
    }

    /** Probes again every pair known and the start-up pairs, and completes when the cache has the answers. */
    public Uni<Void> refresh() {
        List<SyntaxPair> pairs = new ArrayList<>();
        for (String sopClass : IMAGE_CLASSES) {
            for (String ts : COMPRESSED) {
                pairs.add(new SyntaxPair(sopClass, ts));
            }
        }
        pairs.addAll(known().keySet());
        return probe(pairs).replaceWithVoid();
    }

    /**
     * Whether the router takes {@code transferSyntaxUid} for {@code sopClassUid}: an uncompressed
     * one always counts as taken (the gateway converts between those itself); a compressed one as
     * the cache or, when unknown or stale, a probe says. A failed probe says "taken": the send
     * then fails on its own with the router's answer, as before.
     */
    public Uni<Boolean> takes(String sopClassUid, String transferSyntaxUid) {
        if (sopClassUid == null || transferSyntaxUid == null || TransferSyntax.of(transferSyntaxUid).isUncompressed()) {
            return Uni.createFrom().item(true);
        }
        SyntaxPair pair = new SyntaxPair(sopClassUid, transferSyntaxUid);
        Known k = known().get(pair);
        if (k != null && System.nanoTime() - k.atNanos() < FRESH_FOR.toNanos()) {
            return Uni.createFrom().item(k.accepted());
        }
        return probe(List.of(pair)).map(m -> m.getOrDefault(pair, true))
                .onFailure().recoverWithItem(e -> {
                    LOG.debugf("Probe of %s for %s failed: %s", router, pair, e.getMessage());
                    return true;
                });
    }

    /** A send found this pair refused: remembered at once, so the next study asks the PACS to decompress. */
    public void refused(String sopClassUid, String transferSyntaxUid) {
        known().put(new SyntaxPair(sopClassUid, transferSyntaxUid), new Known(false, System.nanoTime()));
    }

    /**
     * What is known of the pair now, without probing: empty when it was never probed or the answer is
     * older than {@link #FRESH_FOR} (for the receive side's association, which cannot wait for a probe).
     */
    public java.util.Optional<Boolean> knownTakes(String sopClassUid, String transferSyntaxUid) {
        Known k = known().get(new SyntaxPair(sopClassUid, transferSyntaxUid));
        return k == null || System.nanoTime() - k.atNanos() >= FRESH_FOR.toNanos() ? java.util.Optional.empty()
                : java.util.Optional.of(k.accepted());
    }

    /** The compressed syntaxes the router was last seen to take for this SOP class (for messages). */
    public List<String> takenFor(String sopClassUid) {
        List<String> out = new ArrayList<>();
        known().forEach((pair, k) -> {
            if (k.accepted() && pair.sopClassUid().equals(sopClassUid)) {
                out.add(pair.transferSyntaxUid());
            }
        });
        return out;
    }

    private Uni<Map<SyntaxPair, Boolean>> probe(Collection<SyntaxPair> pairs) {
        return scu.probe(router, pairs).invoke(answer -> {
            long now = System.nanoTime();
            Map<SyntaxPair, Known> cache = known();
            answer.forEach((pair, accepted) -> cache.put(pair, new Known(accepted, now)));
        });
    }

    private Map<SyntaxPair, Known> known() {
        return byDestination.computeIfAbsent(router.calledAeTitle() + "@" + router.host() + ":" + router.port(),
                k -> new ConcurrentHashMap<>());
    }

    /** For tests and messages: the cache as it is. */
    Map<SyntaxPair, Boolean> snapshot() {
        Map<SyntaxPair, Boolean> out = new LinkedHashMap<>();
        known().forEach((p, k) -> out.put(p, k.accepted()));
        return out;
    }
}
