package id.dicomgateway.dimse;

import id.dicomgateway.dimse.find.FindHandler;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gateway's own Storage SCP (PS3.4 annex B as SCP, Verification as SCP, PS3.8 as
 * association-acceptor), on a Vert.x TCP server.
 *
 * <pre>{@code
 * public static Uni<StorageScp> start(Vertx vertx, ScpSettings settings, StoreListener listener);
 * public int port();
 * public Uni<Void> stop();      // stop listening, A-ABORT the open associations
 * public void close();          // stop().await()
 * }</pre>
 *
 * <p>Each accepted association gets a directory {@code storeDir/<association id>}; every C-STORE
 * data set is streamed to a Part 10 file there (File Meta from the command and the context's
 * transfer syntax, then the data set as received) and handed to
 * {@link AssociationHandler#stored}, which owns it from then on. A file of an instance that was
 * not completed is deleted, and so is the directory when it is left empty.
 *
 * <p>Limits: {@link ScpSettings#maxAssociations()} associations at once (more are rejected
 * transient, local-limit-exceeded); connections that have not yet sent an A-ASSOCIATE-RQ count
 * apart, bounded by ARTIM and by a cap of twice that plus 8, beyond which they are closed at once.
 * A connection from an address outside {@link ScpSettings#allowedAddresses()} is closed at once,
 * before any byte of it is read.
 */
public final class StorageScp implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(StorageScp.class.getName());
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final long REFUSAL_LOG_EVERY_MS = 60_000;

    private final Vertx vertx;
    private final ScpSettings settings;
    private final StoreListener listener;
    private final FindHandler find;
    private final NetServer server;
    private final Set<ScpAssociation> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger associations = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final String idPrefix = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong refusedConnections = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - REFUSAL_LOG_EVERY_MS * 1_000_000);
    private volatile boolean stopping;
    private int port;

    private StorageScp(Vertx vertx, ScpSettings settings, StoreListener listener, FindHandler find) {
        this.vertx = vertx;
        this.settings = settings;
        this.listener = listener;
        this.find = find;
        this.server = vertx.createNetServer(new NetServerOptions().setHost(settings.host()).setPort(settings.port())
                .setTcpNoDelay(true).setReuseAddress(true));
    }

    /** Creates the store directory, binds and listens; completes once bound. Port 0 picks a free port. */
    public static Uni<StorageScp> start(Vertx vertx, ScpSettings settings, StoreListener listener) {
        return start(vertx, settings, listener, null);
    }

    /**
     * As {@link #start(Vertx, ScpSettings, StoreListener)}, also answering C-FIND with {@code find} (the worklist,
     * PS3.4 K) as the same AE on the same port; the policy must accept its SOP class ({@link AcceptPolicy#withWorklist}).
     */
    public static Uni<StorageScp> start(Vertx vertx, ScpSettings settings, StoreListener listener, FindHandler find) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(listener, "listener");
        return Uni.createFrom().completionStage(() -> {
            StorageScp scp = new StorageScp(vertx, settings, listener, find);
            return vertx.fileSystem().mkdirs(settings.storeDir().toString())
                    .compose(v -> scp.listen())
                    .toCompletionStage();
        });
    }

    private Future<StorageScp> listen() {
        server.connectHandler(this::onConnection);
        return server.listen().map(s -> {
            port = s.actualPort();
            LOG.log(System.Logger.Level.INFO, "Storage SCP {0} listening on {1}:{2}", settings.aeTitle(),
                    settings.host(), Integer.toString(port));
            return this;
        });
    }

    /** The bound port. */
    public int port() {
        return port;
    }

    public ScpSettings settings() {
        return settings;
    }

    /** Associations accepted and not yet ended. */
    public int openAssociations() {
        return associations.get();
    }

    /** Stops listening and aborts the open associations (A-ABORT, service-user). */
    public Uni<Void> stop() {
        return Uni.createFrom().completionStage(() -> {
            stopping = true;
            for (ScpAssociation a : List.copyOf(open)) {
                a.shutdown();
            }
            return server.close().toCompletionStage();
        });
    }

    @Override
    public void close() {
        stop().await().atMost(Duration.ofSeconds(30));
    }

    private void onConnection(NetSocket socket) {
        if (!settings.admitsConnection(ScpSettings.address(socket.remoteAddress()))) {
            // Not an allowed address: closed before reading anything, so it costs no buffer, no timer and no
            // association slot. There is no A-ASSOCIATE-RJ reason for "address" in PS3.8 9.3.4, and answering one
            // would mean reading and parsing the peer's request first.
            refusedAddress(socket.remoteAddress());
            socket.close();
            return;
        }
        int now = connections.incrementAndGet();
        if (stopping || now > 2 * settings.maxAssociations() + 8) {
            connections.decrementAndGet();
            LOG.log(System.Logger.Level.INFO, "Storage SCP: {0} connections open, closing one from {1}",
                    Integer.toString(now - 1), socket.remoteAddress());
            socket.close();
            return;
        }
        String id = idPrefix + "-" + SEQUENCE.incrementAndGet();
        ScpAssociation association = new ScpAssociation(host, vertx, socket, settings, id);
        open.add(association);
        association.start();
    }

    /** Logs a refused address at most once per {@link #REFUSAL_LOG_EVERY_MS}, with the count since: a peer retrying in a loop cannot flood the log. */
    private void refusedAddress(io.vertx.core.net.SocketAddress remote) {
        long n = refusedConnections.incrementAndGet();
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= REFUSAL_LOG_EVERY_MS * 1_000_000 && lastRefusalLog.compareAndSet(last, now)) {
            LOG.log(System.Logger.Level.WARNING, "Storage SCP {0}: connection from {1} closed, not an allowed address"
                    + " ({2} refused so far)", settings.aeTitle(), remote == null ? "?" : remote.hostAddress(), Long.toString(n));
        }
    }

    /** Connections closed at once because their address is not allowed, since the start. */
    public long refusedConnections() {
        return refusedConnections.get();
    }

    /** What each association needs of this SCP; a separate object, so the association does not know the SCP's class. */
    private final ScpAssociation.Host host = new ScpAssociation.Host() {
        @Override
        public boolean tryAcquireAssociation() {
            while (true) {
                int n = associations.get();
                if (n >= settings.maxAssociations() || stopping) {
                    return false;
                }
                if (associations.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }

        @Override
        public StoreListener listener() {
            return listener;
        }

        @Override
        public Path storeDir() {
            return settings.storeDir();
        }

        @Override
        public FindHandler find() {
            return find;
        }

        @Override
        public void closed(ScpAssociation association, boolean counted) {
            if (open.remove(association)) {
                connections.decrementAndGet();
                if (counted) {
                    associations.decrementAndGet();
                }
            }
        }
    };
}
