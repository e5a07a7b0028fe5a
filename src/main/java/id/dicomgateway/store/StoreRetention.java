package id.dicomgateway.store;

import id.dicomgateway.job.StoreException;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
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

    StoreRetention(JdbcJobStore store, JdbcBatchStore batches, StoreConfig config) {
        this.store = store;
        this.batches = batches;
        this.history = config.history();
    }

    /** The timer (quarkus-scheduler): a minute after the start, then every gateway.store.history.interval. */
    @Scheduled(every = "${gateway.store.history.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP, identity = "job-store-retention")
    void retentionPass() {
        purge();
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
