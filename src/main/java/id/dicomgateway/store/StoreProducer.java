package id.dicomgateway.store;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.arc.InjectableInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The application's one {@link JobStore}: on the PostgreSQL datasource when GATEWAY_DB_URL is set,
 * otherwise on the embedded H2 file in the data directory. Flyway has migrated whichever is active
 * before the application starts (quarkus.flyway.*.migrate-at-start).
 */
@ApplicationScoped
public class StoreProducer {
    private static final Logger LOG = Logger.getLogger(StoreProducer.class);

    /** This replica's name in leases and attempts: the pod's host name and a random part, as pods restart under the same name. */
    public static final String REPLICA = hostName() + "-" + UUID.randomUUID().toString().substring(0, 8);

    @Produces
    @Singleton
    JdbcJobStore store(@DataSource("postgresql") InjectableInstance<AgroalDataSource> postgres,
            @DataSource("embedded") InjectableInstance<AgroalDataSource> embedded, StoreConfig config) {
        List<AgroalDataSource> pg = postgres.listActive();
        List<AgroalDataSource> h2 = embedded.listActive();
        Dialect dialect;
        AgroalDataSource ds;
        if (!pg.isEmpty()) {
            dialect = Dialect.POSTGRESQL;
            ds = pg.get(0);
        } else if (!h2.isEmpty()) {
            dialect = Dialect.H2;
            ds = h2.get(0);
        } else {
            throw new IllegalStateException("No job store: set GATEWAY_DB_URL for PostgreSQL, or leave the embedded store active");
        }
        LOG.infof("Job store: %s, replica %s", dialect == Dialect.POSTGRESQL ? "PostgreSQL (shared by every replica)"
                : "embedded H2 in " + config.dataDir() + " (one node)", REPLICA);
        return new JdbcJobStore(ds, dialect, config.policy(), config.lease(), Clock.systemUTC(), config.reconnectWindow()).start();
    }

    /** Batches on the same database, in the job store's transactions. */
    @Produces
    @Singleton
    JdbcBatchStore batches(JdbcJobStore store) {
        return new JdbcBatchStore(store);
    }

    void close(@Disposes JdbcJobStore store) {
        store.close();
    }

    private static String hostName() {
        String env = System.getenv("HOSTNAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "gateway";
        }
    }
}
