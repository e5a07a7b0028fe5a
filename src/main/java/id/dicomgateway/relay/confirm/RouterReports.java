package id.dicomgateway.relay.confirm;

import id.dicomgateway.relay.jobs.CheckStatus;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import id.dicomgateway.relay.jobs.JobsConfig;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The router's webhook reports (docs/domain.md §4), matched to the job that sent the study: by Study
 * Instance UID and Accession Number, the latest such job. The report becomes check {@value #CHECK}
 * on it; {@code dicom_sent} with an ImagingStudy id also confirms the job at once
 * ({@link Confirmation#confirmedByRouter}). A report for no known job (sent by another tool, or
 * the job dropped from the bounded history) is kept in a bounded list the dashboard shows.
 *
 * <p>The router's own dashboard can resend a report, the same body again: recording it again sets
 * the same check to the same result, and an unmatched one is kept once, with a count.
 */
@ApplicationScoped
public class RouterReports {
    /** The job check this class records. */
    public static final String CHECK = "router";
    /** Unmatched reports kept, newest first; older ones are dropped. */
    public static final int MAX_UNMATCHED = 50;

    private static final Logger LOG = Logger.getLogger(RouterReports.class);

    private final JobRegistry jobs;
    private final Confirmation confirmation;
    private final int history;
    private final Clock clock;
    /** Unmatched reports by content, oldest first; guarded by itself. */
    private final LinkedHashMap<RouterReport, Unmatched> unmatched = new LinkedHashMap<>();

    @Inject
    RouterReports(JobRegistry jobs, Confirmation confirmation, JobsConfig jobsConfig) {
        this(jobs, confirmation, jobsConfig.history(), Clock.systemUTC());
    }

    RouterReports(JobRegistry jobs, Confirmation confirmation, int history, Clock clock) {
        this.jobs = jobs;
        this.confirmation = confirmation;
        this.history = history;
        this.clock = clock;
    }

    /** A report kept for no job. */
    @RegisterForReflection
    public record Unmatched(String stage, boolean status, String message, String studyInstanceUid, String accessionNumber,
                            String imagingStudyId, String summary, Instant firstAt, Instant lastAt, int received) {
    }

    /** Where a report went: the job it was recorded on, or none (kept in the unmatched list). */
    public record Outcome(Optional<String> jobId) {
    }

    /** Records the report on its job, or keeps it as unmatched. */
    public Outcome accept(RouterReport report) {
        Optional<JobView> job = jobFor(report);
        if (job.isEmpty()) {
            keep(report);
            LOG.infof("Router report %s for study %s ACSN %s matches no job; kept for the dashboard", report.stage().wire(),
                    report.studyInstanceUid(), report.accessionNumber());
            return new Outcome(Optional.empty());
        }
        String jobId = job.get().id();
        jobs.check(jobId, CHECK, report.stage() == RouterReport.Stage.DICOM_SENT && report.succeeded()
                ? CheckStatus.PASSED : CheckStatus.FAILED, report.summary());
        if (report.stage() == RouterReport.Stage.DICOM_SENT && report.imagingStudyId() != null) {
            confirmation.confirmedByRouter(jobId, report.imagingStudyId());
        }
        LOG.infof("Router report %s recorded on job %s", report.stage().wire(), jobId);
        return new Outcome(Optional.of(jobId));
    }

    /** Unmatched reports, newest first. */
    public List<Unmatched> unmatched() {
        List<Unmatched> out;
        synchronized (unmatched) {
            out = new ArrayList<>(unmatched.values());
        }
        java.util.Collections.reverse(out);
        return out;
    }

    /**
     * The latest job that sent this study with this Accession Number; a job with no Accession
     * Number of its own (direct-dcm sends the study's) matches on the study alone, after those.
     */
    private Optional<JobView> jobFor(RouterReport report) {
        if (report.studyInstanceUid() == null) {
            return Optional.empty();
        }
        JobView studyOnly = null;
        for (JobView job : jobs.recent(history)) {
            if (!report.studyInstanceUid().equals(job.studyUid())) {
                continue;
            }
            if (job.accessionNumber() == null || job.accessionNumber().isBlank()) {
                if (studyOnly == null) {
                    studyOnly = job;
                }
            } else if (Objects.equals(job.accessionNumber().strip(), report.accessionNumber())) {
                return Optional.of(job);
            }
        }
        return Optional.ofNullable(studyOnly);
    }

    private void keep(RouterReport report) {
        Instant now = clock.instant();
        synchronized (unmatched) {
            Unmatched before = unmatched.remove(report);
            unmatched.put(report, new Unmatched(report.stage().wire(), report.succeeded(), report.message(),
                    report.studyInstanceUid(), report.accessionNumber(), report.imagingStudyId(), report.summary(),
                    before == null ? now : before.firstAt(), now, before == null ? 1 : before.received() + 1));
            Iterator<Map.Entry<RouterReport, Unmatched>> oldest = unmatched.entrySet().iterator();
            while (unmatched.size() > MAX_UNMATCHED && oldest.hasNext()) {
                oldest.next();
                oldest.remove();
            }
        }
    }
}
