package id.dicomgateway.receive;

import id.dicomgateway.dicom.Printable;
import id.dicomgateway.dicom.TransferSyntax;
import id.dicomgateway.dimse.AcceptPolicy;
import id.dicomgateway.dimse.AssociationHandler;
import id.dicomgateway.dimse.AssociationInfo;
import id.dicomgateway.dimse.ReceivedInstance;
import id.dicomgateway.dimse.ScpSettings;
import id.dicomgateway.dimse.StorageScp;
import id.dicomgateway.job.JobState;
import id.dicomgateway.orders.JobOutcome;
import id.dicomgateway.orders.Orders;
import id.dicomgateway.orders.Reconciliation;
import id.dicomgateway.orders.ServiceRequestCheck;
import id.dicomgateway.relay.confirm.Confirmation;
import id.dicomgateway.relay.jobs.Check;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.Relay;
import id.dicomgateway.relay.files.TempArea;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.router.ReceiverSyntaxes;
import id.dicomgateway.relay.router.SendGuard;
import id.dicomgateway.worklist.Worklist;
import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The gateway as a DICOM node (issue 17): a Storage SCP on {@code GATEWAY_SCP_PORT} accepting
 * every storage class in the syntax the sender proposes first, whose instances go to
 * {@link ReceivedStudies}. The rules file is read and checked at start whether or not the port is
 * set, so a mistake in it stops the gateway at once.
 *
 * <p>Who may send, checked before anything is stored: {@code GATEWAY_SCP_ALLOWED_ADDRESSES} at the
 * TCP connection (another address is closed before any PDU is read); {@code GATEWAY_SCP_ALLOWED_AETS}
 * at the A-ASSOCIATE-RQ, each entry {@code AE} (from any allowed address) or {@code AE@address} (only
 * from that address; list the AE once per address), anything else A-ASSOCIATE-RJ
 * calling-AE-title-not-recognized (PS3.8 9.3.4).
 *
 * <p>Compressed studies (issue 15's rule: as stored when the router takes the syntax, else a
 * decompressed copy; the gateway decodes no pixels and here there is no PACS to ask): at the
 * association, a compressed syntax the router is known not to take ({@link ReceiverSyntaxes}) is
 * steered away from whenever the sender offers an alternative for that SOP class
 * ({@link AcceptPolicy#forwarding}), so a sender that can transcode (Orthanc, dcm4chee-arc) sends
 * it uncompressed. A sender that offers only the compressed syntax gets it accepted: each such
 * instance is answered success, stored as sent and named on its study; the study's job then fails
 * with RECEIVER_REFUSES_SYNTAX before anything is sent, as an upload in a refused syntax does.
 */
@Singleton
public class GatewayScp {
    private static final Logger LOG = Logger.getLogger(GatewayScp.class);
    private final ReceiveConfig config;
    private final Vertx vertx;
    private final ReceivedStudies studies;
    private final Set<InetAddress> allowedAddresses;
    private final Set<String> allowedAeTitles;
    private final Map<String, Set<InetAddress>> aeAddresses;
    private final ReceiverSyntaxes syntaxes;
    /** The Modality Worklist (issue 24) the same AE answers on the same port, with the same allow lists. */
    private final Worklist worklist;
    private final AtomicBoolean ticking = new AtomicBoolean();
    /** A pass was asked for while one ran: it runs again at once. */
    private final AtomicBoolean again = new AtomicBoolean();
    /** A one-shot timer is set for the moment the next study falls due. */
    private final AtomicBoolean dueTimer = new AtomicBoolean();
    private long every;
    private volatile StorageScp scp;
    private long timer = -1;

    GatewayScp(ReceiveConfig config, Vertx vertx, TempArea temp, Relay relay, JobRegistry jobs, ReceiverSyntaxes syntaxes, Orders orders) {
        this.config = config;
        this.vertx = vertx;
        this.syntaxes = syntaxes;
        Rules rules = config.rules().map(RuleFile::read).orElse(Rules.none());
        this.allowedAddresses = addresses(config.allowedAddresses());
        Set<String> aes = new LinkedHashSet<>();
        Map<String, Set<InetAddress>> bound = new LinkedHashMap<>();
        Set<String> anywhere = new HashSet<>();
        for (String entry : config.allowedAeTitles().orElse(List.of())) {
            String e = entry.strip();
            int at = e.indexOf('@');
            String ae = at < 0 ? e : e.substring(0, at).strip();
            if (ae.isEmpty() || ae.length() > 16) {
                throw new RuleException("GATEWAY_SCP_ALLOWED_AETS: \"" + e + "\" is not an AE title (1..16 characters) or AE@address");
            }
            aes.add(ae);
            if (at < 0) {
                anywhere.add(ae);
            } else {
                bound.computeIfAbsent(ae, k -> new LinkedHashSet<>())
                        .add(address("GATEWAY_SCP_ALLOWED_AETS", e.substring(at + 1).strip()));
            }
        }
        anywhere.forEach(bound::remove); // listed once without an address: from anywhere
        this.allowedAeTitles = Set.copyOf(aes);
        this.aeAddresses = Map.copyOf(bound);
        this.studies = new ReceivedStudies(temp.root().resolve("gw-receive").resolve("studies"), config.idle(), config.keep(),
                config.history(), rules, relay, jobs, Clock.systemUTC(), temp.quota());
        this.worklist = orders == null ? null : new Worklist(orders::candidates, Infrastructure.getDefaultWorkerPool());
        if (orders != null) {
            studies.reconcileWith(new Reconciliation(orders, jobs));
            // The order follows its job as the job store has it, on the orders' own timer (every replica, compare-and-set).
            orders.followJobs(id -> jobs.find(id).map(v -> outcome(id, v.state(), v.checks())));
        }
    }

    /**
     * Where a job stands for its order: its state, whether the confirmation ({@link Confirmation#CHECK}) found SATUSEHAT's
     * ImagingStudy (the order is then CONFIRMED), and what its check before sending found of the ServiceRequest.
     */
    static JobOutcome outcome(String jobId, JobState state, List<Check> checks) {
        boolean confirmed = checks != null && checks.stream()
                .anyMatch(c -> Confirmation.CHECK.equals(c.name()) && c.status() == CheckStatus.PASSED);
        return new JobOutcome(state, confirmed, serviceRequestCheck(jobId, checks));
    }

    /**
     * What the job's check before sending ({@link SendGuard#CHECK}) found of the ServiceRequest, for the job's order (issue 24
     * item 1: the order shows it without a second search); null while there is none or it is still looking.
     */
    static ServiceRequestCheck serviceRequestCheck(String jobId, List<Check> checks) {
        if (checks == null) {
            return null;
        }
        String note = "checked before sending (job " + jobId + ")";
        return checks.stream().filter(c -> SendGuard.CHECK.equals(c.name())).findFirst()
                .flatMap(c -> SendGuard.finding(c.status(), c.detail()).map(f -> switch (f) {
                    case FOUND -> ServiceRequestCheck.found(SendGuard.serviceRequestId(c.detail()).orElse(null), c.at(), note);
                    case NOT_FOUND -> ServiceRequestCheck.notFound(c.at(), note);
                    case NOT_ASKED -> ServiceRequestCheck.unknown(c.at(), note + ": " + c.detail());
                }))
                .orElse(null);
    }

    static final String OPEN_TO_ANY = "GATEWAY_SCP_PORT is set but neither GATEWAY_SCP_ALLOWED_AETS nor"
            + " GATEWAY_SCP_ALLOWED_ADDRESSES is: any machine that reaches the DICOM port could send studies, and the gateway"
            + " would forward them to SATUSEHAT. Set GATEWAY_SCP_ALLOWED_AETS (AE or AE@ip, e.g. DCM4CHEE@10.1.2.3) and/or"
            + " GATEWAY_SCP_ALLOWED_ADDRESSES (the PACS's and modalities' IPs); or, only on a closed network where nothing"
            + " but the senders can reach the port, GATEWAY_SCP_ALLOW_ANY=true. docs/security.md, 'Receive side'.";

    /**
     * The receive side is closed unless opened (issue 23 item 8): a listening SCP with no allow list
     * and no explicit GATEWAY_SCP_ALLOW_ANY stops a production start; demo, dev and test runs are warned.
     */
    static void checkOpen(ReceiveConfig config, boolean production) {
        if (config.port().isEmpty() || config.allowAny() || listed(config.allowedAeTitles()) || listed(config.allowedAddresses())) {
            return;
        }
        if (production) {
            throw new IllegalStateException(OPEN_TO_ANY);
        }
        LOG.warn(OPEN_TO_ANY + " (started anyway: demo, dev or test mode)");
    }

    private static boolean listed(Optional<List<String>> list) {
        return list.map(l -> l.stream().anyMatch(e -> !e.isBlank())).orElse(false);
    }

    void onStart(@Observes StartupEvent event, @ConfigProperty(name = "gateway.demo.enabled", defaultValue = "false") boolean demo) {
        checkOpen(config, LaunchMode.current() == LaunchMode.NORMAL && !demo);
        if (config.rules().isPresent()) {
            LOG.infof("Receive rules from %s: %d rule(s)", config.rules().get(), studies.rules().list().size());
        }
        if (config.port().isEmpty()) {
            return;
        }
        studies.open();
        warmSyntaxes();
        Path incoming = studies.root().getParent().resolve("incoming");
        ScpSettings settings = new ScpSettings(config.host(), config.port().getAsInt(), config.aeTitle(),
                AcceptPolicy.withWorklist(AcceptPolicy.forwarding((sopClass, ts) -> !syntaxes.knownTakes(sopClass, ts).orElse(true))),
                (int) config.maxPduLength().asLongValue(), config.peerTimeout(), config.associationTimeout(),
                config.maxAssociationSize().asLongValue(), config.maxAssociations(),
                allowedAeTitles, incoming, allowedAddresses, aeAddresses);
        scp = StorageScp.start(vertx, settings, this::accepted, worklist).await().atMost(Duration.ofSeconds(30));
        every = Math.max(50, Math.min(1000, config.idle().toMillis() / 4));
        timer = vertx.setPeriodic(every, id -> tick());
    }

    /**
     * The association cannot wait for a probe, so what the router takes is asked once before listening
     * (bounded: a router that is down leaves it unknown, and unknown pairs are accepted as sent).
     */
    private void warmSyntaxes() {
        try {
            syntaxes.refresh().await().atMost(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            LOG.warnf("Receive: could not learn the router's compressed syntaxes before listening (%s); compressed instances"
                    + " are accepted as sent until it answers", e.getMessage());
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        StorageScp s = scp;
        if (s != null) {
            s.close();
        }
    }

    /** One tick at a time, on a worker: forwarding copies files. */
    private void tick() {
        if (!ticking.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                do {
                    again.set(false);
                    studies.tick();
                } while (again.get());
                dueSoon();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Receive: a forwarding pass failed");
            } finally {
                ticking.set(false);
            }
        });
    }

    /**
     * A study that falls due before the next periodic tick gets a pass at that moment: the tick alone would
     * forward it up to a period late.
     */
    private void dueSoon() {
        studies.nextDue().ifPresent(due -> {
            long ms = Duration.between(Instant.now(), due).toMillis();
            if (ms < every && dueTimer.compareAndSet(false, true)) {
                vertx.setTimer(Math.max(1, ms), id -> {
                    dueTimer.set(false);
                    tick();
                });
            }
        });
    }

    private AssociationHandler accepted(AssociationInfo info) {
        return new AssociationHandler() {
            @Override
            public Uni<Integer> stored(ReceivedInstance instance) {
                // Uncompressed: filed on the worker that closed the file (the SCP calls us there), with no second hand-over
                // per instance. Compressed: the router's answer may come on an event loop, and filing blocks.
                Uni<String> notTaken = taken(instance) ? Uni.createFrom().nullItem()
                        : notTaken(instance).emitOn(Infrastructure.getDefaultWorkerPool());
                return notTaken.map(refused -> studies.arrived(info.id(), info.callingAeTitle(), instance.file(), instance.bytes(), refused));
            }

            @Override
            public void released() {
                // Nothing to do: a study is complete by time, not by association.
            }

            @Override
            public void aborted(String reason) {
                LOG.infof("Receive: association %s from %s aborted (%s): its instances are dropped", info.id(),
                        Printable.escape(info.callingAeTitle()), reason);
                Infrastructure.getDefaultWorkerPool().execute(() -> studies.aborted(info.id()));
            }
        };
    }

    /** Every uncompressed syntax counts as taken by the router, whatever the class. */
    private static boolean taken(ReceivedInstance instance) {
        String ts = instance.transferSyntaxUid();
        return ts == null || TransferSyntax.of(ts).isUncompressed();
    }

    /**
     * For a compressed instance: null when the router takes its syntax for its class; otherwise the syntax's name
     * and UID, for the study's record.
     */
    private Uni<String> notTaken(ReceivedInstance instance) {
        String ts = instance.transferSyntaxUid();
        return syntaxes.takes(instance.sopClassUid(), ts)
                .map(takes -> takes ? null : TransferSyntax.of(ts).name() + " (" + ts + ")");
    }

    public ReceivedStudies studies() {
        return studies;
    }

    /** The rules in force and whether the SCP listens. */
    public RuleView.InForce rules() {
        StorageScp s = scp;
        return new RuleView.InForce(studies.rules().source(), s != null, s == null ? null : config.aeTitle(),
                s == null ? null : s.port(), studies.rules().list().stream().map(RuleView::of).toList());
    }

    /** The bound port, when listening. */
    public Optional<Integer> port() {
        StorageScp s = scp;
        return s == null ? Optional.empty() : Optional.of(s.port());
    }

    private static Set<InetAddress> addresses(Optional<List<String>> list) {
        Set<InetAddress> out = new HashSet<>();
        for (String a : list.orElse(List.of())) {
            out.add(address("GATEWAY_SCP_ALLOWED_ADDRESSES", a.strip()));
        }
        return Set.copyOf(out);
    }

    private static InetAddress address(String variable, String s) {
        // Literals only: a name would need DNS at start and could change under us.
        if (!s.matches("[0-9.]+|[0-9A-Fa-f:.]+") || !(s.contains(":") || s.matches("\\d{1,3}(\\.\\d{1,3}){3}"))) {
            throw new RuleException(variable + ": \"" + s + "\" is not an IP address");
        }
        try {
            return InetAddress.getByName(s);
        } catch (UnknownHostException e) {
            throw new RuleException(variable + ": \"" + s + "\" is not an IP address");
        }
    }
}
