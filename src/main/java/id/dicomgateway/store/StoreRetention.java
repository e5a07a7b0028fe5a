package id.dicomgateway.store;

import id.dicomgateway.job.StoreException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Keeps history bounded (gateway.store.history): every replica runs it, which is harmless, as
 * deleting what another replica just deleted deletes nothing.
 */
@ApplicationScoped
public class StoreRetention {
    private static final Logger LOG = Logger.getLogger(StoreRetention.class);

    private final JdbcJobStore store;
    private final JdbcBatchStore batches;
    private final StoreConfig.History history;
    private ScheduledExecutorService timer;

    StoreRetention(JdbcJobStore store, JdbcBatchStore batches, StoreConfig config) {
        this.store = store;
        this.batches = batches;
        this.history = config.history();
    }

    void start(@Observes StartupEvent event) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "job-store-retention");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(1, history.interval().toMillis());
        timer.scheduleWithFixedDelay(this::purge, Math.min(every, 60_000), every, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Runs retention now; how many jobs went. */
    public int purge() {
        try {
            int n = store.purge(history.keep(), history.maxAge());
            if (n > 0) {
                LOG.infof("Job store: retention deleted %d ended job(s) (keeping %d, at most %s old)", n, history.keep(), history.maxAge());
            }
            // A batch goes with the last of its jobs; the hour keeps one being written out of reach.
            int b = batches.purge(Duration.ofHours(1));
            if (b > 0) {
                LOG.infof("Job store: retention deleted %d batch(es) whose jobs had all been deleted", b);
            }
            return n;
        } catch (StoreException e) {
            LOG.warnf("Job store: retention could not run: %s", e.getMessage());
            return 0;
        }
    }
}
