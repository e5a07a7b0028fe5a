package id.dicomgateway.relay.search;

import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.StudyMatches;
import id.dicomgateway.pacs.StudyQuery;
import id.dicomgateway.pacs.StudySummary;
import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.jobs.JobRegistry;
import id.dicomgateway.relay.jobs.JobView;
import id.dicomgateway.relay.outcome.Failures;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.relay.search.StudyStatus.LastJob;
import id.dicomgateway.relay.search.StudyStatus.Lookup;
import id.dicomgateway.satusehat.AccessionNumber;
import id.dicomgateway.satusehat.ImagingStudy;
import id.dicomgateway.satusehat.SatusehatClient;
import id.dicomgateway.satusehat.SatusehatException;
import id.dicomgateway.satusehat.ServiceRequest;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The status of one PACS study for the search page, asked for row by row as the page shows them.
 * A page of fifty rows must not become a hundred SATUSEHAT searches at once: the searches share
 * the client's one token, at most {@code gateway.search.satusehat-concurrency} are in flight, and
 * each answer is kept by Accession Number for {@code gateway.search.status-cache-ttl} (rows of one
 * order, and the same page shown again, ask once). The PACS count comes from a QIDO-RS search by
 * UID (PS3.18 §10.6), which the PACS answers from its index.
 */
@Singleton
public class StudyStatusLookup {
    private final PacsClient pacs;
    private final SatusehatClient satusehat;
    private final JobRegistry jobs;
    private final Permits permits;
    private final ShortCache<Asked<ServiceRequest>> orders;
    private final ShortCache<Asked<ImagingStudy>> imagingStudies;
    private final Clock clock;
    /** How far back "what this gateway last did" looks. */
    static final int HISTORY = 1000;
    static final java.time.Duration HISTORY_FRESH = java.time.Duration.ofSeconds(2);
    private volatile Recent recent;

    /** A SATUSEHAT answer and when it was given. */
    record Asked<T>(Optional<T> found, Instant at) {
    }

    @Inject
    StudyStatusLookup(PacsClient pacs, SatusehatClient satusehat, JobRegistry jobs, SearchConfig config) {
        this(pacs, satusehat, jobs, config, Clock.systemUTC());
    }

    StudyStatusLookup(PacsClient pacs, SatusehatClient satusehat, JobRegistry jobs, SearchConfig config, Clock clock) {
        this.pacs = pacs;
        this.satusehat = satusehat;
        this.jobs = jobs;
        this.permits = new Permits(config.satusehatConcurrency());
        this.orders = new ShortCache<>(config.statusCacheTtl(), clock);
        this.imagingStudies = new ShortCache<>(config.statusCacheTtl(), clock);
        this.clock = clock;
    }

    /**
     * The study's status; {@code accessionNumber}, when given, is looked up instead of the PACS's (a row whose
     * ACSN the person edited). Fails with STUDY_NOT_FOUND, the PACS's failures, or INVALID_VALUE for a
     * given Accession Number that breaks SH. SATUSEHAT's failures are part of the answer, not a failure.
     */
    public Uni<StudyStatus> status(String studyUid, String accessionNumber) {
        return Uni.createFrom().item(() -> pacs.searchStudies(StudyQuery.byUid(studyUid)))
                .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .onFailure().transform(Failures::translate)
                .chain(matches -> withSatusehat(studyUid, accessionNumber, study(studyUid, matches)));
    }

    private static StudySummary study(String studyUid, StudyMatches matches) {
        return matches.studies().stream().filter(s -> s.studyInstanceUid().equals(studyUid)).findFirst()
                .orElseThrow(() -> new RelayException(FailureCode.STUDY_NOT_FOUND, "Study " + studyUid + " is not in the PACS"));
    }

