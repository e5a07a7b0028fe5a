package id.dicomgateway.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Hears the changes every replica makes (the trigger of {@code V1_1__notify.sql} notifies channel
 * {@value #CHANNEL} with the job's id) on one connection of its own, in a thread of its own. When the
 * connection breaks (the database restarted) it connects again with a growing pause and then
 * reports {@link JobChange#RESYNC}: notifications sent meanwhile are lost, readers must read again.
 *
 * <p>A wait for notifications that times out is not an error, so a connection the database side has dropped without a
 * word (a failover that moved the address, a host that hangs) would look quiet for ever: after {@link #QUIET_MILLIS}
 * with nothing heard it asks the database something, which fails within the driver's socket timeout on such a
 * connection, and the loop connects again.
 */
final class PgNotifications {
    private static final Logger LOG = Logger.getLogger(PgNotifications.class);
    static final String CHANNEL = "gateway_jobs";
    /** How long one wait for notifications blocks; also how soon {@link #stop()} is noticed. */
    private static final int POLL_MILLIS = 250;
    /** Silence after which the connection is asked whether it is still there. */
    static final long QUIET_MILLIS = 5000;

    private final DataSource dataSource;
    private final Consumer<JobChange> sink;
    private volatile boolean running;
    private volatile boolean connected;
    private Thread thread;

    PgNotifications(DataSource dataSource, Consumer<JobChange> sink) {
        this.dataSource = dataSource;
        this.sink = sink;
    }

    synchronized void start() {
        if (thread != null) {
            return;
        }
        running = true;
        thread = new Thread(this::run, "job-store-listen");
        thread.setDaemon(true);
        thread.start();
    }

    synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
    }

    boolean connected() {
        return connected;
    }

    private void run() {
        long pause = 100;
        boolean first = true;
        while (running) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(true);
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + CHANNEL);
                }
                PGConnection pg = c.unwrap(PGConnection.class);
                connected = true;
                pause = 100;
                if (!first) {
                    LOG.info("Job store: hearing other replicas' changes again");
                    sink.accept(JobChange.RESYNC);
                }
                first = false;
                long heard = System.nanoTime();
                while (running) {
                    PGNotification[] batch = pg.getNotifications(POLL_MILLIS);
                    if (batch != null && batch.length > 0) {
                        heard = System.nanoTime();
                        for (PGNotification n : batch) {
                            sink.accept(new JobChange(n.getParameter()));
                        }
                    } else if (System.nanoTime() - heard > QUIET_MILLIS * 1_000_000L) {
                        try (Statement s = c.createStatement()) {
                            s.execute("SELECT 1");
                        }
                        heard = System.nanoTime();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    break;
                }
                if (connected) {
                    LOG.warnf("Job store: lost the connection that hears other replicas' changes (%s); reconnecting", e.getMessage());
                }
                connected = false;
                first = false;
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException ie) {
                    break;
                }
                pause = Math.min(2000, pause * 2);
            }
        }
        connected = false;
    }
}
