package id.dicomgateway.receive;

import id.dicomgateway.dimse.AcceptPolicy;
import id.dicomgateway.dimse.AssociationHandler;
import id.dicomgateway.dimse.AssociationInfo;
import id.dicomgateway.dimse.ReceivedInstance;
import id.dicomgateway.dimse.ScpSettings;
import id.dicomgateway.dimse.StorageScp;
import id.dicomgateway.relay.Relay;
import id.dicomgateway.relay.TempArea;
import id.dicomgateway.relay.jobs.JobRegistry;
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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * The gateway as a DICOM node (issue 17): a Storage SCP on {@code GATEWAY_SCP_PORT} accepting
 * every storage class in the syntax the sender proposes first, whose instances go to
 * {@link ReceivedStudies}. The rules file is read and checked at start whether or not the port is
 * set, so a mistake in it stops the gateway at once.
 */
@Singleton
public class GatewayScp {
    private static final Logger LOG = Logger.getLogger(GatewayScp.class);
    /** Refused: Not Authorized (0124H, a general status of PS3.7 annex C): a peer outside the address allow-list. */
    static final int NOT_AUTHORIZED = 0x0124;

    private final ReceiveConfig config;
    private final Vertx vertx;
    private final ReceivedStudies studies;
    private final Set<InetAddress> allowedAddresses;
    private final AtomicBoolean ticking = new AtomicBoolean();
    private volatile StorageScp scp;
    private long timer = -1;

    GatewayScp(ReceiveConfig config, Vertx vertx, TempArea temp, Relay relay, JobRegistry jobs) {
        this.config = config;
        this.vertx = vertx;
        Rules rules = config.rules().map(RuleFile::read).orElse(Rules.none());
        this.allowedAddresses = addresses(config.allowedAddresses());
        this.studies = new ReceivedStudies(temp.root().resolve("gw-receive").resolve("studies"), config.idle(), config.keep(),
                config.history(), rules, relay, jobs, Clock.systemUTC());
    }

    void onStart(@Observes StartupEvent event) {
        if (config.rules().isPresent()) {
            LOG.infof("Receive rules from %s: %d rule(s)", config.rules().get(), studies.rules().list().size());
        }
        if (config.port().isEmpty()) {
            return;
        }
        studies.open();
        Path incoming = studies.root().getParent().resolve("incoming");
        ScpSettings settings = new ScpSettings(config.host(), config.port().getAsInt(), config.aeTitle(), AcceptPolicy.anyStorage(),
                (int) config.maxPduLength().asLongValue(), config.peerTimeout(), config.associationTimeout(),
                config.maxAssociationSize().asLongValue(), config.maxAssociations(),
                Set.copyOf(config.allowedAeTitles().orElse(List.of())), incoming);
        scp = StorageScp.start(vertx, settings, this::accepted).await().atMost(Duration.ofSeconds(30));
        long every = Math.max(50, Math.min(1000, config.idle().toMillis() / 4));
        timer = vertx.setPeriodic(every, id -> tick());
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
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                studies.tick();
            } catch (RuntimeException e) {
                LOG.warnf(e, "Receive: a forwarding pass failed");
            } finally {
                ticking.set(false);
            }
        });
    }

    private AssociationHandler accepted(AssociationInfo info) {
        boolean allowed = allowedAddresses.isEmpty() || allowedAddresses.contains(info.remote().getAddress());
        if (!allowed) {
            LOG.warnf("Receive: association from %s (%s) refused instance by instance: not in GATEWAY_SCP_ALLOWED_ADDRESSES",
                    info.remote().getAddress().getHostAddress(), info.callingAeTitle());
        }
        return new AssociationHandler() {
            @Override
            public Uni<Integer> stored(ReceivedInstance instance) {
                if (!allowed) {
                    return Uni.createFrom().item(() -> {
                        java.io.File f = instance.file().toFile();
                        f.delete();
                        return NOT_AUTHORIZED;
                    });
                }
                return Uni.createFrom().item(() -> studies.arrived(info.id(), info.callingAeTitle(), instance.file(), instance.bytes()));
            }

            @Override
            public void released() {
                // Nothing to do: a study is complete by time, not by association.
            }

            @Override
            public void aborted(String reason) {
                LOG.infof("Receive: association %s from %s aborted (%s): its instances are dropped", info.id(),
                        info.callingAeTitle(), reason);
                Infrastructure.getDefaultWorkerPool().execute(() -> studies.aborted(info.id()));
            }
        };
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
            String s = a.strip();
            // Literals only: a name would need DNS at start and could change under us.
            if (!s.matches("[0-9.]+|[0-9A-Fa-f:]+")) {
                throw new RuleException("GATEWAY_SCP_ALLOWED_ADDRESSES: \"" + s + "\" is not an IP address");
            }
            try {
                out.add(InetAddress.getByName(s));
            } catch (UnknownHostException e) {
                throw new RuleException("GATEWAY_SCP_ALLOWED_ADDRESSES: \"" + s + "\" is not an IP address");
            }
        }
        return Set.copyOf(out);
    }
}
