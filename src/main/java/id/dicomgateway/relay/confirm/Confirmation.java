package id.dicomgateway.relay.confirm;

import id.dicomgateway.async.Once;
import id.dicomgateway.relay.confirm.ConfirmationResult.Outcome;
import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.outcome.StudyResult;
import id.dicomgateway.satusehat.AccessionNumber;
import id.dicomgateway.satusehat.ImagingStudy;
import id.dicomgateway.satusehat.SatusehatClient;
import id.dicomgateway.satusehat.SatusehatException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.Cancellable;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Closes the loop after sending: C-STORE success from the router means only "file received"
 * (docs/architecture.md §5), so this asks SATUSEHAT, in the background and with growing intervals, for the
 * ImagingStudy of the Accession Number until it lists every SOP Instance UID sent or the time is
 * up. The result is recorded on the job as check {@value #CHECK}: PASSED "confirmed", FAILED
 * "incomplete" (naming the missing instances) or FAILED "not confirmed".
 *
 * <p>A failed search (5xx, timeout, refused token) does not end the watch: SATUSEHAT staging
 * fails now and then, and the client already refetches the token on a 401. Only the deadline
 * ends it.
 */
@ApplicationScoped
public class Confirmation {
    /** The job check this class records. */
    public static final String CHECK = "satusehat.imagingStudy";
    /** A study may have thousands of instances; the job shows the first missing ones and a count. */
    static final int MAX_LISTED = 20;

    private static final Logger LOG = Logger.getLogger(Confirmation.class);

    private final SatusehatClient satusehat;
    private final JobRegistry jobs;
    private final MeterRegistry registry;
    private final ConfirmationConfig config;
    private final Set<Cancellable> running = ConcurrentHashMap.newKeySet();
    /** The watch of each job still watching, so that the router's own word can end it early. */
    private final Map<String, Watch> watching = new ConcurrentHashMap<>();

    Confirmation(SatusehatClient satusehat, JobRegistry jobs, MeterRegistry registry, ConfirmationConfig config) {
        this.satusehat = satusehat;
        this.jobs = jobs;
        this.registry = registry;
        this.config = config;
    }

    /**
     * Starts watching for the ImagingStudy of {@code accessionNumber} and returns at once: the
     * watch runs whether or not anyone subscribes. The returned Uni gives the outcome once it is
     * recorded on the job; callers answering an HTTP request ignore it, and cancelling a
     * subscription to it does not stop the watch (only shutdown does).
     *
     * @param sentSopInstanceUids the instances the router confirmed stored in the one association
     */
    public Uni<ConfirmationResult> confirm(String jobId, String accessionNumber, Set<String> sentSopInstanceUids) {
        if (!satusehat.configured()) {
            return Uni.createFrom().item(skipped(jobId, "SATUSEHAT is not configured on this gateway"));
        }
        AccessionNumber acsn;
        try {
            acsn = new AccessionNumber(accessionNumber);
        } catch (SatusehatException e) {
            return Uni.createFrom().item(skipped(jobId, "no usable Accession Number to look for: " + e.getMessage()));
        }
        Watch watch = new Watch(jobId, acsn, Set.copyOf(sentSopInstanceUids == null ? Set.of() : sentSopInstanceUids));
        watch.interval = grown(config.initialDelay());
        check(jobId, CheckStatus.PENDING, "waiting for the router; first SATUSEHAT search in " + human(config.initialDelay()));
        Once<ConfirmationResult> done = watch.done;
        watching.put(jobId, watch);
        Cancellable subscription = search(watch, config.initialDelay())
                .onFailure().recoverWithItem(e -> {
                    // Only a bug gets here: every SATUSEHAT failure is handled per search.
                    LOG.errorf(e, "Confirmation for job %s stopped unexpectedly", jobId);
                    return finish(watch, Outcome.NOT_CONFIRMED, null, List.of(),
                            "not confirmed: the confirmation stopped on an internal error; the gateway log has the details");
                })
                .subscribe().with(done::complete, done::fail);
        running.add(subscription);
        watch.subscription = subscription;
        done.uni().subscribe().with(result -> ended(watch, subscription), failure -> ended(watch, subscription));
        // A subscriber cancelling cancels its own subscription, never the watch's own completion.
        return done.uni();
    }

    private void ended(Watch watch, Cancellable subscription) {
        running.remove(subscription);
        watching.remove(watch.jobId, watch);
    }

    /**
     * The router said, in its webhook, that it built ImagingStudy {@code imagingStudyId} for this job's
     * study (stage {@code dicom_sent}): the confirmation is PASSED at once and its SATUSEHAT watch, if
     * one runs, stops. The router's word is its own log of a PUT/POST that SATUSEHAT answered, so no
     * further search is needed (docs/domain.md §4).
     */
    public void confirmedByRouter(String jobId, String imagingStudyId) {
        String detail = "confirmed: the router reported ImagingStudy/" + imagingStudyId + " built from this study (webhook dicom_sent)";
        Watch watch = watching.remove(jobId);
        if (watch == null) {
            check(jobId, CheckStatus.PASSED, detail);
            count(Outcome.CONFIRMED);
            return;
        }
        if (watch.subscription != null) {
            watch.subscription.cancel();
        }
        ConfirmationResult result = finish(watch, Outcome.CONFIRMED, imagingStudyId, List.of(), detail);
        watch.done.complete(result);
    }

    /**
     * Step 10 of a send, per study: watch for the ImagingStudy of what the router stored, or record
     * why no watch runs (the caller said {@code verify=false}, or nothing was stored). Not awaited.
     */
    public void afterSend(String jobId, String accessionNumber, StudyResult result, boolean verify) {
        if (verify && !result.stored().isEmpty()) {
            confirm(jobId, accessionNumber, Set.copyOf(result.stored()));
        } else {
            skipped(jobId, verify ? "nothing was stored" : "verify=false");
        }
    }

    /** Records that no confirmation will run, e.g. the request said {@code verify=false}. */
    public ConfirmationResult skipped(String jobId, String reason) {
        ConfirmationResult result = new ConfirmationResult(Outcome.SKIPPED, null, List.of(), 0, "skipped: " + reason);
        check(jobId, CheckStatus.SKIPPED, result.detail());
        count(Outcome.SKIPPED);
        return result;
    }

    @PreDestroy
    void stop() {
        // Timers of the default executor would fire into a stopped application.
        List.copyOf(running).forEach(Cancellable::cancel);
        running.clear();
    }

    private Uni<ConfirmationResult> search(Watch watch, Duration wait) {
        Uni<Void> pause = Uni.createFrom().voidItem();
        if (wait.compareTo(Duration.ZERO) > 0) {
            pause = pause.onItem().delayIt().by(wait);
        }
        return pause
                .chain(() -> satusehat.imagingStudy(watch.acsn))
                .map(Look::found)
                .onFailure().recoverWithItem(Look::failed)
                .chain(look -> next(watch, look));
    }

    private Uni<ConfirmationResult> next(Watch watch, Look look) {
        if (watch.ended.get()) { // the router's webhook confirmed it meanwhile
            return watch.done.uni();
        }
        watch.searches++;
        Comparison seen = look.study.map(study -> Comparison.of(study, watch.sent)).orElse(null);
        if (seen != null) {
            watch.lastSeen = seen;
        }
        watch.lastError = look.error;
        if (seen != null && seen.complete()) {
            return Uni.createFrom().item(finish(watch, Outcome.CONFIRMED, seen.id, List.of(),
                    "confirmed: ImagingStudy/" + seen.id + " lists " + listed(seen, watch.sent)
                            + (seen.patient == null ? "" : " (" + seen.patient + ")")));
        }
        Duration remaining = config.timeout().minusNanos(System.nanoTime() - watch.startNanos);
        if (remaining.compareTo(Duration.ZERO) <= 0) {
            return Uni.createFrom().item(timedOut(watch));
        }
        Duration wait = watch.interval.compareTo(remaining) < 0 ? watch.interval : remaining;
        watch.interval = grown(watch.interval);
        String now;
        if (seen != null) {
            now = "ImagingStudy/" + seen.id + " lists " + seen.matched + " of the " + watch.sent.size() + " instances sent";
        } else if (look.error != null) {
            now = "SATUSEHAT search failed (" + look.error + ")";
        } else {
            now = "no ImagingStudy yet";
        }
        check(watch.jobId, CheckStatus.PENDING, "waiting: search " + watch.searches + ": " + now + "; next in " + human(wait));
        return search(watch, wait);
    }

    private ConfirmationResult timedOut(Watch watch) {
        Comparison seen = watch.lastSeen;
        if (seen != null) {
            List<String> missing = seen.missing;
            StringBuilder detail = new StringBuilder("incomplete: ImagingStudy/").append(seen.id).append(" lists ")
                    .append(seen.matched).append(" of the ").append(watch.sent.size()).append(" instances sent");
            if (seen.count != null && seen.count < watch.sent.size()) {
                detail.append(" (numberOfInstances ").append(seen.count).append(')');
            }
            if (!missing.isEmpty()) {
                detail.append("; missing ").append(String.join(", ", missing.subList(0, Math.min(MAX_LISTED, missing.size()))));
                if (missing.size() > MAX_LISTED) {
                    detail.append(" and ").append(missing.size() - MAX_LISTED).append(" more");
                }
            }
            detail.append(" after ").append(human(config.timeout()));
            return finish(watch, Outcome.INCOMPLETE, seen.id, missing, detail.toString());
        }
        String detail = "not confirmed: no ImagingStudy for Accession Number " + watch.acsn + " in SATUSEHAT after "
                + human(config.timeout()) + " (" + watch.searches + " searches)"
                + (watch.lastError == null ? "" : "; last search failed: " + watch.lastError);
        return finish(watch, Outcome.NOT_CONFIRMED, null, List.of(), detail);
    }

    private ConfirmationResult finish(Watch watch, Outcome outcome, String imagingStudyId, List<String> missing, String detail) {
        if (!watch.ended.compareAndSet(false, true)) {
            // the router's webhook and the last search crossed: the first word stands
            return new ConfirmationResult(outcome, imagingStudyId, List.copyOf(missing), watch.searches, detail);
        }
        check(watch.jobId, outcome == Outcome.CONFIRMED ? CheckStatus.PASSED : CheckStatus.FAILED, detail);
        count(outcome);
        LOG.infof("Confirmation job=%s acsn=%s outcome=%s imagingStudy=%s searches=%d missing=%d", watch.jobId, watch.acsn,
                tag(outcome), imagingStudyId == null ? "-" : imagingStudyId, watch.searches, missing.size());
        return new ConfirmationResult(outcome, imagingStudyId, List.copyOf(missing), watch.searches, detail);
    }

    private Duration grown(Duration interval) {
        return grown(interval, config.factor(), config.maxInterval());
    }

    /** The interval after {@code interval}: times {@code factor} (never shrinking), at most {@code max}. */
    static Duration grown(Duration interval, double factor, Duration max) {
        long nanos = (long) Math.min(Long.MAX_VALUE / 2.0, interval.toNanos() * Math.max(1.0, factor));
        Duration next = Duration.ofNanos(nanos);
        return next.compareTo(max) > 0 ? max : next;
    }

    private static String listed(Comparison seen, Set<String> sent) {
        if (sent.isEmpty()) {
            return seen.count == null ? "its instances" : seen.count + " instances";
        }
        return "all " + sent.size() + " instances sent";
    }

    private void check(String jobId, CheckStatus status, String detail) {
        if (jobId != null) {
            jobs.check(jobId, CHECK, status, detail);
        }
    }

    private void count(Outcome outcome) {
        Counter.builder("gateway.confirmations").description("SATUSEHAT confirmations after sending, by outcome")
                .tag("outcome", tag(outcome)).register(registry).increment();
    }

    /** confirmed, incomplete, not_confirmed, skipped: one word, for metric tags and log fields. */
    private static String tag(Outcome outcome) {
        return outcome.label().replace(' ', '_');
    }

    /** "1.5s", "2m", "1m30s": for people reading the job. */
    static String human(Duration d) {
        long millis = d.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        if (millis < 60_000) {
            return millis % 1000 == 0 ? millis / 1000 + "s" : String.format("%.1fs", millis / 1000.0);
        }
        long seconds = d.toSeconds();
        return seconds / 60 + "m" + (seconds % 60 == 0 ? "" : seconds % 60 + "s");
    }

    /** One confirmation in progress; each search runs after the previous one ended, never two at once. */
    private static final class Watch {
        final String jobId;
        final AccessionNumber acsn;
        final Set<String> sent;
        final long startNanos = System.nanoTime();
        Duration interval;
        int searches;
        Comparison lastSeen;
        String lastError;
        final Once<ConfirmationResult> done = new Once<>();
        Cancellable subscription;
        final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        Watch(String jobId, AccessionNumber acsn, Set<String> sent) {
            this.jobId = jobId;
            this.acsn = acsn;
            this.sent = sent;
        }
    }

    /** One search's answer: a study or none, or why SATUSEHAT could not be asked. */
    private record Look(Optional<ImagingStudy> study, String error) {
        static Look found(Optional<ImagingStudy> study) {
            return new Look(study, null);
        }

        static Look failed(Throwable e) {
            // The client's messages are written for users and carry no token; anything else only by its type.
            return new Look(Optional.empty(), e instanceof SatusehatException ? e.getMessage() : e.getClass().getSimpleName());
        }
    }

    /** The ImagingStudy next to what was sent. */
    private record Comparison(String id, String patient, Integer count, int matched, List<String> missing) {
        static Comparison of(ImagingStudy study, Set<String> sent) {
            Set<String> listed = new HashSet<>(study.sopInstanceUids());
            List<String> missing = new ArrayList<>();
            for (String uid : sent) {
                if (!listed.contains(uid)) {
                    missing.add(uid);
                }
            }
            missing.sort(null);
            return new Comparison(study.id(), study.patientReference(), study.numberOfInstances(),
                    sent.size() - missing.size(), missing);
        }

        /** Every instance listed, and the count does not say fewer: the router rebuilt the study from all of them. */
        boolean complete() {
            return missing.isEmpty() && (count == null || count >= matched);
        }
    }
}