    private Uni<StudyStatus> withSatusehat(String studyUid, String given, StudySummary study) {
        boolean asked = given != null && !given.isBlank();
        String acsn = asked ? given.strip() : study.accessionNumber();
        Integer count = study.numberOfStudyRelatedInstances();
        LastJob last = lastJob(studyUid);
        if (acsn == null || acsn.isBlank()) {
            Lookup none = Lookup.notChecked(FailureCode.ROUTER_WOULD_DROP, "The study has no Accession Number to look up");
            return Uni.createFrom().item(new StudyStatus(studyUid, null, count, StudyStatus.Verdict.NO_ACCESSION, none, none, last, null));
        }
        AccessionNumber number;
        try {
            number = new AccessionNumber(acsn);
        } catch (SatusehatException e) {
            if (asked) {
                throw Failures.of(e);
            }
            Lookup bad = Lookup.notChecked(FailureCode.INVALID_VALUE, "The PACS's Accession Number cannot be looked up: " + e.getMessage());
            return Uni.createFrom().item(new StudyStatus(studyUid, acsn, count, StudyStatus.Verdict.UNKNOWN, bad, bad, last, null));
        }
        if (!satusehat.configured()) {
            Lookup off = Lookup.notChecked(FailureCode.SATUSEHAT_NOT_CONFIGURED, "SATUSEHAT is not configured on this gateway");
            return Uni.createFrom().item(new StudyStatus(studyUid, number.value(), count, StudyStatus.Verdict.UNKNOWN, off, off, last, null));
        }
        Uni<Answer> order = answer(orders.get(number.value(), limited(() -> satusehat.serviceRequest(number))),
                found -> Lookup.found(found.id(), null));
        Uni<Answer> imaging = answer(imagingStudies.get(number.value(), limited(() -> satusehat.imagingStudy(number))),
                found -> Lookup.found(found.id(), found.numberOfInstances()));
        return Uni.combine().all().unis(order, imaging).asTuple().map(both -> {
            Lookup sr = both.getItem1().lookup();
            Lookup is = both.getItem2().lookup();
            Instant at = min(both.getItem1().at(), both.getItem2().at());
            return new StudyStatus(studyUid, number.value(), count, StudyStatus.verdict(number.value(), count, sr, is), sr, is, last, at);
        });
    }

    private record Answer(Lookup lookup, Instant at) {
    }

    private <T> Supplier<Uni<Asked<T>>> limited(Supplier<Uni<Optional<T>>> search) {
        return () -> permits.run(search).map(found -> new Asked<>(found, clock.instant()));
    }

    private <T> Uni<Answer> answer(Uni<Asked<T>> search, Function<T, Lookup> found) {
        return search.map(asked -> new Answer(asked.found().map(found).orElseGet(Lookup::none), asked.at()))
                .onFailure().recoverWithItem(e -> {
                    RelayException error = Failures.translate(e) instanceof RelayException r ? r
                            : new RelayException(FailureCode.SATUSEHAT_UNAVAILABLE, "SATUSEHAT could not be asked", e);
                    return new Answer(Lookup.failed(error.code(), error.getMessage()), null);
                });
    }

    private LastJob lastJob(String studyUid) {
        return history().stream().filter(j -> studyUid.equals(j.studyUid())).findFirst()
                .map(StudyStatusLookup::last).orElse(null);
    }

    /**
     * The newest {@value #HISTORY} jobs, read from the job store at most once per {@link #HISTORY_FRESH}: a
     * result page asks for every row's status at once, and each must not read the history again.
     */
    private List<JobView> history() {
        Recent cached = recent;
        Instant now = clock.instant();
        if (cached == null || now.isAfter(cached.at().plus(HISTORY_FRESH))) {
            cached = new Recent(now, jobs.recent(HISTORY));
            recent = cached;
        }
        return cached.jobs();
    }

    private record Recent(Instant at, List<JobView> jobs) {
    }

    private static LastJob last(JobView j) {
        return new LastJob(j.id(), j.kind(), j.state(), j.errorCode(), j.message(), j.createdAt(), j.finishedAt());
    }

    private static Instant min(Instant a, Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isBefore(b) ? a : b;
    }
}
