package id.dicomgateway.relay;

import id.dicomgateway.relay.jobs.CodedFailure;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobKind;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.RelayException;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Jobs that go on after their request was answered (202). Quarkus's graceful shutdown waits for
 * running requests only; these it does not see. When the gateway stops (a pod being replaced),
 * they get {@code gateway.shutdown.drain-timeout} to end; what is still running then is handed
 * back to the job store's queue and cancelled, which aborts its association (A-ABORT, PS3.8
 * 7.3.1): the router discards an aborted association instead of acting on half a study, and a
 * worker of another replica sends the whole study again. No association is left open.
 */
@ApplicationScoped
public class BackgroundJobs {
    private static final Logger LOG = Logger.getLogger(BackgroundJobs.class);
    /** Time for the event loop to put the A-ABORTs on the wire after the cancellations. */
    private static final Duration ABORT_FLUSH = Duration.ofSeconds(1);

    private final JobRegistry jobs;
    private final Duration drainTimeout;
    private final Map<String, Cancellable> running = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    /**
     * Held while a job is admitted and while {@link #stopping} is set: a job is either in {@link #running} before
     * the drain looks, or sees that the gateway is stopping; none starts unseen by the drain.
     */
    private final Object gate = new Object();
    private volatile Runnable whenOneEnds = () -> {
    };

    BackgroundJobs(JobRegistry jobs, ShutdownConfig config) {
        this.jobs = jobs;
        this.drainTimeout = config.drainTimeout();
    }

    /**
     * Runs job {@code jobId}'s {@code work} in the background. Once the gateway is stopping the work is not
     * started: the job goes back to the store's queue for another replica (or this one after its restart), as a
     * draining replica's running jobs do; without a store, or for an upload, it fails SHUTTING_DOWN. This covers a
     * job asked for while draining and one a worker claimed just as the drain began.
     */
    public void start(String jobId, Uni<?> work) {
        synchronized (gate) {
            if (!stopping) {
                run(jobId, work);
                return;
            }
        }
        // An upload's files go with its request (Relay.resume cannot send them again): its caller is told to resend.
        boolean resumable = jobs.find(jobId).map(v -> v.kind() != JobKind.UPLOAD).orElse(false);
        if (resumable && jobs.handBack(jobId, "The replica that took it was stopping; it is queued for another one")) {
            LOG.infof("Stopping: job %s not started here; handed back to the queue", jobId);
            return;
        }
        String message = "The gateway is stopping; send the request again in a moment";
        jobs.failed(jobId, FailureCode.SHUTTING_DOWN, message);
        throw new RelayException(FailureCode.SHUTTING_DOWN, message);
    }

    private void run(String jobId, Uni<?> work) {
        AtomicBoolean ended = new AtomicBoolean();
        Cancellable subscription = work.onTermination().invoke(() -> {
            ended.set(true);
            running.remove(jobId);
            jobs.stopped(jobId);
            whenOneEnds.run();
        }).subscribe().with(done -> {
        }, failure -> {
            if (!(failure instanceof CodedFailure)) {
                LOG.errorf(failure, "Job %s failed unexpectedly", jobId);
            }
        });
        running.put(jobId, subscription);
        jobs.onStop(jobId, subscription::cancel);
        if (ended.get()) {
            running.remove(jobId); // it ended before it was registered
            jobs.stopped(jobId);
        }
    }

    /** Calls {@code listener} each time a background job ends (the workers then have room for the next). */
    void whenOneEnds(Runnable listener) {
        this.whenOneEnds = listener;
    }

    /** Whether the gateway is stopping: no new background work then. */
    public boolean stopping() {
        return stopping;
    }

    /** How many background jobs are running now. */
    public int running() {
        return running.size();
    }

    /**
     * Drains at the start of shutdown (quarkus.shutdown.delay-enabled): later in the shutdown the
     * Vert.x connections, associations included, are already being closed.
     */
    void onShutdownStarting(@Observes ShutdownDelayInitiatedEvent event) {
        drain();
    }

    /** Fallback when the shutdown delay is disabled: drains as late as Quarkus lets it. */
    void onStop(@Observes ShutdownEvent event) {
        drain();
    }

    private synchronized void drain() {
        synchronized (gate) {
            stopping = true;
        }
        if (running.isEmpty()) {
            return;
        }
        LOG.infof("Stopping: waiting up to %s for %d running job(s) to end", drainTimeout, running.size());
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (!running.isEmpty() && System.nanoTime() < deadline) {
            if (!pause(Duration.ofMillis(100))) {
                break;
            }
        }
        if (running.isEmpty()) {
            LOG.info("Stopping: every running job ended");
            return;
        }
        for (var job : Map.copyOf(running).entrySet()) {
            // Handed back to the store's queue, a job is taken by another replica (or this one after
            // its restart) and sent whole again; without a store it can only fail.
            if (jobs.handBack(job.getKey(), "The replica sending it was stopping; its association was aborted, so the study "
                    + "goes again whole")) {
                LOG.warnf("Stopping: job %s did not end within %s; handing it back to the queue and aborting its association",
                        job.getKey(), drainTimeout);
            } else {
                LOG.warnf("Stopping: job %s did not end within %s; failing it and aborting its association", job.getKey(), drainTimeout);
                jobs.failed(job.getKey(), FailureCode.SHUTTING_DOWN, "The gateway was stopped before this job ended; its association "
                        + "was aborted, so the router discards what it received: send the study again");
            }
            job.getValue().cancel();
        }
        pause(ABORT_FLUSH);
    }

    private static boolean pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
