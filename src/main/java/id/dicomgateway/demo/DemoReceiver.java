package id.dicomgateway.demo;

import id.dicomgateway.dicom.DicomFiles;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.dimse.AcceptPolicy;
import id.dicomgateway.dimse.AssociationHandler;
import id.dicomgateway.dimse.AssociationInfo;
import id.dicomgateway.dimse.ReceivedInstance;
import id.dicomgateway.dimse.ScpSettings;
import id.dicomgateway.dimse.StorageScp;
import id.dicomgateway.relay.files.TempConfig;
import id.dicomgateway.relay.router.RouterConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * Demo mode's stand-in for the SATUSEHAT router: the gateway's own Storage SCP on
 * {@code ROUTER_IP:ROUTER_PORT} as {@code ROUTER_AET}, negotiating as the router does
 * ({@link AcceptPolicy#satusehatRouter()}), so what the gateway sends here it would send there.
 * It keeps the files under {@code TEMP_DIR/}{@value #STORE_DIR} and records every association.
 * Memory and disk stay bounded: the last {@value #KEPT} associations are kept (the files of older
 * ones are deleted), and at most {@value #LISTED} instances of one association are listed.
 */
@Singleton
public class DemoReceiver {
    private static final Logger LOG = Logger.getLogger(DemoReceiver.class);
    static final String STORE_DIR = "gw-demo-router";
    static final int KEPT = 50;
    static final int LISTED = 2000;
    /** PS3.4 B.2.3: Error, Cannot understand. */
    static final int CANNOT_UNDERSTAND = 0xC000;
    /** Where instances without a readable Study Instance UID are listed. */
    static final String NO_STUDY = "(none)";

    private final boolean enabled;
    private final RouterConfig router;
    private final Path storeDir;
    private final long maxBytesPerAssociation;
    private final Vertx vertx;
    /** Newest first; guarded by itself. */
    private final Deque<Entry> entries = new ArrayDeque<>();
    private final AtomicLong verifications = new AtomicLong();
    private volatile StorageScp scp;
    private volatile String failure;

    DemoReceiver(DemoConfig config, RouterConfig router, TempConfig temp, Vertx vertx) {
        this.enabled = config.enabled();
        this.router = router;
        this.storeDir = temp.dir().toAbsolutePath().normalize().resolve(STORE_DIR);
        this.maxBytesPerAssociation = temp.maxRequestSize().asLongValue();
        this.vertx = vertx;
    }

    void onStart(@Observes StartupEvent event) {
        if (!enabled) {
            return;
        }
        String where = router.aeTitle() + "@" + router.host() + ":" + router.port();
        try {
            deleteTree(storeDir); // a previous run's files: nothing refers to them any more
            Files.createDirectories(storeDir);
            ScpSettings base = ScpSettings.defaults(router.host(), router.port(), router.aeTitle(), storeDir);
            // A study at most as large as one request may be (TEMP_MAX_REQUEST_SIZE); a few senders at once.
            ScpSettings settings = base.withPolicy(AcceptPolicy.satusehatRouter())
                    .withLimits(base.maxPduLength(), maxBytesPerAssociation, 8);
            scp = StorageScp.start(vertx, settings, this::accepted).await().atMost(Duration.ofSeconds(10));
            LOG.warnf("""

                    ==================================================================================
                     DEMO MODE IS ON (GATEWAY_DEMO). An embedded receiver is listening as the router,
                     %s, negotiating as the SATUSEHAT router does. Whatever is
                     "sent to the router" stops here and goes nowhere else; files are kept under %s.
                     See what arrived: GET /api/demo/router, or the dashboard. Not for production.
                    ==================================================================================""",
                    where, storeDir);
        } catch (RuntimeException | IOException e) {
            failure = "cannot listen on " + where + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            LOG.errorf("DEMO MODE IS ON (GATEWAY_DEMO) but the embedded receiver did not start: %s."
                    + " Set ROUTER_PORT to a free port (or stop what listens there) and start again.", failure);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        StorageScp s = scp;
        if (s != null) {
            scp = null;
            s.close();
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Listening now (false when demo mode is off, or binding failed). */
    public boolean listening() {
        return scp != null;
    }

    /** The newest {@code limit} associations, newest first. */
    public ReceiverRecord record(int limit) {
        StorageScp s = scp;
        ReceiverRecord.Receiver receiver = new ReceiverRecord.Receiver(router.aeTitle(), router.host(),
                s != null ? s.port() : router.port(), s != null, failure, enabled ? storeDir.toString() : null);
        List<ReceiverRecord.Association> list = new ArrayList<>();
        synchronized (entries) {
            for (Entry e : entries) {
                if (list.size() >= limit) {
                    break;
                }
                list.add(e.snapshot());
            }
        }
        return new ReceiverRecord(enabled, receiver, verifications.get(), list);
    }

    /** On the event loop: record it, and make room (the evicted association's files are deleted off the loop). */
    private AssociationHandler accepted(AssociationInfo info) {
        Entry entry = new Entry(info);
        List<Entry> evicted = new ArrayList<>();
        synchronized (entries) {
            entries.addFirst(entry);
            while (entries.size() > KEPT) {
                evicted.add(entries.removeLast());
            }
        }
        if (!evicted.isEmpty()) {
            Infrastructure.getDefaultWorkerPool().execute(() -> evicted.forEach(e -> deleteQuietly(storeDir.resolve(e.info.id()))));
        }
        return entry;
    }

    /** One association: its events update it, the API reads snapshots of it. */
    private final class Entry implements AssociationHandler {
        private final AssociationInfo info;
        /** Study UID -> instances in arrival order; guarded by this. */
        private final Map<String, List<ReceiverRecord.Instance>> studies = new LinkedHashMap<>();
        private ReceiverRecord.State state = ReceiverRecord.State.OPEN;
        private String abortReason;
        private Instant endedAt;
        private int instances;
        private long bytes;
        private int listed;

        Entry(AssociationInfo info) {
            this.info = info;
        }

        @Override
        public Uni<Integer> stored(ReceivedInstance received) {
            // Called on a worker: reading the few elements we show is a short walk of the stored file.
            return Uni.createFrom().item(() -> {
                Read read = read(received);
                add(read);
                return read.instance().status();
            });
        }

        /** An instance and the study it belongs to (kept out of the instance record: the study lists it). */
        private record Read(String studyUid, ReceiverRecord.Instance instance) {
        }

        private static Read read(ReceivedInstance r) {
            Instant now = Instant.now();
            try {
                Map<Integer, String> v = DicomFiles.topLevelText(r.file(), Tag.STUDY_INSTANCE_UID, Tag.SERIES_INSTANCE_UID,
                        Tag.PATIENT_ID, Tag.ACCESSION_NUMBER);
                String study = v.get(Tag.STUDY_INSTANCE_UID);
                return new Read(study == null || study.isEmpty() ? NO_STUDY : study, new ReceiverRecord.Instance(r.sopInstanceUid(),
                        r.sopClassUid(), v.get(Tag.SERIES_INSTANCE_UID), r.transferSyntaxUid(), r.bytes(), v.get(Tag.PATIENT_ID),
                        v.get(Tag.ACCESSION_NUMBER), now, 0, study == null ? "no Study Instance UID (0020,000D)" : null));
            } catch (IOException | RuntimeException e) {
                return new Read(NO_STUDY, new ReceiverRecord.Instance(r.sopInstanceUid(), r.sopClassUid(), null, r.transferSyntaxUid(),
                        r.bytes(), null, null, now, CANNOT_UNDERSTAND, "data set could not be read: " + e.getMessage()));
            }
        }

        private synchronized void add(Read read) {
            ReceiverRecord.Instance instance = read.instance();
            if (instance.status() == 0) {
                instances++;
                bytes += instance.bytes();
            }
            if (listed < LISTED) {
                listed++;
                studies.computeIfAbsent(read.studyUid(), k -> new ArrayList<>()).add(instance);
            }
        }

        @Override
        public void released() {
            boolean verificationOnly;
            synchronized (this) {
                end(ReceiverRecord.State.RELEASED, null);
                verificationOnly = listed == 0;
            }
            if (verificationOnly) {
                // A C-ECHO (readiness probes one every few seconds): counted, not listed, or it would
                // push the studies out of the record.
                verifications.incrementAndGet();
                synchronized (entries) {
                    entries.remove(this);
                }
            }
        }

        @Override
        public synchronized void aborted(String reason) {
            end(ReceiverRecord.State.ABORTED, reason);
        }

        private void end(ReceiverRecord.State how, String reason) {
            if (state == ReceiverRecord.State.OPEN) {
                state = how;
                abortReason = reason;
                endedAt = Instant.now();
            }
        }

        synchronized ReceiverRecord.Association snapshot() {
            List<ReceiverRecord.Study> list = new ArrayList<>();
            studies.forEach((uid, items) -> {
                LinkedHashSet<String> ids = new LinkedHashSet<>();
                LinkedHashSet<String> accessions = new LinkedHashSet<>();
                items.forEach(i -> {
                    ids.add(i.patientId());
                    accessions.add(i.accessionNumber());
                });
                list.add(new ReceiverRecord.Study(uid, new ArrayList<>(ids), new ArrayList<>(accessions), List.copyOf(items)));
            });
            return new ReceiverRecord.Association(info.id(), info.callingAeTitle(), info.calledAeTitle(),
                    info.remote() == null ? null : info.remote().getHostString() + ":" + info.remote().getPort(),
                    info.acceptedAt(), endedAt, state, abortReason, instances, bytes, list);
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            deleteTree(dir);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("Demo receiver: could not delete %s: %s", dir, e.getMessage());
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
