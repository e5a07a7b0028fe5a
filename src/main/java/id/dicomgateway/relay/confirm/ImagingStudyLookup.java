package id.dicomgateway.relay.confirm;

import id.dicomgateway.relay.jobs.FailureCode;
import id.dicomgateway.relay.outcome.Failures;
import id.dicomgateway.relay.outcome.RelayException;
import id.dicomgateway.satusehat.AccessionNumber;
import id.dicomgateway.satusehat.SatusehatClient;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * imageid: the ImagingStudy the router created in SATUSEHAT for an Accession Number, as the old
 * service offered it. The way to check, after sending, that a study reached SATUSEHAT.
 */
@Singleton
public class ImagingStudyLookup {
    /** VR SH (PS3.5 §6.2): the longest Accession Number there is. */
    public static final int MAX_ACCESSION_NUMBER_LENGTH = AccessionNumber.MAX_LENGTH;
    static final String NOT_FOUND_MESSAGE = "No ImagingStudy found for this Accession Number";

    /** What SATUSEHAT holds: the ImagingStudy's id and the patient it is filed under. */
    public record Found(String imagingStudyId, String patientReference) {
    }

    @Inject
    SatusehatClient satusehat;

    /** Fails with INVALID_VALUE for an Accession Number that breaks SH, IMAGING_STUDY_NOT_FOUND, or SATUSEHAT's own failure. */
    public Uni<Found> find(String accessionNumber) {
        return Uni.createFrom().deferred(() -> satusehat.imagingStudy(new AccessionNumber(accessionNumber)))
                .onFailure().transform(Failures::translate)
                .map(found -> found.map(study -> new Found(study.id(), study.patientReference()))
                        .orElseThrow(() -> new RelayException(FailureCode.IMAGING_STUDY_NOT_FOUND, NOT_FOUND_MESSAGE)));
    }
}
