package id.dicomgateway.relay.search;

import id.dicomgateway.pacs.PacsClient;
import id.dicomgateway.pacs.StudyMatches;
import id.dicomgateway.pacs.StudyQuery;
import id.dicomgateway.pacs.StudySummary;
import id.dicomgateway.relay.outcome.Failures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Finds studies in the PACS by QIDO-RS (PS3.18 §10.6), one page at a time, so that a person can
 * pick what to send instead of copying UIDs out of the PACS's own UI. The PACS layer checks each
 * parameter against its VR: a bad one fails with INVALID_REQUEST naming it, before the PACS is
 * asked. Nothing of a search is logged: it may hold a patient's name.
 */
@Singleton
public class StudySearch {
    public static final int DEFAULT_LIMIT = 25;
    public static final int MAX_LIMIT = 200;

    @Inject
    PacsClient pacs;

    public Uni<StudyList> search(StudyFilter filter) {
        return Uni.createFrom().item(() -> {
            StudyQuery query = new StudyQuery(filter.studyInstanceUid(), filter.patientId(), filter.patientName(),
                    filter.accessionNumber(), filter.studyDate(), filter.modalitiesInStudy(), filter.studyDescription(),
                    filter.limit(), filter.offset());
            StudyMatches matches = pacs.searchStudies(query);
            return new StudyList(matches.studies().stream().map(StudySearch::found).toList(), query.limit(), query.offset(),
                    matches.total(), matches.studies().size() == query.limit()
                            && (matches.total() == null || matches.total() > query.offset() + query.limit()));
        }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool()).onFailure().transform(Failures::translate);
    }

    static FoundStudy found(StudySummary s) {
        return new FoundStudy(s.studyInstanceUid(), s.studyDate(), s.studyTime(), s.patientId(), s.patientName(), s.accessionNumber(),
                s.modalitiesInStudy(), s.studyDescription(), s.numberOfStudyRelatedSeries(), s.numberOfStudyRelatedInstances());
    }
}
