package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import id.dicomgateway.dicom.Tag;
import id.dicomgateway.orders.StudyFacts;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What reconciliation (issue 24 item 3) reads of each received instance: AccessionNumber, PatientID,
 * Modality and StudyDate; identifiers and codes, no name. Blank values are null. A whole study's are {@link StudyFacts}.
 */
record StudyKeys(String accessionNumber, String patientId, String modality, String studyDate) implements StudyFacts.Instance {
    static final int STUDY_DATE_TAG = 0x00080020;
    static final Set<AttributePath> PATHS = Set.of(AttributePath.top(Tag.ACCESSION_NUMBER), AttributePath.top(Tag.PATIENT_ID),
            Attributes.MODALITY, AttributePath.top(STUDY_DATE_TAG));

    static StudyKeys of(Map<AttributePath, String> values) {
        return new StudyKeys(value(values, AttributePath.top(Tag.ACCESSION_NUMBER)), value(values, AttributePath.top(Tag.PATIENT_ID)),
                value(values, Attributes.MODALITY), value(values, AttributePath.top(STUDY_DATE_TAG)));
    }

    /** The rules' attributes and these. */
    static Set<AttributePath> with(Set<AttributePath> needed) {
        Set<AttributePath> all = new LinkedHashSet<>(needed);
        all.addAll(PATHS);
        return all;
    }

    private static String value(Map<AttributePath, String> values, AttributePath p) {
        String v = values.get(p);
        return v == null || v.isBlank() ? null : v.strip();
    }
}
