package id.dicomgateway.relay;

import id.dicomgateway.async.Serial;
import id.dicomgateway.job.StoreException;
import id.dicomgateway.relay.files.Spool;
import id.dicomgateway.relay.jobs.JobLogs;
import id.dicomgateway.relay.jobs.JobsConfig;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.StoreProducer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Every replica's workers: they claim due jobs from the shared store (retries whose time has come,
 * jobs waiting for their order, jobs whose replica died and whose lease ran out) while this replica
 * has room, and run them like any background job. Jobs asked for here start here at once; the
 * workers take what is left over, so a replica that dies loses nothing.
 */
@ApplicationScoped
public class JobWorkers {
    private static final Logger LOG = Logger.getLogger(JobWorkers.class);

    @Inject
    JobStore store;
    @Inject
    Relay relay;
    @Inject
    BackgroundJobs background;
    @Inject
    JobsConfig config;
    @Inject
    Spool spool;
    @Inject
    JobLogs logs;
    /** The polls, one at a time: two at once would claim more jobs than there is room for. */
    private final Serial polls = new Serial("Job workers");
    /** A poll is queued and has not started: a wake now would find nothing it will not. */
    private final AtomicBoolean queued = new AtomicBoolean();

    void start(@Observes StartupEvent event) {
        // A batch's next row starts when one ends, not at the next poll: the poll's interval is
        // what a row would otherwise wait, and with one-instance studies it would set the pace.
        background.whenOneEnds(this::wake);
    }

    /** The timer (quarkus-scheduler): every gateway.jobs.poll, look for due jobs. */
    @Scheduled(every = "${gateway.jobs.poll}", delayed = "${gateway.jobs.poll}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            identity = "job-workers")
    void tick() {
        wake();
    }

    /** Looks for due jobs now (jobs were just queued, or one ended and left room), after any poll running now. */
    public void wake() {
        if (queued.compareAndSet(false, true)) {
            polls.run(() -> {
                queued.set(false);
                poll();
            });
        }
    }

    @PreDestroy
    void stop() {
        polls.close();
    }

    /** Claims as many due jobs as there is room for, and starts them. */
    void poll() {
        if (background.stopping()) {
            return;
        }
        int room = config.workers() - background.running();
        if (room <= 0) {
            return;
        }
        List<JobRecord> due;
        try {
            // jobs any replica runs, and those whose files wait in this node's spool
            due = store.claim(StoreProducer.REPLICA, spool.node(), room);
        } catch (StoreException e) {
            LOG.debugf("Workers: no claim this time: %s", e.getMessage());
            return;
        }
        for (JobRecord job : due) {
            logs.of(job.id(), job.studyUid(), job.accessionNumber()).run(() -> resume(job));
        }
    }

    private void resume(JobRecord job) {
        LOG.infof("Job %s: attempt %d on %s (%s)", job.id(), job.attempts().size(), StoreProducer.REPLICA,
                job.attempts().size() > 1 ? "after " + job.attempts().get(job.attempts().size() - 2).outcomeCode() : "queued");
        try {
            relay.resume(job);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Job %s could not be started", job.id());
        }
    }
}
