package id.dicomgateway.notify;

import id.dicomgateway.job.JobState;
import id.dicomgateway.job.StoreException;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.store.JobRecord;
import id.dicomgateway.store.JobStore;
import id.dicomgateway.store.StoreProducer;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * What is told to GATEWAY_NOTIFY_URL about jobs (docs/operations.md, "Notifications"): a job that failed for good,
 * told by the replica that ended it (the store hands each end to that replica alone), and a job that waits for its
 * order longer than GATEWAY_NOTIFY_WAITING_AFTER, told once per job by whichever replica claims the notice in the
 * store first. The peers are {@link PeerWatch}'s.
 */
@Singleton
public class Notifications {
    private static final Logger LOG = Logger.getLogger(Notifications.class);
    /** Waiting notices claimed per look: a backlog goes out over the next looks, not all at once. */
    private static final int WAITING_PER_LOOK = 50;

    @Inject
    Deliveries deliveries;
    @Inject
    NotifyConfig config;
    @Inject
    JobRegistry jobs;
    @Inject
    JobStore store;
    private final Clock clock = Clock.systemUTC();

    void start(@Observes StartupEvent event) {
        if (deliveries.enabled()) {
            jobs.onFinal(this::ended);
            LOG.infof("Notifications: on, to %d URL(s); waiting for the order after %s, peers down after %s",
                    config.url().orElseThrow().size(), config.waitingAfter(), config.downAfter());
        }
    }

    /** A job this replica ended for good (on the job journal's thread: only queues). */
    void ended(JobRecord record) {
        if (record.state() != JobState.FAILED && record.state() != JobState.PARTLY_FAILED) {
            return; // succeeded, or cancelled by a person
        }
        String code = record.outcomeCode();
        deliveries.tell(job(Notice.JOB_FAILED, record, null, "Job " + record.id() + " " + record.state() + " (" + code + ")"
                + study(record) + ": " + record.message()));
    }

    @Scheduled(every = "${gateway.notify.watch-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void lookAtWaitingJobs() {
        if (!deliveries.enabled()) {
            return;
        }
        Instant before = clock.instant().minus(config.waitingAfter());
        try {
            for (JobRecord r : store.claimWaitingNotices(before, WAITING_PER_LOOK)) {
                // A received study no single order matched waits for a person (no order wait); the others for SATUSEHAT.
                String text = r.orderWaitUntil() == null && r.nextAttemptAt() == null
                        ? " has waited since " + r.createdAt() + " for a person to assign it its order (" + r.message()
                                + "): assign it on the dashboard's Orders tab, or cancel the job"
                        : " has waited for its order (ServiceRequest) in SATUSEHAT since " + r.createdAt()
                                + ": register the order in the EMR, or cancel the job";
                deliveries.tell(job(Notice.JOB_WAITING_FOR_ORDER, r, r.createdAt(), "Job " + r.id() + study(r) + text));
            }
        } catch (StoreException e) {
            LOG.debugf("Notifications: no look at waiting jobs this time: %s", e.getMessage());
        }
    }

    private Notice job(String event, JobRecord r, Instant since, String text) {
        return new Notice(event, clock.instant(), StoreProducer.REPLICA, r.id(), r.state().name(), r.studyUid(), r.accessionNumber(),
                r.outcomeCode(), r.message(), link(r.id()), null, since, text);
    }

    private static String study(JobRecord r) {
        return (r.studyUid() == null ? "" : ", study " + r.studyUid())
                + (r.accessionNumber() == null ? "" : ", ACSN " + r.accessionNumber());
    }

    /** The job on the gateway: GATEWAY_PUBLIC_URL with {id} put in, or followed by the dashboard's own link to a job. */
    String link(String id) {
        return config.publicUrl().map(String::strip).filter(u -> !u.isEmpty())
                .map(u -> u.contains("{id}") ? u.replace("{id}", id) : u.replaceAll("/+$", "") + "/api/jobs/" + id)
                .orElse(null);
    }
}
