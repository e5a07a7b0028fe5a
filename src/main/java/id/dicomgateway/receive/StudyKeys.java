package id.dicomgateway.receive;

import id.dicomgateway.dicom.AttributeReader.AttributePath;
import id.dicomgateway.dicom.Tag;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What reconciliation (issue 24 item 3) reads of each received instance: AccessionNumber, PatientID,
 * Modality and StudyDate; identifiers and codes, no name. Blank values are null.
 */
record StudyKeys(String accessionNumber, String patientId, String modality, String studyDate) {
    static final int STUDY_DATE_TAG = 0x00080020;
    static final Set<AttributePath> PATHS = Set.of(AttributePath.top(Tag.ACCESSION_NUMBER), AttributePath.top(Tag.PATIENT_ID),
            Attributes.MODALITY, AttributePath.top(STUDY_DATE_TAG));
    private static final DateTimeFormatter DA = DateTimeFormatter.ofPattern("uuuuMMdd");

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

    /** What a whole study says: one PatientID and StudyDate when its instances agree, its modalities, whether any has an ACSN. */
    record Study(boolean hasAccessionNumber, Set<String> patientIds, Set<String> modalities, Set<String> studyDates) {
        static Study of(Collection<StudyKeys> keys) {
            boolean acsn = false;
            Set<String> pids = new LinkedHashSet<>();
            Set<String> modalities = new LinkedHashSet<>();
            Set<String> dates = new LinkedHashSet<>();
            for (StudyKeys k : keys) {
                acsn |= k.accessionNumber() != null;
                if (k.patientId() != null) {
                    pids.add(k.patientId());
                }
                if (k.modality() != null) {
                    modalities.add(k.modality().toUpperCase(Locale.ROOT));
                }
                if (k.studyDate() != null) {
                    dates.add(k.studyDate());
                }
            }
            return new Study(acsn, pids, modalities, dates);
        }

        /** The StudyDate when every instance that has one says the same, readable as DA; else null. */
        LocalDate date() {
            if (studyDates.size() != 1) {
                return null;
            }
            try {
                return LocalDate.parse(studyDates.iterator().next(), DA);
            } catch (DateTimeParseException e) {
                return null;
            }
        }

        /** The PatientID when the instances agree; else null. */
        String patientId() {
            return patientIds.size() == 1 ? patientIds.iterator().next() : null;
        }
    }
}
